import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importCoursePackage } from '../../src/courses/index.js';
import { systemClock } from '../../src/lib/clock.js';
import type { RunningBeacon } from '../support/beacon.js';
import { copySample } from '../support/course-copy.js';
import { ADMINISTRATOR, INSTRUCTOR, LEARNER, startWithPlatform, TestPlatform } from '../support/platform.js';
import { completeModule } from '../support/module-walk.js';
import { signIn } from '../support/session-client.js';

const ADMIN = { ...ADMINISTRATOR, sub: 'admin-1' };
const course = { custom: { course: 'sample' }, resourceLink: { id: 'link-sample' } };

describe("the learner's path through a course", () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  let stop: () => Promise<void>;
  before(async () => {
    ({ beacon, platform, stop } = await startWithPlatform());
  });
  after(() => stop());

  async function run(sub: string) {
    return beacon.db('learner_courses as lc').join('users as u', 'u.id', 'lc.user_id').where('u.sub', sub).first('lc.*');
  }

  it('lands on the course placed on the link, chooses a track, reads, saves and completes every module', async () => {
    const learner = await signIn(beacon, platform, LEARNER, course);
    const landing = await learner.get('/');
    assert.equal(landing.status, 303);
    assert.equal(landing.headers.location, '/courses/sample');

    let page = await learner.get('/courses/sample');
    assert.equal(page.status, 200);
    assert.match(page.text, /data-testid="progress">0 of 2 required modules completed/);
    assert.match(page.text, /data-testid="status-intro">Not started/);

    assert.equal((await learner.post('/courses/sample/track', { track: 'judge' })).status, 303);
    page = await learner.get('/courses/sample');
    assert.match(page.text, /data-testid="track">Your track: Judge/);
    assert.equal((await run(LEARNER.sub)).track, 'judge');

    const module = await learner.get('/courses/sample/modules/intro');
    assert.equal(module.status, 200);
    assert.ok(module.text.indexOf('data-testid="content-note"') < module.text.indexOf('class="module-body"'), 'the content note comes before the content');
    assert.match(module.text, /href="\/help"/, 'support is one click away');
    let progress = await beacon.db('module_progress').where({ learner_course_id: (await run(LEARNER.sub)).id, module_key: 'intro' }).first();
    assert.equal(progress.status, 'in_progress');
    assert.ok(progress.content_note_shown_at, 'the content note was recorded as shown');

    assert.equal((await learner.post('/courses/sample/modules/intro/position', { position: 'the-child-rule' })).status, 204);
    progress = await beacon.db('module_progress').where({ id: progress.id }).first();
    assert.equal(progress.position, 'the-child-rule');
    page = await learner.get('/courses/sample');
    assert.match(page.text, /href="\/courses\/sample\/modules\/intro\/sections\/the-child-rule">Resume: Introduction/);

    const completed = await completeModule(learner, 'sample', 'intro');
    assert.equal(completed.headers.location, '/courses/sample/modules/evidence', 'completing a module leads to the next');
    assert.equal((await completeModule(learner, 'sample', 'evidence')).headers.location, '/courses/sample');

    page = await learner.get('/courses/sample');
    assert.match(page.text, /data-testid="progress">2 of 2 required modules completed/);
    const finished = await run(LEARNER.sub);
    assert.ok(finished.completed_at, 'the course is recorded as completed');
    const rows = await beacon.db('module_progress').where({ learner_course_id: finished.id }).orderBy('module_key');
    assert.deepEqual(rows.map((r: { module_key: string; status: string }) => [r.module_key, r.status]), [['evidence', 'completed'], ['intro', 'completed']]);
  });

  it('treats a module that is optional for the track as not required', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'fr-1', name: 'Radu First' }, course);
    await learner.post('/courses/sample/track', { track: 'first_responder' });
    const page = await learner.get('/courses/sample');
    assert.match(page.text, /data-testid="progress">0 of 1 required modules completed/);
    assert.match(page.text, /data-testid="module-evidence">[\s\S]*?Optional/);
  });

  it('scores the formative check with partial credit and shows every rationale', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'check-1' }, course);
    const result = await learner.post('/courses/sample/modules/intro/check', {
      'q.intro-c1': 'true',
      'q.intro-c2': ['a', 'c'],
      'q.intro-c3.p1': 'act',
      'q.intro-c3.p2': 'act',
    });
    assert.equal(result.status, 200);
    assert.match(result.text, /data-testid="check-score">Your check: 1.5 of 3/);
    assert.match(result.text, /A border crossing is not an element\./);
    assert.match(result.text, /Partly correct/);
    const attempt = await beacon.db('check_attempts').orderBy('created_at', 'desc').first();
    assert.equal(Number(attempt.score), 1.5);
    assert.equal(Number(attempt.max_score), 3);
  });

  it('never puts the answers of a check in the page', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'peek-1' }, course);
    const page = await learner.get('/courses/sample/modules/intro');
    assert.doesNotMatch(page.text, /A border crossing is not an element/, 'no rationale before submitting');
    assert.doesNotMatch(page.text, /"answer"/);
  });

  it('shows the glossary and the sources of the course', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'reader-1' }, course);
    const glossary = await learner.get('/courses/sample/glossary');
    assert.match(glossary.text, /<dt id="act-means-purpose">Act–Means–Purpose<\/dt>/);
    const sources = await learner.get('/courses/sample/sources');
    assert.match(sources.text, /<li id="S2"><strong>\[S2\]<\/strong> ACPO, Good Practice Guide/);
  });

  it('refuses a course that is not placed on the link, and a form without the CSRF token', async () => {
    const elsewhere = await signIn(beacon, platform, { ...LEARNER, sub: 'other-1' }, { resourceLink: { id: 'link-empty' } });
    assert.equal((await elsewhere.get('/')).status, 200, 'a learner on an empty link is told to wait');
    assert.equal((await elsewhere.get('/courses/sample')).status, 403);
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'csrf-1' }, course);
    const forged = await learner.post('/courses/sample/track', { track: 'judge' }, { csrf: false });
    assert.equal(forged.status, 403);
    assert.match(forged.text, /csrf_failed|did not come from Beacon/);
    assert.equal(await run('csrf-1'), undefined, 'nothing was written');
  });

  it('opens a single module when the link places one', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'module-1' }, { custom: { course: 'sample', module: 'evidence' }, resourceLink: { id: 'link-evidence' } });
    assert.equal((await learner.get('/')).headers.location, '/courses/sample/modules/evidence');
  });

  it('lets a trainer choose the course for a link on first launch, which learners then get', async () => {
    const trainer = await signIn(beacon, platform, INSTRUCTOR, { resourceLink: { id: 'link-new' } });
    assert.equal((await trainer.get('/')).headers.location, '/place');
    const choose = await trainer.get('/place');
    assert.match(choose.text, /value="sample"/);
    assert.equal((await trainer.post('/place', { course: 'sample' })).status, 303);
    assert.match((await trainer.get('/')).text, /data-testid="staff-overview"/, 'once placed, the trainer lands on their overview');
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'placed-1' }, { resourceLink: { id: 'link-new' } });
    assert.equal((await learner.get('/')).headers.location, '/courses/sample');
    assert.equal((await learner.post('/place', { course: 'sample' })).status, 403, 'a learner cannot place');
  });

  it('keeps a learner on the version they started when a new version is imported', async () => {
    const early = await signIn(beacon, platform, { ...LEARNER, sub: 'early-1' }, course);
    await early.get('/courses/sample');
    const copy = copySample();
    try {
      copy.edit('modules/evidence.md', (t) => t.replace('title: Evidence', 'title: Evidence and exhibits'));
      assert.equal((await importCoursePackage(beacon.db, copy.dir, systemClock)).number, 2);
    } finally {
      rmSync(join(copy.dir, '..'), { recursive: true, force: true });
    }
    const earlyPage = await early.get('/courses/sample');
    assert.match(earlyPage.text, /Version 1\./);
    assert.doesNotMatch(earlyPage.text, /Evidence and exhibits/);
    const late = await signIn(beacon, platform, { ...LEARNER, sub: 'late-1' }, course);
    const latePage = await late.get('/courses/sample');
    assert.match(latePage.text, /Version 2\./);
    assert.match(latePage.text, /Evidence and exhibits/);
  });

  it('speaks Romanian when the launch asks for it, shows a translated module, and lets the learner switch', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'ro-1' }, { ...course, locale: 'ro-RO' });
    let page = await learner.get('/courses/sample/modules/intro');
    assert.match(page.text, /<html lang="ro">/);
    assert.match(page.text, /<h1>Introducere<\/h1>/);
    assert.match(page.text, /Notă privind conținutul/);
    const other = await learner.get('/courses/sample/modules/evidence');
    assert.match(other.text, /nu este încă disponibil în limba dumneavoastră/);
    const switched = await learner.post('/locale', { locale: 'en', back: '/courses/sample/modules/intro' });
    assert.equal(switched.headers.location, '/courses/sample/modules/intro');
    page = await learner.get('/courses/sample/modules/intro');
    assert.match(page.text, /<h1>Introduction<\/h1>/);
    const offsite = await learner.post('/locale', { locale: 'en', back: '//evil.example/' });
    assert.equal(offsite.headers.location, '/', 'never redirects off the site');
  });

  it('shows support contacts that an administrator sets for the institution, and only administrators edit them', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'help-1' }, course);
    let help = await learner.get('/help');
    assert.match(help.text, /has not added its own contacts yet/);
    assert.match(help.text, /StopNCII\.org/);
    assert.equal((await learner.post('/help/edit', { staff_support: 'x', victim_support: 'y' })).status, 403);

    const admin = await signIn(beacon, platform, ADMIN, course);
    const saved = await admin.post('/help/edit', { staff_support: 'Welfare unit: ext. 4411', victim_support: 'National referral mechanism: 0800 000 000' });
    assert.equal(saved.status, 303);
    help = await learner.get('/help');
    assert.match(help.text, /Welfare unit: ext\. 4411/);
    const entry = await beacon.db('audit_log').where({ action: 'support_contacts_updated' }).first();
    assert.ok(entry, 'the change is in the audit log');
  });
});

