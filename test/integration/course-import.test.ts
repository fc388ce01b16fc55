import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CoursePackageError, importCoursePackage } from '../../src/courses/index.js';
import { packageParseCount } from '../../src/courses/package-reader.js';
import { connectDb, migrateToLatest, type Db } from '../../src/db/index.js';
import { systemClock } from '../../src/lib/clock.js';
import { capturedLog } from '../support/captured-log.js';
import { importBundledCourses } from '../../src/startup.js';
import { copySample, SAMPLE } from '../support/course-copy.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

async function counts(db: Db) {
  const out: Record<string, number> = {};
  for (const table of ['course_versions', 'course_modules', 'course_items', 'course_glossary', 'course_sources']) {
    out[table] = Number(((await db(table).count({ n: '*' }).first()) as { n: number }).n);
  }
  return out;
}

describe('importing course packages', () => {
  let database: TestDatabase;
  let db: Db;
  before(async () => {
    database = await createTestDatabase();
    db = connectDb(database.settings);
    await migrateToLatest(db);
  });
  after(async () => {
    await db.destroy();
    await database.drop();
  });

  it('imports the sample as version 1 with its modules, translation, items, glossary and sources', async () => {
    const result = await importCoursePackage(db, SAMPLE, systemClock);
    assert.deepEqual({ slug: result.slug, number: result.number, created: result.created }, { slug: 'sample', number: 1, created: true });
    assert.deepEqual(await counts(db), { course_versions: 1, course_modules: 3, course_items: 5, course_glossary: 2, course_sources: 2 });
    const intro = await db('course_modules').where({ module_key: 'intro', locale: 'en' }).first();
    assert.match(intro.html, /<aside class="callout callout-legal"/);
    assert.match(intro.html, /<a class="term" href="\/courses\/sample\/glossary#act-means-purpose">Act–Means–Purpose<\/a>/);
    assert.match(intro.html, /<a class="src" href="\/courses\/sample\/sources#S1">\[S1\]<\/a>/);
    assert.match(intro.html, /<h2 id="the-three-elements">/);
    assert.match(intro.html, /is in <span data-module-ref="evidence"><\/span>\./, 'a cross-reference waits for the reader\'s track to be numbered');
    const item = await db('course_items').where({ item_key: 'intro-i2' }).first();
    assert.equal(item.critical, 1);
  });

  it('imports nothing when the package is unchanged', async () => {
    const before = await counts(db);
    const again = await importCoursePackage(db, SAMPLE, systemClock);
    assert.equal(again.created, false);
    assert.equal(again.number, 1);
    assert.deepEqual(await counts(db), before);
  });

  it('imports a changed package as version 2 and leaves version 1 as it was', async () => {
    const copy = copySample();
    try {
      copy.edit('modules/evidence.md', (text) => text.replace('Preserve the device [S2].', 'Preserve the device and its charger [S2].'));
      const result = await importCoursePackage(db, copy.dir, systemClock);
      assert.equal(result.number, 2);
      const versions = await db('course_versions').where({ course_slug: 'sample' }).orderBy('number');
      assert.equal(versions.length, 2);
      const v1 = await db('course_modules').where({ version_id: versions[0].id, module_key: 'evidence' }).first();
      assert.doesNotMatch(v1.html, /charger/);
    } finally {
      rmSync(join(copy.dir, '..'), { recursive: true, force: true });
    }
  });

  const broken: Array<[string, string, (text: string) => string, RegExp]> = [
    ['a YAML syntax error', 'course.yaml', (t) => t.replace('title: Sample course', 'title: [Sample course'), /course\.yaml, line \d+/],
    ['a wrong type in course.yaml', 'course.yaml', (t) => t.replace('validity_months: 24', 'validity_months: forever'), /course\.yaml, line 13, field "certificate\.validity_months"/],
    ['a slug that is not the folder name', 'course.yaml', (t) => t.replace('slug: sample', 'slug: other'), /course\.yaml, line 1, field "slug": must match the folder name/],
    ['an answer that is not an option', 'assessment.yaml', (t) => t.replace('answer: b\n    rationale: Act', 'answer: z\n    rationale: Act'), /assessment\.yaml, line 24, field "items\[0\]\.answer": "z" is not one of the options/],
    ['an unknown item type', 'assessment.yaml', (t) => t.replace('type: single_choice', 'type: essay'), /assessment\.yaml, line 15, field "items\[0\]\.type"/],
    ['an objective of another module', 'assessment.yaml', (t) => t.replace('objective: I-O1', 'objective: E-O1'), /field "items\[0\]\.objective": "E-O1" is not an objective of module intro/],
    ['a source tag missing from sources.yaml', 'modules/evidence.md', (t) => t.replace('Preserve the device [S2].', 'Preserve the device [S9].'), /modules\/evidence\.md, line 4\d: source tag \[S9\] is not in sources\.yaml/],
    ['a glossary link to no term', 'modules/intro.md', (t) => t.replace('[[Act–Means–Purpose]]', '[[Smuggling]]'), /modules\/intro\.md, line 5\d: glossary link \[\[Smuggling\]\] names no glossary term/],
    ['a cross-reference to no module', 'modules/intro.md', (t) => t.replace('[[module:evidence]]', '[[module:m6]]'), /modules\/intro\.md, line 59: module reference \[\[module:m6\]\] names no module of course\.yaml/],
    ['a cross-reference to no module in a translation', 'modules/intro.ro.md', (t) => t.replace('[[module:evidence]]', '[[module:evidense]]'), /modules\/intro\.ro\.md, line 9: module reference \[\[module:evidense\]\] names no module of course\.yaml/],
    ['a cross-reference to no module in a rationale', 'assessment.yaml', (t) => t.replace('[[module:intro]]', '[[module:m6]]'), /assessment\.yaml, line 59, field "items\[3\]\.rationale": module reference \[\[module:m6\]\] names no module of course\.yaml/],
    ['a javascript: link', 'modules/intro.md', (t) => t.replace('The definition has three parts', '[Click](javascript:alert(1)) The definition has three parts'), /link "javascript:alert\(1\)" must be an http\(s\), mailto or #anchor link/],
    ['an image', 'modules/intro.md', (t) => t.replace('The definition has three parts', '![diagram](https://example.org/x.png) The definition'), /images are not supported/],
    ['a module without a content note', 'modules/evidence.md', (t) => t.replace(/content_note: .*\n/, ''), /modules\/evidence\.md, line 2, field "content_note"/],
    ['a formative check with six items', 'modules/evidence.md', (t) => t.replace('check:\n', 'check:\n' + '  - { id: x1, type: true_false, objective: E-O1, stem: s, answer: true, rationale: r, sources: [S1] }\n'.repeat(3)), /field "check": a formative check has 3 to 5 items/],
    ['a duplicate item id', 'assessment.yaml', (t) => t.replace('id: intro-i2', 'id: intro-i1'), /item id "intro-i1" is already used/],
    ['a module file course.yaml does not list', 'course.yaml', (t) => t.replace('modules: [intro, evidence]', 'modules: [intro]'), /modules\/evidence\.md: is not a module listed in course\.yaml/],
    ['a missing glossary file', 'glossary.yaml', () => '', /glossary\.yaml/],
    ['a javascript: URL in the sources', 'sources.yaml', (t) => t.replace('urls: []', 'urls: ["javascript:alert(1)"]'), /sources\.yaml, line \d+, field "\[1\]\.urls\[0\]": must be an http\(s\) URL/],
  ];
  for (const [name, file, change, expected] of broken) {
    it(`refuses a package with ${name}, naming file, field and line, and imports nothing`, async () => {
      const copy = copySample();
      try {
        copy.edit(file, change);
        const before = await counts(db);
        await assert.rejects(importCoursePackage(db, copy.dir, systemClock), (error: unknown) => {
          assert.ok(error instanceof CoursePackageError);
          assert.match(error.message, expected);
          return true;
        });
        assert.deepEqual(await counts(db), before);
      } finally {
        rmSync(join(copy.dir, '..'), { recursive: true, force: true });
      }
    });
  }

  it('renders author HTML as text, never as markup', async () => {
    const copy = copySample();
    try {
      copy.edit('modules/evidence.md', (t) => t.replace('Preserve the device [S2].', 'Preserve <script>alert(1)</script> the device [S2].'));
      const result = await importCoursePackage(db, copy.dir, systemClock);
      const module = await db('course_modules').where({ version_id: result.versionId, module_key: 'evidence' }).first();
      assert.doesNotMatch(module.html, /<script>/);
      assert.match(module.html, /&lt;script&gt;/);
    } finally {
      rmSync(join(copy.dir, '..'), { recursive: true, force: true });
    }
  });

  async function refused(dir: string, expected: RegExp): Promise<void> {
    const before = await counts(db);
    await assert.rejects(importCoursePackage(db, dir, systemClock), (error: unknown) => {
      assert.ok(error instanceof CoursePackageError, String(error));
      assert.match(error.message, expected);
      return true;
    });
    assert.deepEqual(await counts(db), before);
  }

  it('refuses a package with a symbolic link that loops, naming it, and imports nothing', async () => {
    const copy = copySample();
    try {
      symlinkSync('loop', join(copy.dir, 'modules', 'loop'));
      await refused(copy.dir, /modules\/loop: is a symbolic link/);
    } finally {
      rmSync(join(copy.dir, '..'), { recursive: true, force: true });
    }
  });

  it('refuses a package with a symbolic link to a file outside it, and reads nothing through it', async () => {
    const copy = copySample();
    const outside = mkdtempSync(join(tmpdir(), 'beacon-outside-'));
    try {
      // A valid glossary, so only the link can be the reason for the refusal.
      writeFileSync(join(outside, 'glossary.yaml'), readFileSync(join(copy.dir, 'glossary.yaml')));
      rmSync(join(copy.dir, 'glossary.yaml'));
      symlinkSync(join(outside, 'glossary.yaml'), join(copy.dir, 'glossary.yaml'));
      await refused(copy.dir, /glossary\.yaml: is a symbolic link/);
    } finally {
      rmSync(join(copy.dir, '..'), { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses an oversized Markdown file from its size, without parsing the package', async () => {
    const copy = copySample();
    try {
      copy.edit('modules/evidence.md', (t) => t + 'Preserve the device [S2].\n'.repeat(120_000));
      const parses = packageParseCount();
      await refused(copy.dir, /modules\/evidence\.md: is 3\.\d MB; a Markdown or YAML file may be at most 2\.0 MB/);
      assert.equal(packageParseCount(), parses);
    } finally {
      rmSync(join(copy.dir, '..'), { recursive: true, force: true });
    }
  });

  it('refuses a package of more than 500 files', async () => {
    const copy = copySample();
    try {
      mkdirSync(join(copy.dir, 'extra'));
      for (let i = 0; i < 501; i++) writeFileSync(join(copy.dir, 'extra', `f${i}.txt`), 'x');
      await refused(copy.dir, /\n  \.: has more than 500 files/);
    } finally {
      rmSync(join(copy.dir, '..'), { recursive: true, force: true });
    }
  });

  it('does not parse a package again when its files are unchanged', async () => {
    const copy = copySample();
    try {
      copy.edit('modules/evidence.md', (t) => t.replace('Preserve the device [S2].', 'Preserve the device, unplugged [S2].'));
      const first = await importCoursePackage(db, copy.dir, systemClock);
      assert.equal(first.created, true);
      const parses = packageParseCount();
      const again = await importCoursePackage(db, copy.dir, systemClock);
      assert.deepEqual(again, { ...first, created: false });
      assert.equal(packageParseCount(), parses, 'the unchanged package was parsed');
    } finally {
      rmSync(join(copy.dir, '..'), { recursive: true, force: true });
    }
  });

  it('starts with the good packages when another one loops or cannot be read, and logs why', async () => {
    const coursesDir = mkdtempSync(join(tmpdir(), 'beacon-courses-'));
    try {
      // A package under another slug, so it is new to this database.
      const good = join(coursesDir, 'good');
      cpSync(SAMPLE, good, { recursive: true });
      writeFileSync(join(good, 'course.yaml'), readFileSync(join(good, 'course.yaml'), 'utf8').replace('slug: sample', 'slug: good'));
      // A link to itself in the courses folder, and a package with a loop inside.
      symlinkSync(join(coursesDir, 'aaa-self'), join(coursesDir, 'aaa-self'));
      const looping = join(coursesDir, 'looping');
      cpSync(SAMPLE, looping, { recursive: true });
      symlinkSync('.', join(looping, 'modules', 'again'));
      const { logger, text } = capturedLog();
      const results = await importBundledCourses(db, coursesDir, systemClock, logger);
      assert.deepEqual(results.map((r) => [r.slug, r.created]), [['good', true]]);
      const log = text();
      assert.match(log, /aaa-self[^\n]*the package folder is a symbolic link/);
      assert.match(log, /looping[^\n]*modules\/again: is a symbolic link/);
    } finally {
      rmSync(coursesDir, { recursive: true, force: true });
    }
  });
});
