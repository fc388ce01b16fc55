import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { inTransaction, newId, num, rowParser, text, type Executor } from '../db/index.js';
import { AppError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { loadPackageFiles } from './package-files.js';
import { parseCoursePackage, type CoursePackage } from './package-reader.js';
import { formatProblem, type PackageProblem } from './yaml-file.js';

export class CoursePackageError extends AppError {
  constructor(
    readonly dir: string,
    readonly problems: PackageProblem[],
  ) {
    super('invalid_course_package', 422, `The course package ${dir} is invalid:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
}

const toLatestVersion = rowParser('course_versions', z.object({ id: text, number: num, content_hash: text }));

export type ImportResult = { slug: string; number: number; versionId: string; created: boolean };

async function insertVersion(trx: Executor, pkg: CoursePackage, number: number, now: number): Promise<string> {
  const versionId = newId();
  const { manifest } = pkg;
  await trx('course_versions').insert({
    id: versionId,
    course_slug: pkg.slug,
    number,
    content_hash: pkg.contentHash,
    title: manifest.title,
    language: manifest.language,
    legal_baseline: manifest.legal_baseline,
    summary: manifest.summary,
    tracks: JSON.stringify(manifest.tracks),
    certificate: JSON.stringify(manifest.certificate),
    exam: JSON.stringify(pkg.exam),
    created_at: now,
  });
  const moduleRows = pkg.modules.flatMap((m) => {
    const shared = { version_id: versionId, module_key: m.key, position: m.position, minutes: m.minutes, completion: JSON.stringify(m.front.completion), tracks: JSON.stringify(m.front.tracks), sources: JSON.stringify(m.front.sources), check_items: JSON.stringify(m.front.check) };
    return [
      { ...shared, id: newId(), locale: manifest.language, title: m.front.title, content_note: m.front.content_note, objectives: JSON.stringify(m.front.objectives), headings: JSON.stringify(m.rendered.headings), words: m.rendered.words, html: m.rendered.html },
      ...m.translations.map((t) => ({ ...shared, id: newId(), locale: t.locale, title: t.title, content_note: t.contentNote, objectives: JSON.stringify(t.objectives), headings: JSON.stringify(t.rendered.headings), words: t.rendered.words, html: t.rendered.html })),
    ];
  });
  await trx.batchInsert('course_modules', moduleRows, 50);
  const itemRows = pkg.items.map((item) => ({
    id: newId(),
    version_id: versionId,
    item_key: item.id,
    module_key: item.module,
    objective: item.objective,
    type: item.type,
    critical: item.critical ? 1 : 0,
    roles: JSON.stringify(item.roles),
    variant_of: item.variant_of ?? null,
    body: JSON.stringify(item),
  }));
  await trx.batchInsert('course_items', itemRows, 100);
  await trx.batchInsert('course_glossary', pkg.glossary.map((g, i) => ({ id: newId(), version_id: versionId, position: i + 1, slug: g.slug, term: g.term, definition: g.definition, sources: JSON.stringify(g.sources) })), 100);
  await trx.batchInsert('course_sources', pkg.sources.map((s, i) => ({ id: newId(), version_id: versionId, position: i + 1, source_key: s.id, citation: s.citation, urls: JSON.stringify(s.urls) })), 100);
  return versionId;
}

/** The latest version of the course in this folder, if it has exactly this content. */
async function unchangedVersion(db: Executor, slug: string, hash: string): Promise<ImportResult | null> {
  const row = await db('course_versions').where({ course_slug: slug }).orderBy('number', 'desc').first('id', 'number', 'content_hash');
  const latest = row ? toLatestVersion(row) : null;
  return latest && latest.content_hash === hash ? { slug, number: latest.number, versionId: latest.id, created: false } : null;
}

/**
 * Imports a course package as a new immutable version, only when its content differs from
 * the latest version's. A package with any problem is refused whole.
 */
export async function importCoursePackage(db: Executor, dir: string, clock: Clock): Promise<ImportResult> {
  const loaded = loadPackageFiles(dir);
  if (!loaded.ok) throw new CoursePackageError(dir, loaded.problems);
  // The files are hashed before they are parsed: an unchanged package costs a read, not a parse.
  const known = await unchangedVersion(db, basename(dir), loaded.hash);
  if (known) return known;
  const read = parseCoursePackage(dir, loaded.files, loaded.hash);
  if (!read.ok) throw new CoursePackageError(dir, read.problems);
  const pkg = read.pkg;
  return inTransaction(db, async (trx) => {
    const row = await trx('course_versions').where({ course_slug: pkg.slug }).orderBy('number', 'desc').first('id', 'number', 'content_hash');
    const latest = row ? toLatestVersion(row) : null;
    if (latest && latest.content_hash === pkg.contentHash) {
      return { slug: pkg.slug, number: latest.number, versionId: latest.id, created: false };
    }
    const number = latest ? latest.number + 1 : 1;
    // A concurrent import of the same course fails here on (course_slug, number) and rolls back.
    const versionId = await insertVersion(trx, pkg, number, clock.now());
    return { slug: pkg.slug, number, versionId, created: true };
  });
}

/**
 * The course package folders under a directory (each has a course.yaml), found without
 * following links: a symbolic link is listed too, so that importing it is refused by name
 * rather than followed (into a loop, or out of the folder).
 */
export function coursePackageDirs(coursesDir: string): string[] {
  if (!existsSync(coursesDir)) return [];
  return readdirSync(coursesDir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.') && (entry.isSymbolicLink() || (entry.isDirectory() && existsSync(join(coursesDir, entry.name, 'course.yaml')))))
    .map((entry) => join(coursesDir, entry.name))
    .sort();
}
