import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../src/lib/clock.js';
import type { RunningBeacon } from '../support/beacon.js';
import { answerAll, attemptItems } from '../support/exam.js';
import { ADMINISTRATOR, INSTRUCTOR, LEARNER, startWithPlatform, TestPlatform } from '../support/platform.js';
import { signIn } from '../support/session-client.js';

const HOUR = 3_600_000;

describe("staff tools: the staff landing page, the item statistics and trainers' grants", () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  let stop: () => Promise<void>;
  const clock = fixedClock(Date.now());
  before(async () => {
    ({ beacon, platform, stop } = await startWithPlatform({ outside: { clock }, now: () => clock.now() }));
  });
  after(() => stop());

  /** Each test works in an LMS course of its own, so figures do not mix. */
  const spec = (course: string) => ({ custom: { course: 'sample' }, resourceLink: { id: `link-${course}` }, context: { id: `ctx-${course}`, title: `Course ${course}` } });

  async function learnerOnTrack(course: string, sub: string, track = 'judge') {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub, name: `Learner ${sub}` }, spec(course));
    assert.equal((await learner.post('/courses/sample/track', { track })).status, 303);
    return learner;
  }

  async function start(learner: Awaited<ReturnType<typeof learnerOnTrack>>) {
    const res = await learner.post('/courses/sample/exam/start');
    assert.equal(res.status, 303, res.text.slice(0, 300));
    return (res.headers.location as string).split('/').pop() as string;
  }

  async function takeExam(learner: Awaited<ReturnType<typeof learnerOnTrack>>, correct: (itemId: string) => boolean) {
    const id = await start(learner);
    const submitted = await learner.post(`/courses/sample/exam/${id}/submit`, answerAll(await attemptItems(beacon, id), (item) => correct(item.id)));
    assert.equal(submitted.status, 303);
    return id;
  }

  it('lands trainers and administrators on their overview of the course, and learners on the course', async () => {
    const passer = await learnerOnTrack('landing', 'landing-1');
    await takeExam(passer, () => true);
    await learnerOnTrack('landing', 'landing-2');

    for (const staff of [{ ...INSTRUCTOR, sub: 'landing-trainer' }, { ...ADMINISTRATOR, sub: 'landing-admin' }]) {
      const client = await signIn(beacon, platform, staff, spec('landing'));
      const home = await client.get('/');
      assert.equal(home.status, 200, `${staff.sub} gets a page, not a redirect`);
      assert.match(home.text, /data-testid="staff-overview"/);
      assert.match(home.text, /<h1>Sample course<\/h1>/);
      assert.doesNotMatch(home.text, /Your role track/, 'no learner text on the staff page');
      assert.match(home.text, /data-testid="figure-learners">2 learners have opened Beacon from this course; 0 completed/);
      assert.match(home.text, /data-testid="figure-passed">1 of 2 learners passed/);
      assert.match(home.text, /href="\/courses\/sample\/learners"/);
      assert.match(home.text, /href="\/courses\/sample\/exam-report"/);
      assert.match(home.text, /href="\/courses\/sample\/exam-report#items"/);
      assert.match(home.text, /href="\/courses\/sample\/certificates"/);
      assert.match(home.text, /href="\/courses\/sample">See the course as learners see it/);
      const adminOnly = [/href="\/admin\/deliveries"/, /href="\/admin\/certificate-settings"/, /href="\/help\/edit"/];
      for (const link of adminOnly) (staff.sub === 'landing-admin' ? assert.match : assert.doesNotMatch)(home.text, link);
      const learnerView = await client.get('/courses/sample');
      assert.match(learnerView.text, /Your role track/, 'the learner view is one link away');
    }

    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'landing-1', name: 'Learner landing-1' }, spec('landing'));
    const landing = await learner.get('/');
    assert.equal(landing.status, 303);
    assert.equal(landing.headers.location, '/courses/sample');
    assert.doesNotMatch((await learner.get('/courses/sample')).text, /data-testid="staff-overview"/);
  });
});
