import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../src/lib/clock.js';
import { CLAIM } from '../../src/lti/index.js';
import type { RunningBeacon } from '../support/beacon.js';
import { answerAll, attemptItems } from '../support/exam.js';
import { LEARNER, INSTRUCTOR, startWithPlatform, TestPlatform } from '../support/platform.js';
import { signIn } from '../support/session-client.js';

const AGS = 'https://purl.imsglobal.org/spec/lti-ags/scope/';
const HOUR = 3_600_000;

describe('the exam and grade passback', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  const clock = fixedClock(Date.now());

  let stop: () => Promise<void>;
  before(async () => {
    ({ beacon, platform, stop } = await startWithPlatform({ outside: { clock }, now: () => clock.now() }));
  });
  after(() => stop());

  function launchSpec(extra: Record<string, unknown> = {}) {
    return {
      custom: { course: 'sample' },
      resourceLink: { id: 'exam-link' },
      extraClaims: { [CLAIM.AGS_ENDPOINT]: { scope: [`${AGS}lineitem`, `${AGS}score`], lineitem: `${platform.url}/lineitems/7?type_id=3` }, ...extra },
    };
  }

  async function learnerOnTrack(sub: string, track = 'judge') {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub, name: `Learner ${sub}` }, launchSpec());
    await learner.post('/courses/sample/track', { track });
    return learner;
  }

  async function start(learner: Awaited<ReturnType<typeof learnerOnTrack>>) {
    const res = await learner.post('/courses/sample/exam/start');
    assert.equal(res.status, 303, res.text.slice(0, 300));
    return (res.headers.location as string).split('/').pop() as string;
  }

  it('takes the exam: fails, waits out the cool-down, passes, and the LMS gets each counted score once', async () => {
    platform.scores = [];
    let learner = await learnerOnTrack('exam-1');
    const first = await start(learner);
    const page = await learner.get(`/courses/sample/exam/${first}`);
    assert.equal(page.status, 200);
    const items = await attemptItems(beacon, first);
    assert.equal(items.length, 4);
    assert.ok(!(items.some((i) => i.id === 'intro-i2') && items.some((i) => i.id === 'intro-i3')), 'one item per variant group');
    for (const item of items) assert.ok(!page.text.includes(item.rationale), 'no rationale in the exam page');

    const failed = await learner.post(`/courses/sample/exam/${first}/submit`, answerAll(items, () => false));
    assert.equal(failed.headers.location, `/courses/sample/exam/${first}/result`);
    const result = await learner.get(`/courses/sample/exam/${first}/result`);
    assert.match(result.text, /data-testid="outcome"><strong>Not passed/);
    assert.match(result.text, /data-testid="missed-objectives"/);
    assert.doesNotMatch(result.text, /Question by question/, 'after a fail: objectives only, not the key');
    assert.match(result.text, /data-testid="retake">You can take the exam again from <time datetime="[^"]+Z"[^>]*>[^<]+\(UTC\)<\/time>/, 'the retake time is named with its zone');

    await beacon.deps.outbox.runOnce();
    assert.equal(platform.scores.length, 1);
    const [score] = platform.scores;
    assert.equal(score!.path, '/lineitems/7/scores?type_id=3', 'scores go to the line item path, keeping the query');
    assert.equal(score!.contentType, 'application/vnd.ims.lis.v1.score+json');
    assert.match(score!.authorization, /^Bearer token-\d+$/);
    assert.deepEqual({ ...score!.body, timestamp: undefined }, { userId: 'exam-1', scoreGiven: 0, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: undefined });
    assert.ok(platform.tokenRequests.at(-1)?.assertionValid, 'the client assertion verified against the published JWKS');
    assert.equal(platform.tokenRequests.at(-1)?.scope, `${AGS}lineitem ${AGS}score`, 'only scopes the launch granted');

    const early = await learner.post('/courses/sample/exam/start');
    assert.equal(early.status, 409, 'the cool-down holds');
    clock.advance(24 * HOUR + 1000);
    // A day later the session has ended: the learner comes back through the LMS.
    learner = await learnerOnTrack('exam-1');
    const second = await start(learner);
    assert.notEqual(second, first);
    await learner.post(`/courses/sample/exam/${second}/submit`, answerAll(await attemptItems(beacon, second), () => true));
    const passed = await learner.get(`/courses/sample/exam/${second}/result`);
    assert.match(passed.text, /data-testid="outcome"><strong>Passed/);
    assert.match(passed.text, /Question by question/, 'after a pass: rationales');
    await beacon.deps.outbox.runOnce();
    await beacon.deps.outbox.runOnce();
    assert.equal(platform.scores.length, 2);
    assert.equal(platform.scores.filter((s) => s.body.scoreGiven === 100).length, 1, 'the final score arrives exactly once');
    assert.ok(Date.parse(String(platform.scores[1]!.body.timestamp)) > Date.parse(String(platform.scores[0]!.body.timestamp)), 'timestamps strictly increase');
    assert.equal(platform.tokenRequests.length, 2, 'the one-hour token of the first score had expired a day later');
    assert.equal((await learner.post('/courses/sample/exam/start')).status, 409, 'a passed exam is done');
  });

  it('keeps the track of the exam once an attempt exists: the learner cannot switch it', async () => {
    const learner = await learnerOnTrack('exam-track', 'first_responder');
    await start(learner);
    const change = await learner.post('/courses/sample/track', { track: 'judge' });
    assert.equal(change.status, 409);
    const run = await beacon.db('learner_courses as lc').join('users as u', 'u.id', 'lc.user_id').where('u.sub', 'exam-track').first('lc.track');
    assert.equal(run.track, 'first_responder');
  });

  it('resumes the same attempt with the same items and the saved answers after a lost connection', async () => {
    const learner = await learnerOnTrack('exam-2');
    const id = await start(learner);
    const items = await attemptItems(beacon, id);
    const tf = items.find((i) => i.type === 'true_false')!;
    const saved = await learner.post(`/courses/sample/exam/${id}/answers`, answerAll([tf], () => true));
    assert.equal(saved.status, 303);
    const again = await signIn(beacon, platform, { ...LEARNER, sub: 'exam-2', name: 'Learner exam-2' }, launchSpec());
    assert.equal((await again.post('/courses/sample/exam/start')).headers.location, `/courses/sample/exam/${id}`, 'starting again resumes');
    const page = await again.get(`/courses/sample/exam/${id}`);
    assert.match(page.text, new RegExp(`name="q\\.${tf.id}" value="${String((tf as { answer: boolean }).answer)}" checked`));
    assert.deepEqual((await attemptItems(beacon, id)).map((i) => i.id), items.map((i) => i.id));
  });

  it('gives one result for a double submit and for simultaneous submits, and one score in the outbox', async () => {
    const learner = await learnerOnTrack('exam-3');
    const id = await start(learner);
    const form = answerAll(await attemptItems(beacon, id), () => true);
    const results = await Promise.all([1, 2, 3].map(() => learner.post(`/courses/sample/exam/${id}/submit`, form)));
    assert.deepEqual(results.map((r) => r.status), [303, 303, 303]);
    await learner.post(`/courses/sample/exam/${id}/submit`, form);
    const attempt = await beacon.db('attempts').where({ id }).first();
    assert.equal(attempt.status, 'submitted');
    const rows = await beacon.db('outbox').whereRaw('payload like ?', ['%"userSub":"exam-3"%']);
    assert.equal(rows.length, 1);
    // The row names the deployment the launch came through: its administrators see it if it is refused.
    const launch = await beacon.db('launches as l').join('contexts as c', 'c.id', 'l.context_id').where('l.id', attempt.launch_id).first('c.deployment_id');
    assert.equal(rows[0].deployment_id, launch.deployment_id);
  });

  it('never lets simultaneous starts exceed the attempt limit', async () => {
    const learner = await learnerOnTrack('exam-4');
    const starts = await Promise.all([1, 2, 3, 4].map(() => learner.post('/courses/sample/exam/start')));
    const locations = new Set(starts.map((r) => r.headers.location));
    assert.equal(locations.size, 1, 'all starts lead to one attempt');
    const run = await beacon.db('learner_courses as lc').join('users as u', 'u.id', 'lc.user_id').where('u.sub', 'exam-4').first('lc.id');
    assert.equal((await beacon.db('attempts').where({ learner_course_id: run.id })).length, 1);
  });

  it('fails an attempt that misses a critical item even when the score reaches the pass mark', async () => {
    const learner = await learnerOnTrack('exam-5');
    const id = await start(learner);
    const items = await attemptItems(beacon, id);
    await learner.post(`/courses/sample/exam/${id}/submit`, answerAll(items, (item) => !item.critical));
    const attempt = await beacon.db('attempts').where({ id }).first();
    assert.equal(Number(attempt.percent), 75);
    assert.equal(Number(attempt.passed), 0);
    assert.match((await learner.get(`/courses/sample/exam/${id}/result`)).text, /marked critical was not answered correctly/);
  });

  it('stops after the last attempt until a trainer grants another, recorded with who and why', async () => {
    let learner = await learnerOnTrack('exam-6');
    for (let n = 0; n < 3; n++) {
      const id = await start(learner);
      await learner.post(`/courses/sample/exam/${id}/submit`, answerAll(await attemptItems(beacon, id), () => false));
      clock.advance(25 * HOUR);
      learner = await learnerOnTrack('exam-6');
    }
    const refused = await learner.post('/courses/sample/exam/start');
    assert.equal(refused.status, 409);
    assert.match(refused.text, /used every attempt/);
    const last = await learner.get('/courses/sample/exam');
    assert.match(last.text, /used every attempt/);

    const trainer = await signIn(beacon, platform, INSTRUCTOR, launchSpec());
    const user = await beacon.db('users').where({ sub: 'exam-6' }).first('id');
    const noReason = await trainer.post(`/courses/sample/learners/${user.id}/grants`, { kind: 'extra_attempt', amount: '1', reason: '' });
    assert.equal(noReason.status, 400, 'a grant needs a reason');
    const unconfirmed = await trainer.post(`/courses/sample/learners/${user.id}/grants`, { kind: 'extra_attempt', amount: '1', reason: 'Tutored session held on 2 Dec' });
    assert.equal(unconfirmed.status, 200, 'a grant is shown for confirmation first');
    assert.equal((await learner.post('/courses/sample/exam/start')).status, 409, 'an unconfirmed grant changes nothing');
    assert.equal((await trainer.post(`/courses/sample/learners/${user.id}/grants`, { kind: 'extra_attempt', amount: '1', reason: 'Tutored session held on 2 Dec', confirm: 'yes' })).status, 303);
    const audit = await beacon.db('audit_log').where({ action: 'exam_extra_attempt_granted', subject: user.id }).first();
    assert.match(audit.details, /Tutored session/);
    await start(learner);
    assert.equal((await learner.post('/courses/sample/learners/' + user.id + '/grants', { kind: 'extra_attempt', reason: 'self' })).status, 403, 'a learner cannot grant');
  });

  it('shows trainers attempts, pass rate and per-item statistics for their LMS course', async () => {
    const trainer = await signIn(beacon, platform, INSTRUCTOR, launchSpec());
    const report = await trainer.get('/courses/sample/exam-report');
    assert.equal(report.status, 200);
    const attempts = Number(/data-testid="attempts">(\d+)</.exec(report.text)?.[1]);
    const submitted = await beacon.db('attempts').where({ status: 'submitted' });
    assert.equal(attempts, submitted.length);
    assert.match(report.text, /data-testid="item-intro-i1"/);
    assert.match(report.text, /data-testid="pass-rate">\d+%/);
    const learner = await learnerOnTrack('exam-7');
    assert.equal((await learner.get('/courses/sample/exam-report')).status, 403);
  });
});
