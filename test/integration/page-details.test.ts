import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { RunningBeacon } from '../support/beacon.js';
import { ADMINISTRATOR, LEARNER, startWithPlatform, TestPlatform } from '../support/platform.js';
import { signIn } from '../support/session-client.js';

const ADMIN = { ...ADMINISTRATOR, sub: 'admin-pages' };
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
  it('offers a way back to the course from the help page and the settings pages, in English and Romanian', async () => {
    const admin = await signIn(beacon, platform, { ...ADMIN, sub: 'admin-back' }, course);
    for (const path of ['/help', '/help/edit', '/admin/certificate-settings']) {
      const page = await admin.get(path);
      assert.equal(page.status, 200, path);
      assert.match(page.text, /<a href="\/"[^>]*>Back to the course<\/a>/, `${path} links back to the course`);
    }
    assert.equal((await admin.post('/locale', { locale: 'ro', back: '/help' })).status, 303);
    for (const path of ['/help', '/help/edit', '/admin/certificate-settings']) {
      assert.match((await admin.get(path)).text, /<a href="\/"[^>]*>Înapoi la curs<\/a>/, `${path} in Romanian`);
    }
    const home = await admin.get('/');
    assert.match(home.text, /<h1>Sample course<\/h1>/, 'the link leads to the overview of the course the link shows');
    assert.match(home.text, /data-testid="staff-overview"/);
  });

  it('says what the language button changes', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'pages-language' }, course);
    assert.match((await learner.get('/help')).text, /<button type="submit" class="secondary small">Change language<\/button>/);
    await learner.post('/locale', { locale: 'ro', back: '/help' });
    assert.match((await learner.get('/help')).text, /<button type="submit" class="secondary small">Schimbă limba<\/button>/);
  });

  it('has a favicon, linked from every page and answered at /favicon.ico', async () => {
    const home = await request(beacon.url).get('/');
    const link = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml">/.exec(home.text);
    assert.ok(link, 'the page links its icon');
    const icon = await request(beacon.url).get(link[1] as string);
    assert.equal(icon.status, 200);
    assert.match(String(icon.headers['content-type']), /^image\/svg\+xml/);
    const ico = await request(beacon.url).get('/favicon.ico');
    assert.equal(ico.status, 200);
    assert.match(String(ico.headers['content-type']), /^image\/svg\+xml/);
  });

  it('gives the exam page its autosave messages in the language of the page', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'pages-exam' }, course);
    await learner.post('/courses/sample/track', { track: 'judge' });
    await learner.post('/locale', { locale: 'ro', back: '/help' });
    const started = await learner.post('/courses/sample/exam/start');
    assert.equal(started.status, 303, started.text.slice(0, 300));
    const page = await learner.get(started.headers.location as string);
    assert.match(page.text, /data-saved-text="Răspunsurile sunt salvate\."/);
    assert.match(page.text, /data-unsaved-text="Nesalvat: verificați conexiunea\."/);
  });
});
