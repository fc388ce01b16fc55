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
    const moduleTitle = (await beacon.db('course_modules').where({ module_key: 'intro', locale: 'en' }).first('title')).title as string;
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

  it("lists the grants made in the trainer's own LMS course, not those another course's trainer made for the same learner", async () => {
    const learner = await learnerOnTrack('grants-a', 'grants-both');
    await takeExam(learner, () => false);
    // The same person opens the course from a second LMS course: one run, learner in both.
    await signIn(beacon, platform, { ...LEARNER, sub: 'grants-both', name: 'Learner grants-both' }, spec('grants-b'));
    const user = await beacon.db('users').where({ sub: 'grants-both' }).first('id');
    const trainerA = await signIn(beacon, platform, { ...INSTRUCTOR, sub: 'grants-trainer-a', name: 'Trainer A' }, spec('grants-a'));
    const trainerB = await signIn(beacon, platform, { ...INSTRUCTOR, sub: 'grants-trainer-b', name: 'Trainer B' }, spec('grants-b'));
    const reason = 'Personal circumstances discussed in private';
    assert.equal((await trainerA.post(`/courses/sample/learners/${user.id}/grants`, { kind: 'extra_attempt', amount: '1', reason, confirm: 'yes' })).status, 303);

    const grant = await beacon.db('attempt_grants').where({ reason }).first();
    const contextA = await beacon.db('contexts').where({ lti_context_id: 'ctx-grants-a' }).first('id');
    assert.equal(grant.context_id, contextA.id, 'the grant records the LMS course it was made in');
    assert.match((await trainerA.get('/courses/sample/exam-report')).text, new RegExp(`data-testid="grant-${grant.id}"[\\s\\S]*?${reason}`));
    const seenByB = (await trainerB.get('/courses/sample/exam-report')).text;
    assert.doesNotMatch(seenByB, new RegExp(`grant-${grant.id}|${reason}`), "the other course's trainer does not see it or its reason");
  });

  it('grants an extra attempt after a confirmation, lifts the cool-down when asked, and lists past grants', async () => {
    const trainer = await signIn(beacon, platform, { ...INSTRUCTOR, sub: 'grants-trainer', name: 'Tudor Trainer' }, spec('grants'));
    const learner = await learnerOnTrack('grants', 'grants-1');
    const user = await beacon.db('users').where({ sub: 'grants-1' }).first('id');
    const run = await beacon.db('learner_courses').where({ user_id: user.id, course_slug: 'sample' }).first('id');
    const grantsOfRun = () => beacon.db('attempt_grants').where({ learner_course_id: run.id }).orderBy('created_at');
    const grantUrl = `/courses/sample/learners/${user.id}/grants`;
    const aMinuteLater = () => clock.advance(60_000);

    await takeExam(learner, () => false);
    aMinuteLater();
    assert.equal((await learner.post('/courses/sample/exam/start')).status, 409, 'the learner is in the cool-down');

    const confirm = await trainer.post(grantUrl, { kind: 'extra_attempt', amount: '1', reason: 'Went through the feedback together', lift_cooldown: '1' });
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /<h1>Confirm the grant<\/h1>/);
    assert.match(confirm.text, /data-testid="state-now">Now: Learner grants-1 can start the next attempt from [^<]+ \(2 left\)/);
    assert.match(confirm.text, /data-testid="state-after">After the grant: Learner grants-1 can start an attempt at once \(3 left\)/);
    assert.match(confirm.text, /name="confirm" value="yes"/);
    assert.match(confirm.text, /name="lift_cooldown" value="1"/);
    assert.match(confirm.text, /href="\/courses\/sample\/exam-report">Cancel</);
    assert.equal((await grantsOfRun()).length, 0, 'a grant that was not confirmed is not stored');
    assert.equal((await learner.post('/courses/sample/exam/start')).status, 409, 'and changes nothing for the learner');

    const badFlag = await trainer.post(grantUrl, { kind: 'extra_attempt', amount: '1', reason: 'Went through it', lift_cooldown: 'yes', confirm: 'yes' });
    assert.equal(badFlag.status, 400);
    assert.equal((await grantsOfRun()).length, 0);

    aMinuteLater();
    const done = await trainer.post(grantUrl, { kind: 'extra_attempt', amount: '1', reason: 'Went through the feedback together', lift_cooldown: '1', confirm: 'yes' });
    assert.equal(done.status, 303);
    const [lifting] = await grantsOfRun();
    const trainerId = (await beacon.db('users').where({ sub: 'grants-trainer' }).first('id')).id;
    assert.deepEqual({ ...lifting, lifts_cooldown: Number(lifting.lifts_cooldown), amount: Number(lifting.amount) }, { ...lifting, kind: 'extra_attempt', amount: 1, lifts_cooldown: 1, granted_by: trainerId, reason: 'Went through the feedback together' });
    assert.equal(done.headers.location, `/courses/sample/exam-report?granted=${lifting.id}`);
    const audit = await beacon.db('audit_log').where({ action: 'exam_extra_attempt_granted', subject: user.id }).first();
    assert.equal(JSON.parse(audit.details).liftsCooldown, true);
    assert.equal(audit.actor, trainerId);

    let report = await trainer.get(done.headers.location as string);
    assert.match(report.text, /data-testid="granted">Learner grants-1 gets 1 extra attempt\(s\)\. The cool-down is lifted: they can start an attempt at once\.</);
    const grantRow = (text: string, id: string) => new RegExp(`<tr data-testid="grant-${id}">([\\s\\S]*?)</tr>`).exec(text)?.[1] ?? '';
    assert.match(grantRow(report.text, lifting.id), /Learner grants-1<\/th>\s*<td>Extra attempt\(s\): 1<\/td>\s*<td>Yes<\/td>\s*<td>Tudor Trainer<\/td>\s*<td>Went through the feedback together<\/td>\s*<td>Not yet<\/td>/);

    aMinuteLater();
    const second = await takeExam(learner, () => false);
    assert.ok(second, 'the learner started again at once, inside what was the cool-down');
    report = await trainer.get('/courses/sample/exam-report');
    assert.match(grantRow(report.text, lifting.id), /<td>Yes: an attempt started since<\/td>/);

    // Without the lift, the cool-down after the new attempt still applies.
    aMinuteLater();
    assert.equal((await trainer.post(grantUrl, { kind: 'extra_attempt', amount: '1', reason: 'One more try after a talk', confirm: 'yes' })).status, 303);
    const plain = (await grantsOfRun()).at(-1);
    assert.equal(Number(plain.lifts_cooldown), 0);
    const refused = await learner.post('/courses/sample/exam/start');
    assert.equal(refused.status, 409);
    assert.match(refused.text, /You can take the exam again from/);
    report = await trainer.get(`/courses/sample/exam-report?granted=${plain.id}`);
    assert.match(report.text, /data-testid="granted">Learner grants-1 gets 1 extra attempt\(s\)\. Any cool-down still applies\.</);
    assert.match(grantRow(report.text, plain.id), /<td>No<\/td>/);
    clock.advance(25 * HOUR);
    const later = await signIn(beacon, platform, { ...LEARNER, sub: 'grants-1', name: 'Learner grants-1' }, spec('grants'));
    assert.equal((await later.post('/courses/sample/exam/start')).status, 303, 'once the cool-down is over, the granted attempt can be taken');
  });
});
