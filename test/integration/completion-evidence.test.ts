import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { PDFParse } from 'pdf-parse';
import { CoursePackageError, importCoursePackage } from '../../src/courses/index.js';
import { systemClock } from '../../src/lib/clock.js';
import type { Item } from '../../src/items/index.js';
import type { RunningBeacon } from '../support/beacon.js';
import { copySample } from '../support/course-copy.js';
import { answerAll, answerFields, attemptItems } from '../support/exam.js';
import { completeModule, readAllSections, tryCheck } from '../support/module-walk.js';
import { LEARNER, startWithPlatform, type TestPlatform } from '../support/platform.js';
import { signIn } from '../support/session-client.js';

const spec = { custom: { course: 'sample' }, resourceLink: { id: 'evidence-link' } };

describe('a module is completed only with evidence', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  let stop: () => Promise<void>;
  before(async () => {
    ({ beacon, platform, stop } = await startWithPlatform());
  });
  after(() => stop());

  const learner = (sub: string, locale = 'en') => signIn(beacon, platform, { ...LEARNER, sub, name: `Learner ${sub}` }, { ...spec, locale });
  async function runOf(sub: string) {
    return beacon.db('learner_courses as lc').join('users as u', 'u.id', 'lc.user_id').where('u.sub', sub).first('lc.*');
  }
  async function progressOf(sub: string, key: string) {
    const run = await runOf(sub);
    return beacon.db('module_progress').where({ learner_course_id: run.id, module_key: key }).first();
  }
  async function sectionRows(sub: string) {
    const run = await runOf(sub);
    return beacon.db('module_sections').where({ learner_course_id: run.id }).orderBy('section');
  }
  async function checkOf(key: string): Promise<Item[]> {
    const version = await beacon.db('course_versions').where({ course_slug: 'sample' }).orderBy('number', 'desc').first('id');
    const row = await beacon.db('course_modules').where({ version_id: version.id, module_key: key, locale: 'en' }).first('check_items');
    return JSON.parse(row.check_items) as Item[];
  }

  it('refuses a one-click completion, says what is missing, and records nothing', async () => {
    const client = await learner('ev-1');
    const first = await client.get('/courses/sample/modules/intro');
    assert.equal(first.status, 200);
    assert.match(first.text, /data-testid="section-number">Section 1 of 2/);
    assert.doesNotMatch(first.text, /action="\/courses\/sample\/modules\/intro\/complete"/, 'no completion button before the last section');
    const before = await sectionRows('ev-1');
    assert.deepEqual(before.map((r: { section: string }) => r.section), ['1'], 'the first section, recorded by its position');

    const refused = await client.post('/courses/sample/modules/intro/complete');
    assert.equal(refused.status, 409);
    assert.match(refused.text, /Nothing was recorded/);
    assert.match(refused.text, /href="\/courses\/sample\/modules\/intro\/sections\/the-child-rule">Read the section “The child rule”/);
    assert.match(refused.text, /href="\/courses\/sample\/modules\/intro\/sections\/the-child-rule#check">Try the check at the end of the module/);
    assert.doesNotMatch(refused.text, /Read the section “The three elements”/, 'a section already reached is not asked for');
    assert.equal((await progressOf('ev-1', 'intro')).status, 'in_progress');
    assert.equal((await progressOf('ev-1', 'intro')).completed_at, null);
    assert.deepEqual(await sectionRows('ev-1'), before, 'the refused request reached no section');
    assert.equal((await runOf('ev-1')).completed_at, null);
  });

  it('still refuses when every section is read but the check was not tried, or was sent with nothing answered', async () => {
    const client = await learner('ev-2');
    const last = await readAllSections(client, 'sample', 'intro');
    assert.match(last.text, /data-testid="section-number">Section 2 of 2/);
    assert.match(last.text, /data-testid="missing">\s*<li><a href="[^"]+#check">Try the check/, 'the module page shows what remains');
    assert.equal((await client.post('/courses/sample/modules/intro/check', {})).status, 200);
    const refused = await client.post('/courses/sample/modules/intro/complete');
    assert.equal(refused.status, 409);
    assert.doesNotMatch(refused.text, /Read the section/);
    assert.match(refused.text, /Try the check at the end of the module/);
    assert.equal((await progressOf('ev-2', 'intro')).status, 'in_progress');
  });

  it('completes the module once the sections are reached and the check is tried', async () => {
    const client = await learner('ev-3');
    const last = await readAllSections(client, 'sample', 'intro');
    await tryCheck(client, last);
    const page = await client.get('/courses/sample/modules/intro/sections/the-child-rule');
    assert.match(page.text, /You have done everything this module asks for/);
    const done = await client.post('/courses/sample/modules/intro/complete');
    assert.equal(done.status, 303);
    assert.equal(done.headers.location, '/courses/sample/modules/evidence');
    assert.equal((await progressOf('ev-3', 'intro')).status, 'completed');
  });

  it('keeps the sections a learner read when they switch language', async () => {
    const english = await learner('ev-switch');
    await tryCheck(english, await readAllSections(english, 'sample', 'intro'));
    // The same person opens Beacon again from a Romanian LMS page, where the module names its
    // sections differently, and completes it without reading it again.
    const romanian = await learner('ev-switch', 'ro');
    assert.match((await romanian.get('/courses/sample')).text, /<html lang="ro"/);
    const done = await romanian.post('/courses/sample/modules/intro/complete');
    assert.equal(done.status, 303, done.text.slice(0, 500));
    assert.equal((await progressOf('ev-switch', 'intro')).status, 'completed');
  });

  it('shows what remains in Romanian too', async () => {
    const client = await learner('ev-ro', 'ro');
    await client.get('/courses/sample/modules/evidence');
    const refused = await client.post('/courses/sample/modules/evidence/complete');
    assert.equal(refused.status, 409);
    assert.match(refused.text, /Nu s-a înregistrat nimic/);
    assert.match(refused.text, /Încercați verificarea de la sfârșitul modulului/);
  });

  it('refuses a package whose completion rule is not one Beacon knows, naming the file, line and field', async () => {
    const copy = copySample();
    try {
      copy.edit('modules/intro.md', (t) => t.replace('minutes: 10\n', 'minutes: 10\ncompletion:\n  check: skimmed\n'));
      await assert.rejects(importCoursePackage(beacon.db, copy.dir, systemClock), (error: unknown) => {
        assert.ok(error instanceof CoursePackageError, String(error));
        assert.match(error.message, /modules\/intro\.md, line 6, field "completion\.check": must be "attempted", "passed" \(every item right\) or "none"/);
        return true;
      });
      copy.edit('modules/intro.md', (t) => t.replace('  check: skimmed\n', '  sections: some\n'));
      await assert.rejects(importCoursePackage(beacon.db, copy.dir, systemClock), /field "completion\.sections": must be "all" \(every section reached\) or "none"/);
    } finally {
      rmSync(join(copy.dir, '..'), { recursive: true, force: true });
    }
    assert.equal((await beacon.db('course_versions').where({ course_slug: 'sample' })).length, 1, 'nothing was imported');
  });

  it('refuses a section heading inside a callout, since sections are cut at top-level headings', async () => {
    const copy = copySample();
    try {
      copy.edit('modules/intro.md', (t) => t.replace(':::legal\nProtocol, Art. 3(a).\n:::', ':::legal\n## Inside\n\nProtocol, Art. 3(a).\n:::'));
      await assert.rejects(importCoursePackage(beacon.db, copy.dir, systemClock), /modules\/intro\.md, line \d+: a ## section heading must not be inside a callout, list or quote/);
    } finally {
      rmSync(join(copy.dir, '..'), { recursive: true, force: true });
    }
  });

  it("honours a package's own rule, and the certificate shows the planned time of the required modules in hours and minutes", async () => {
    const copy = copySample();
    try {
      // The intro asks for a check with every item right and no particular section; planned times add up to 2 h 10 min.
      copy.edit('modules/intro.md', (t) => t.replace('minutes: 10\n', 'minutes: 95\ncompletion:\n  sections: none\n  check: passed\n'));
      copy.edit('modules/evidence.md', (t) => t.replace('minutes: 15\n', 'minutes: 35\n'));
      assert.equal((await importCoursePackage(beacon.db, copy.dir, systemClock)).number, 2);
    } finally {
      rmSync(join(copy.dir, '..'), { recursive: true, force: true });
    }
    const client = await learner('ev-rule', 'ro');
    await client.post('/courses/sample/track', { track: 'judge' });
    await client.get('/courses/sample/modules/intro');
    const items = await checkOf('intro');
    await client.post('/courses/sample/modules/intro/check', answerAll(items, () => false));
    const refused = await client.post('/courses/sample/modules/intro/complete');
    assert.equal(refused.status, 409, 'a try with wrong answers is not enough under this rule');
    assert.match(refused.text, /Răspundeți corect la toate întrebările verificării/);
    assert.doesNotMatch(refused.text, /Citiți secțiunea/, 'the rule asks for no section');
    await client.post('/courses/sample/modules/intro/check', Object.assign({}, ...items.map((item) => answerFields(item, true))));
    assert.equal((await client.post('/courses/sample/modules/intro/complete')).status, 303, 'the second section was never opened, as the rule allows');
    assert.equal((await progressOf('ev-rule', 'intro')).status, 'completed');
    assert.equal((await completeModule(client, 'sample', 'evidence')).status, 303);

    const start = await client.post('/courses/sample/exam/start');
    const attempt = (start.headers.location as string).split('/').pop() as string;
    await client.post(`/courses/sample/exam/${attempt}/submit`, answerAll(await attemptItems(beacon, attempt), () => true));
    const cert = await beacon.db('certificates as c').join('users as u', 'u.id', 'c.user_id').where('u.sub', 'ev-rule').first('c.*');
    assert.ok(cert, 'issued');
    assert.equal(JSON.parse(cert.details).learningHours, 2.17, 'the number stays decimal hours');

    const page = await client.get('/courses/sample/certificates');
    assert.match(page.text, /data-testid="learning-time">Durata planificată a învățării: 2 h 10 min</);
    const english = await learner('ev-rule');
    assert.match((await english.get('/courses/sample/certificates')).text, /data-testid="learning-time">Planned learning time: 2 h 10 min</);

    const pdf = await client.get(`/certificates/${cert.id}/pdf`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const text = (await new PDFParse({ data: new Uint8Array(pdf.body as Buffer) }).getText()).text.replace(/\s+/g, ' ');
    assert.ok(text.includes('Planned learning time: 2 h 10 min'), text);
    assert.ok(!text.includes('2.17'), 'no decimal hours on the PDF');

    const jwt = (await client.get(`/certificates/${cert.id}/credential`)).text;
    const vc = (decodeJwt(jwt.trim()) as { vc: { credentialSubject: { achievement: { criteria: { narrative: string } } } } }).vc;
    assert.match(vc.credentialSubject.achievement.criteria.narrative, /planned learning time 2 h 10 min/);
  });

  it('estimates the planned time of a module whose package states none', async () => {
    const copy = copySample();
    try {
      copy.edit('modules/evidence.md', (t) => t.replace('minutes: 15\n', ''));
      copy.edit('course.yaml', (t) => t.replace('title: Sample course', 'title: Sample course, estimated'));
      await importCoursePackage(beacon.db, copy.dir, systemClock);
    } finally {
      rmSync(join(copy.dir, '..'), { recursive: true, force: true });
    }
    const version = await beacon.db('course_versions').where({ course_slug: 'sample' }).orderBy('number', 'desc').first('id');
    const row = await beacon.db('course_modules').where({ version_id: version.id, module_key: 'evidence', locale: 'en' }).first('minutes', 'words');
    // A short module with a three-item check: reading plus two minutes an item, rounded up to five.
    assert.equal(Number(row.minutes), 10);
  });
});