describe('trainers and tracks', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  let stop: () => Promise<void>;
  before(async () => {
    ({ beacon, platform, stop } = await startWithPlatform());
  });
  after(() => stop());

  it('lets a trainer see the learners of the LMS course and put one on a track', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'tracked-1', name: 'Elena Track' }, course);
    await learner.get('/courses/sample');
    const trainer = await signIn(beacon, platform, INSTRUCTOR, course);
    const list = await trainer.get('/courses/sample/learners');
    assert.equal(list.status, 200);
    assert.match(list.text, /Elena Track/);
    const user = await beacon.db('users').where({ sub: 'tracked-1' }).first('id');
    assert.equal((await trainer.post(`/courses/sample/learners/${user.id}/track`, { track: 'judge' })).status, 303);
    const run = await beacon.db('learner_courses').where({ user_id: user.id, course_slug: 'sample' }).first();
    assert.equal(run.track, 'judge');
    const trainerRow = await beacon.db('users').where({ sub: INSTRUCTOR.sub }).first('id');
    assert.equal(run.track_set_by, trainerRow.id, 'who set the track is recorded');
    assert.match((await learner.get('/courses/sample')).text, /data-testid="track">Your track: Judge/);
  });

  it('refuses the learner list to learners, and a learner of another LMS course to the trainer', async () => {
    const learner = await signIn(beacon, platform, { ...LEARNER, sub: 'tracked-2' }, course);
    assert.equal((await learner.get('/courses/sample/learners')).status, 403);
    const outsider = await signIn(beacon, platform, { ...LEARNER, sub: 'outsider-1' }, { ...course, context: { id: 'other-course', title: 'Other' } });
    await outsider.get('/courses/sample');
    const user = await beacon.db('users').where({ sub: 'outsider-1' }).first('id');
    const trainer = await signIn(beacon, platform, INSTRUCTOR, course);
    assert.equal((await trainer.post(`/courses/sample/learners/${user.id}/track`, { track: 'judge' })).status, 403);
    const run = await beacon.db('learner_courses').where({ user_id: user.id }).first();
    assert.equal(run.track, null);
  });
});
