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

  it('shows each question with its text, module and type, sorts by facility or discrimination, and flags questions out of bounds', async () => {
    const trainer = await signIn(beacon, platform, { ...INSTRUCTOR, sub: 'items-trainer' }, spec('items'));
    // intro-i1 nobody gets right, intro-i2 everybody does, the evidence items only the stronger half.
    const correct = (index: number) => (itemId: string) => itemId === 'intro-i2' || (itemId !== 'intro-i1' && index % 2 === 0);
    for (let i = 0; i < 3; i++) await takeExam(await learnerOnTrack('items', `items-${i}`), correct(i));
    let report = await trainer.get('/courses/sample/exam-report');
    assert.equal(report.status, 200);
    assert.match(report.text, /data-testid="items-rule">A question is flagged when its facility is below 0.2 \(very hard\) or above 0.9 \(very easy\), or its discrimination is below 0.2/);
    for (const key of ['intro-i1', 'intro-i2', 'evidence-i1', 'evidence-i2']) assert.match(report.text, new RegExp(`data-testid="flag-${key}">Too few answers to judge<`));

    for (let i = 3; i < 12; i++) await takeExam(await learnerOnTrack('items', `items-${i}`), correct(i));
    report = await trainer.get('/courses/sample/exam-report');
    const row = (key: string) => new RegExp(`<tr data-testid="item-${key}">([\\s\\S]*?)</tr>`).exec(report.text)?.[1] ?? '';
    const moduleTitle = (await beacon.db('course_modules').where({ module_key: 'intro' }).first('title')).title as string;
    assert.match(row('intro-i1'), /How many elements\?/, 'the question text, not only its id');
    assert.match(row('intro-i1'), new RegExp(`<td>1\\. ${moduleTitle}</td>`));
    assert.match(row('intro-i1'), /<td>Single choice<\/td>\s*<td>12<\/td>\s*<td>0.00<\/td>/);
    assert.match(row('evidence-i1'), /<td>Scenario judgement<\/td>/);
    assert.match(row('intro-i1'), /data-testid="flag-intro-i1">Very hard: facility below 0.2; Weak discrimination: below 0.2</);
    assert.match(row('intro-i2'), /data-testid="flag-intro-i2">Very easy: facility above 0.9; Weak discrimination: below 0.2</);
    assert.match(row('evidence-i1'), /<td>0.50<\/td>\s*<td>1.00<\/td>\s*<td data-testid="flag-evidence-i1">Within the usual bounds</);

    const order = (text: string) => [...text.matchAll(/<tr data-testid="item-([\w-]+)">/g)].map((m) => m[1]);
    assert.deepEqual(order(report.text), ['intro-i1', 'evidence-i1', 'evidence-i2', 'intro-i2'], 'hardest first by default');
    assert.match(report.text, /<th scope="col" aria-sort="ascending"><a href="\/courses\/sample\/exam-report\?sort=facility&amp;order=desc#items">Facility/);
    const byDiscrimination = await trainer.get('/courses/sample/exam-report?sort=discrimination&order=desc');
    assert.deepEqual(order(byDiscrimination.text), ['evidence-i1', 'evidence-i2', 'intro-i1', 'intro-i2']);
    assert.match(byDiscrimination.text, /<th scope="col" aria-sort="descending"><a href="[^"]*sort=discrimination&amp;order=asc#items">Discrimination/);
    assert.doesNotMatch(byDiscrimination.text, /aria-sort="[a-z]+"><a href="[^"]*sort=facility/, 'only the sorted column says it is sorted');

    const bad = await trainer.get('/courses/sample/exam-report?sort=points');
    assert.equal(bad.status, 400);
  });
});
