import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../src/lib/clock.js';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { copySample } from '../support/course-copy.js';
import { answerAll, attemptItems } from '../support/exam.js';
import { INSTRUCTOR, LEARNER, TestPlatform } from '../support/platform.js';
import { signIn } from '../support/session-client.js';

const MINUTE = 60_000;

describe('a timed exam', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  const clock = fixedClock(Date.now());
  const copy = copySample();
  const spec = { custom: { course: 'sample' }, resourceLink: { id: 'timed' } };

  before(async () => {
    copy.edit('assessment.yaml', (text) => text.replace('time_limit_minutes: null', 'time_limit_minutes: 30'));
    beacon = await startBeacon({ outside: { clock }, env: { COURSES_DIR: dirname(copy.dir) } });
    platform = await TestPlatform.start();
    platform.now = () => clock.now();
    await platform.registerWith(beacon);
  });
  after(async () => {
    await platform.stop();
    await beacon.stop();
    rmSync(dirname(copy.dir), { recursive: true, force: true });
  });

  it('takes answers until the deadline, then submits what was saved and takes no more', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'timed-1' }, spec);
    await learner.post('/courses/sample/track', { track: 'judge' });
    const id = ((await learner.post('/courses/sample/exam/start')).headers.location as string).split('/').pop() as string;
    const attempt = await beacon.db('attempts').where({ id }).first();
    assert.equal(Number(attempt.deadline_at) - Number(attempt.started_at), 30 * MINUTE);
    const page = await learner.get(`/courses/sample/exam/${id}`);
    assert.match(page.text, /data-deadline="\d+"/);

    const items = await attemptItems(beacon, id);
    const [firstItem, ...rest] = items;
    clock.advance(10 * MINUTE);
    await learner.post(`/courses/sample/exam/${id}/answers`, answerAll([firstItem!], () => true));
    clock.advance(21 * MINUTE);
    const late = await learner.post(`/courses/sample/exam/${id}/answers`, answerAll(rest, () => true));
    assert.equal(late.headers.location, `/courses/sample/exam/${id}/result`, 'past the deadline the attempt is closed');
    const closed = await beacon.db('attempts').where({ id }).first();
    assert.equal(closed.status, 'submitted');
    assert.equal(Number(closed.percent), 25, 'only the answer saved in time counts');
  });

  it('submits with blanks and without asking once the time has run out, taking no late answers', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'timed-4' }, spec);
    await learner.post('/courses/sample/track', { track: 'judge' });
    const id = ((await learner.post('/courses/sample/exam/start')).headers.location as string).split('/').pop() as string;
    const [first, ...rest] = await attemptItems(beacon, id);
    await learner.post(`/courses/sample/exam/${id}/answers`, answerAll([first!], () => true));
    clock.advance(31 * MINUTE);
    const late = await learner.post(`/courses/sample/exam/${id}/submit`, answerAll(rest.slice(0, 1), () => true));
    assert.equal(late.headers.location, `/courses/sample/exam/${id}/result`, 'no list of blanks: the time is over');
    const closed = await beacon.db('attempts').where({ id }).first();
    assert.equal(closed.status, 'submitted');
    assert.equal(Number(closed.percent), 25, 'the answer sent after the deadline does not count');
  });

  it('closes a timed attempt the learner never came back to, with the answers saved in time', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'timed-3' }, spec);
    await learner.post('/courses/sample/track', { track: 'judge' });
    const id = ((await learner.post('/courses/sample/exam/start')).headers.location as string).split('/').pop() as string;
    const [first] = await attemptItems(beacon, id);
    await learner.post(`/courses/sample/exam/${id}/answers`, answerAll([first!], () => true));
    assert.equal(await beacon.deps.assessments.closeExpired(), 0, 'nothing to close before the deadline');
    clock.advance(31 * MINUTE);
    assert.equal(await beacon.deps.assessments.closeExpired(), 1);
    const closed = await beacon.db('attempts').where({ id }).first();
    assert.equal(closed.status, 'submitted');
    assert.equal(Number(closed.percent), 25);
  });

  it('gives a learner extra time that a trainer granted', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'timed-2' }, spec);
    await learner.post('/courses/sample/track', { track: 'judge' });
    await learner.get('/courses/sample');
    const trainer = await signIn(beacon, platform, INSTRUCTOR, spec);
    const user = await beacon.db('users').where({ sub: 'timed-2' }).first('id');
    await trainer.post(`/courses/sample/learners/${user.id}/grants`, { kind: 'extra_time', amount: '15', reason: 'Reasonable adjustment agreed with the learner', confirm: 'yes' });
    clock.advance(1000);
    const id = ((await learner.post('/courses/sample/exam/start')).headers.location as string).split('/').pop() as string;
    const attempt = await beacon.db('attempts').where({ id }).first();
    assert.equal(Number(attempt.deadline_at) - Number(attempt.started_at), 45 * MINUTE);
  });
});
