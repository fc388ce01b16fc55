import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningBeacon } from '../support/beacon.js';
import { LEARNER, startWithPlatform, TestPlatform } from '../support/platform.js';
import { signIn } from '../support/session-client.js';

const ADMIN = { sub: 'admin-pages', name: 'Ana Admin', roles: ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'] };
const course = { custom: { course: 'sample' }, resourceLink: { id: 'link-pages' } };

describe('page details', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  let stop: () => Promise<void>;
  before(async () => {
    ({ beacon, platform, stop } = await startWithPlatform());
  });
  after(() => stop());

  it('answers a malformed id or slug in the address with the not-found page, and a bad form field still with 400', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'pages-learner' }, course);
    const admin = await signIn(beacon, platform, ADMIN, course);
    for (const [who, path] of [
      [learner, '/certificates/not-a-uuid/pdf'],
      [learner, '/certificates/not-a-uuid/credential'],
      [learner, '/courses/BAD%20SLUG!'],
      [learner, '/courses/sample/modules/bad%20key!'],
      [learner, '/courses/sample/exam/xyz'],
      [learner, '/courses/sample/exam/xyz/result'],
      [admin, '/courses/sample/learners/not-a-uuid/track'],
    ] as const) {
      const res = await who.get(path);
      assert.equal(res.status, 404, `${path}: ${res.status} ${res.text.slice(0, 200)}`);
      assert.doesNotMatch(res.text, /form field/);
    }
    const post = await admin.post('/courses/sample/learners/not-a-uuid/track', { track: 'judge' });
    assert.equal(post.status, 404);
    const retry = await admin.post('/admin/deliveries/not-a-uuid/retry');
    assert.equal(retry.status, 404);
    const badBody = await learner.post('/courses/sample/track', { track: '' });
    assert.equal(badBody.status, 400, 'a bad form field is still a bad request');
    assert.match(badBody.text, /form field (&#34;|&quot;|")track/);
  });
});
