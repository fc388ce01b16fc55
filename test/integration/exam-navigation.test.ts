import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { fixedClock } from '../../src/lib/clock.js';
import type { RunningBeacon } from '../support/beacon.js';
import { answerAll, attemptItems } from '../support/exam.js';
import { LEARNER, startWithPlatform, TestPlatform } from '../support/platform.js';
import { signIn } from '../support/session-client.js';

const spec = { custom: { course: 'sample' }, resourceLink: { id: 'exam-navigation' } };

describe('moving through an exam and submitting it with blanks', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  let stop: () => Promise<void>;
  // 2 December 2026, 12:00 UTC: 14:00 in Bucharest (EET, UTC+2).
  const clock = fixedClock(Date.UTC(2026, 11, 2, 12, 0));
  before(async () => {
    ({ beacon, platform, stop } = await startWithPlatform({ outside: { clock }, now: () => clock.now() }));
  });
  after(() => stop());

  async function startAttempt(sub: string) {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub }, spec);
    await learner.post('/courses/sample/track', { track: 'judge' });
    const started = await learner.post('/courses/sample/exam/start');
    assert.equal(started.status, 303, started.text.slice(0, 300));
    const id = (started.headers.location as string).split('/').pop() as string;
    return { learner, id, items: await attemptItems(beacon, id) };
  }

  const answerRows = (id: string) => beacon.db('attempt_answers').where({ attempt_id: id });

  it('shows an index of the questions, "Question N of M" and the answered count, from the saved answers', async () => {
    const { learner, id, items } = await startAttempt('nav-1');
    const fresh = await learner.get(`/courses/sample/exam/${id}`);
    assert.match(fresh.text, /data-testid="progress"[^>]*>Answered: 0 of 4</);
    for (let n = 1; n <= 4; n++) {
      assert.match(fresh.text, new RegExp(`<a href="#question-${n}" data-question="question-${n}"><span class="mark" aria-hidden="true">○</span> ${n}<span class="visually-hidden">, <span class="state">not answered</span>`));
      assert.match(fresh.text, new RegExp(`<section class="question" id="question-${n}"[^>]*>\\s*<h2 class="question-title" id="question-${n}-title">Question ${n} of 4</h2>`));
    }
    assert.match(fresh.text, /<a href="#question-2">Next question<\/a>/);

    await learner.post(`/courses/sample/exam/${id}/answers`, answerAll([items[1]!], () => true));
    const reloaded = await learner.get(`/courses/sample/exam/${id}`);
    assert.match(reloaded.text, />Answered: 1 of 4</);
    assert.match(reloaded.text, /data-question="question-2" class="answered"><span class="mark" aria-hidden="true">✓<\/span> 2<span class="visually-hidden">, <span class="state">answered</);
    assert.match(reloaded.text, /data-question="question-1"><span class="mark" aria-hidden="true">○/);
  });

  it('forgets an answer the learner takes back, and keeps answers a post does not mention', async () => {
    const { learner, id, items } = await startAttempt('nav-taken-back');
    const shown = items.map((item) => item.id);
    await learner.post(`/courses/sample/exam/${id}/answers`, { ...answerAll(items.slice(0, 2), () => true), shown });
    assert.equal((await answerRows(id)).length, 2);
    // The page is posted again with the first answer cleared (a box unticked, a choice reset).
    await learner.post(`/courses/sample/exam/${id}/answers`, { ...answerAll([items[1]!], () => true), shown });
    assert.deepEqual((await answerRows(id)).map((r: { item_key: string }) => r.item_key), [items[1]!.id]);
    assert.match((await learner.get(`/courses/sample/exam/${id}`)).text, />Answered: 1 of 4</);
    // A post that names no items shown (an older page, a partial form) takes nothing back.
    await learner.post(`/courses/sample/exam/${id}/answers`, {});
    assert.deepEqual((await answerRows(id)).map((r: { item_key: string }) => r.item_key), [items[1]!.id]);
  });

  it('keeps the answers of a submit with blanks and lists the blank questions instead of marking', async () => {
    const { learner, id, items } = await startAttempt('nav-2');
    const submitted = await learner.post(`/courses/sample/exam/${id}/submit`, answerAll(items.slice(0, 2), () => true));
    assert.equal(submitted.status, 303);
    assert.equal(submitted.headers.location, `/courses/sample/exam/${id}?unanswered=1#unanswered`);
    const attempt = await beacon.db('attempts').where({ id }).first();
    assert.equal(attempt.status, 'in_progress', 'not submitted');
    assert.equal(attempt.percent, null, 'not scored');
    assert.deepEqual((await answerRows(id)).map((r: { item_key: string }) => r.item_key).sort(), [items[0]!.id, items[1]!.id].sort(), 'the answers sent with the submit are saved');

    const page = await learner.get(`/courses/sample/exam/${id}?unanswered=1`);
    const warning = /<section class="panel warning" id="unanswered"[\s\S]*?<\/section>/.exec(page.text)?.[0] ?? '';
    assert.match(warning, /Questions without an answer: 2/);
    assert.match(warning, /<a href="#question-3">Question 3<\/a>/);
    assert.match(warning, /<a href="#question-4">Question 4<\/a>/);
    assert.doesNotMatch(warning, /#question-1"/);
    assert.match(warning, /<a class="button secondary" href="#question-3">Go back to the questions<\/a>/);
    assert.match(warning, /form="exam-form" formaction="\/courses\/sample\/exam\/[0-9a-f-]+\/submit" name="confirm" value="unanswered"/);
    assert.match(page.text, />Answered: 2 of 4</);
  });

  it('marks an attempt with blanks when the learner submits anyway, with the answers given then', async () => {
    const { learner, id, items } = await startAttempt('nav-3');
    await learner.post(`/courses/sample/exam/${id}/submit`, answerAll(items.slice(0, 1), () => true));
    const anyway = await learner.post(`/courses/sample/exam/${id}/submit`, { ...answerAll(items.slice(1, 2), () => true), confirm: 'unanswered' });
    assert.equal(anyway.headers.location, `/courses/sample/exam/${id}/result`);
    const attempt = await beacon.db('attempts').where({ id }).first();
    assert.equal(attempt.status, 'submitted');
    assert.equal(Number(attempt.percent), 50, 'both answers count: the first saved with the first submit, the second sent with the confirmation');
  });

  it('marks a fully answered attempt at once', async () => {
    const { learner, id, items } = await startAttempt('nav-4');
    const submitted = await learner.post(`/courses/sample/exam/${id}/submit`, answerAll(items, () => true));
    assert.equal(submitted.headers.location, `/courses/sample/exam/${id}/result`);
    const attempt = await beacon.db('attempts').where({ id }).first();
    assert.equal(attempt.status, 'submitted');
    assert.equal(Number(attempt.percent), 100);
  });

  it('marks at once when the blanks were answered earlier and only saved', async () => {
    const { learner, id, items } = await startAttempt('nav-5');
    await learner.post(`/courses/sample/exam/${id}/answers`, answerAll(items.slice(0, 3), () => true));
    const submitted = await learner.post(`/courses/sample/exam/${id}/submit`, answerAll(items.slice(3), () => false));
    assert.equal(submitted.headers.location, `/courses/sample/exam/${id}/result`);
    assert.equal(Number((await beacon.db('attempts').where({ id }).first()).percent), 75);
  });

  it('shows the retake time and the attempt times in the browser\'s zone, named, and in UTC until it is known', async () => {
    const { learner, id, items } = await startAttempt('nav-6');
    await learner.post(`/courses/sample/exam/${id}/submit`, answerAll(items, () => false));
    const withZone = (zone: string) => request(beacon.url).get('/courses/sample/exam').set('cookie', `${learner.cookie}; beacon_tz=${encodeURIComponent(zone)}`);
    // The cool-down is 24 hours: from 3 December, 12:00 UTC.
    const bucharest = await withZone('Europe/Bucharest');
    assert.match(bucharest.text, /data-testid="retake">You can take the exam again from <time datetime="2026-12-03T12:00:00.000Z" data-style="datetime">3 Dec 2026, 14:00 \(Europe\/Bucharest\)<\/time>\. Attempts left: 2\./);
    assert.match(bucharest.text, /<td><time datetime="2026-12-02T12:00:00.000Z" data-style="datetime">2 Dec 2026, 14:00 \(Europe\/Bucharest\)<\/time><\/td>/);
    assert.match((await withZone('America/New_York')).text, /3 Dec 2026, 07:00 \(America\/New_York\)<\/time>/);
    assert.match((await learner.get('/courses/sample/exam')).text, /3 Dec 2026, 12:00 \(UTC\)<\/time>/, 'no zone yet: UTC, said so');
    assert.match((await withZone('Mars/Olympus_Mons')).text, /3 Dec 2026, 12:00 \(UTC\)<\/time>/, 'an unknown zone is ignored');
    assert.match((await withZone('<script>')).text, /3 Dec 2026, 12:00 \(UTC\)<\/time>/, 'so is anything that is not a zone name');
  });
});
