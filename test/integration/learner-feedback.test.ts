import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningBeacon } from '../support/beacon.js';
import { answerAll, attemptItems } from '../support/exam.js';
import { LEARNER, startWithPlatform, TestPlatform } from '../support/platform.js';
import { signIn } from '../support/session-client.js';
import { readAllSections } from '../support/module-walk.js';

const course = { custom: { course: 'sample' }, resourceLink: { id: 'feedback-link' } };

/** The sample course: "intro" is core for every track, "evidence" is core for judges and optional for first responders. */
describe('feedback that tells the learner what to do next', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  let stop: () => Promise<void>;
  before(async () => {
    ({ beacon, platform, stop } = await startWithPlatform());
  });
  after(() => stop());

  async function learnerOnTrack(sub: string, track: string, locale?: string) {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub, name: `Learner ${sub}` }, locale ? { ...course, locale } : course);
    assert.equal((await learner.post('/courses/sample/track', { track })).status, 303);
    return learner;
  }

  async function failAnExam(learner: Awaited<ReturnType<typeof learnerOnTrack>>) {
    const started = await learner.post('/courses/sample/exam/start');
    assert.equal(started.status, 303, started.text.slice(0, 300));
    const attempt = (started.headers.location as string).split('/').pop() as string;
    const items = await attemptItems(beacon, attempt);
    await learner.post(`/courses/sample/exam/${attempt}/submit`, answerAll(items, () => false));
    return { result: await learner.get(`/courses/sample/exam/${attempt}/result`), items };
  }

  it("lists a failed exam's objectives in words, under each module's title and number in the track, with links", async () => {
    const learner = await learnerOnTrack('fb-judge', 'judge');
    const { result, items } = await failAnExam(learner);
    assert.equal(result.status, 200);
    assert.match(result.text, /Not passed/);
    const review = /data-testid="missed-objectives">([\s\S]*?)<\/div>/.exec(result.text)?.[1] ?? '';
    const modules = new Set(items.map((i) => i.module));
    assert.ok(modules.has('intro') && modules.has('evidence'), 'the judge form covers both core modules');
    assert.match(review, /<h3 id="review-intro"><a href="\/courses\/sample\/modules\/intro">Module 1 of 2: Introduction<\/a><\/h3>/);
    assert.match(review, /<h3 id="review-evidence"><a href="\/courses\/sample\/modules\/evidence">Module 2 of 2: Evidence<\/a><\/h3>/);
    assert.match(review, /<li>Preserve before examining\.<\/li>/);
    for (const objective of new Set(items.map((i) => i.objective))) {
      const text = { 'I-O1': 'Name the three elements.', 'I-O2': 'Explain the child rule.', 'E-O1': 'Preserve before examining.' }[objective];
      assert.ok(text && review.includes(`<li>${text}</li>`), `objective ${objective} is shown in words`);
    }
    assert.ok(review.indexOf('review-intro') < review.indexOf('review-evidence'), 'modules in course order');
    assert.doesNotMatch(result.text, /\b[IE]-O\d\b/, 'no bare objective codes');
  });

  it('numbers the review in the Romanian learner\'s language', async () => {
    const learner = await learnerOnTrack('fb-ro', 'judge', 'ro-RO');
    const { result } = await failAnExam(learner);
    assert.match(result.text, />Modulul 1 din 2: Introducere<\/a>/);
    assert.match(result.text, />Modulul 2 din 2: Evidence<\/a>/, 'a module without a translation keeps its own title');
  });

  it('names the wrong pairs of a partly right matching answer and the wrong positions of an ordering answer', async () => {
    const learner = await learnerOnTrack('fb-check', 'judge');
    const matching = await learner.post('/courses/sample/modules/intro/check', { 'q.intro-c1': 'true', 'q.intro-c3.p1': 'act', 'q.intro-c3.p2': 'act' });
    assert.equal(matching.status, 200);
    const pairs = /data-testid="wrong-parts-intro-c3">([\s\S]*?)<\/ul>/.exec(matching.text)?.[1];
    assert.ok(pairs, 'the matching item lists its wrong pairs');
    assert.match(pairs, /<li>Deceiving: you matched it with “Act”<\/li>/);
    assert.doesNotMatch(pairs, /Recruiting/, 'a right pair is not listed');
    assert.match(matching.text, /data-testid="check-score">Your check: 1.5 of 3/, 'scoring is unchanged');

    const ordering = await learner.post('/courses/sample/modules/evidence/check', { 'q.evidence-c2.a': '1', 'q.evidence-c2.b': '3', 'q.evidence-c2.c': '2' });
    const positions = /data-testid="wrong-parts-evidence-c2">([\s\S]*?)<\/ul>/.exec(ordering.text)?.[1];
    assert.ok(positions, 'the ordering item lists its wrong positions');
    assert.deepEqual([...positions.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]), ['Position 2: you put “Examine” there', 'Position 3: you put “Hash” there']);
    assert.match(ordering.text, /Preserve first; see also Module 1: Introduction\./, 'a rationale names the module by its number in the track');
    const attempt = await beacon.db('check_attempts').orderBy('created_at', 'desc').first();
    assert.equal(Number(attempt.score), 0, 'an ordering answer still scores all or nothing');

    const ro = await learnerOnTrack('fb-check-ro', 'judge', 'ro-RO');
    const inRomanian = await ro.post('/courses/sample/modules/evidence/check', { 'q.evidence-c2.a': '1', 'q.evidence-c2.b': '3', 'q.evidence-c2.c': '2' });
    assert.match(inRomanian.text, /Aceste poziții nu sunt corecte:[\s\S]*<li>Poziția 2: ați pus acolo „Examine”<\/li>/);
  });

  it('names modules by their number in the track in the rationales shown after a pass', async () => {
    const learner = await learnerOnTrack('fb-pass', 'judge');
    const started = await learner.post('/courses/sample/exam/start');
    const attempt = (started.headers.location as string).split('/').pop() as string;
    const items = await attemptItems(beacon, attempt);
    await learner.post(`/courses/sample/exam/${attempt}/submit`, answerAll(items, () => true));
    const result = await learner.get(`/courses/sample/exam/${attempt}/result`);
    assert.match(result.text, /data-testid="outcome"><strong>Passed/);
    assert.match(result.text, /Question by question/);
    assert.match(result.text, /(Preserve before examining|Seize then hash); see also Module 1: Introduction\./);
    assert.doesNotMatch(result.text, /\[\[module:/);
  });

  it("renders a cross-reference with the number the module has in the reader's track", async () => {
    const judge = await learnerOnTrack('fb-xref-judge', 'judge');
    // The reference is in the module's last section.
    const page = await readAllSections(judge, 'sample', 'intro');
    assert.match(page.text, /is in <a class="module-ref" href="\/courses\/sample\/modules\/evidence">Module 2: Evidence<\/a>\./);
    assert.doesNotMatch(page.text, /data-module-ref/, 'no marker is left in the page');
    const overview = await judge.get('/courses/sample');
    assert.match(overview.text, /data-testid="module-evidence">\s*<span class="module-number">Module 2 of 2:<\/span> <a/);

    // For a first responder the module is optional, outside the track: its title alone, no number.
    const responder = await learnerOnTrack('fb-xref-fr', 'first_responder');
    const theirs = await readAllSections(responder, 'sample', 'intro');
    assert.match(theirs.text, /is in <span class="module-ref">Evidence<\/span>\./);
    assert.doesNotMatch(theirs.text, /Module 2: Evidence/);

    const ro = await learnerOnTrack('fb-xref-ro', 'judge', 'ro-RO');
    assert.match((await readAllSections(ro, 'sample', 'intro')).text, /aflați în <a class="module-ref" href="\/courses\/sample\/modules\/evidence">Modulul 2: Evidence<\/a>\./);
  });
});
