import type { Executor } from '../db/index.js';
import type { Item } from '../items/index.js';
import type { ExamSettings } from './schema.js';

export type Track = { id: string; title: string };
export type Level = 'core' | 'recommended' | 'optional';

export type CourseVersion = {
  id: string;
  slug: string;
  number: number;
  title: string;
  language: string;
  legalBaseline: string;
  summary: string;
  tracks: Track[];
  certificate: { validity_months: number; expiring_window_days: number; statement: string; track_statements: Record<string, string> };
  exam: ExamSettings;
};

export type ModuleSummary = { key: string; position: number; title: string; minutes: number; tracks: Record<string, Level> };
export type ModuleContent = ModuleSummary & {
  locale: string;
  contentNote: string;
  objectives: Array<{ id: string; text: string }>;
  sources: string[];
  headings: Array<{ id: string; text: string }>;
  check: Item[];
  words: number;
  html: string;
};

type VersionRow = Record<string, unknown> & { id: string; course_slug: string; number: number };

function toVersion(row: VersionRow): CourseVersion {
  return {
    id: row.id,
    slug: row.course_slug,
    number: Number(row.number),
    title: row.title as string,
    language: row.language as string,
    legalBaseline: row.legal_baseline as string,
    summary: row.summary as string,
    tracks: JSON.parse(row.tracks as string) as Track[],
    certificate: JSON.parse(row.certificate as string) as CourseVersion['certificate'],
    exam: JSON.parse(row.exam as string) as ExamSettings,
  };
}

export async function findLatestVersion(db: Executor, slug: string): Promise<CourseVersion | null> {
  const row = await db('course_versions').where({ course_slug: slug }).orderBy('number', 'desc').first();
  return row ? toVersion(row as VersionRow) : null;
}

export async function findVersion(db: Executor, id: string): Promise<CourseVersion | null> {
  const row = await db('course_versions').where({ id }).first();
  return row ? toVersion(row as VersionRow) : null;
}

/** The newest version of every course, for choosing what a link shows. */
export async function listLatestVersions(db: Executor): Promise<CourseVersion[]> {
  const latest = db('course_versions').select('course_slug').max({ number: 'number' }).groupBy('course_slug').as('latest');
  const rows = await db('course_versions as v')
    .join(latest, function joinLatest() {
      this.on('v.course_slug', '=', 'latest.course_slug').andOn('v.number', '=', 'latest.number');
    })
    .orderBy('v.title')
    .select('v.*');
  return (rows as VersionRow[]).map(toVersion);
}

export async function listModules(db: Executor, versionId: string, language: string): Promise<ModuleSummary[]> {
  const rows = await db('course_modules').where({ version_id: versionId, locale: language }).orderBy('position').select('module_key', 'position', 'title', 'minutes', 'tracks');
  return rows.map((row) => ({ key: row.module_key, position: Number(row.position), title: row.title, minutes: Number(row.minutes), tracks: JSON.parse(row.tracks) }));
}

/** A module in the learner's language when a translation exists, else in the course's. */
export async function findModule(db: Executor, version: CourseVersion, key: string, locale: string): Promise<ModuleContent | null> {
  const rows = await db('course_modules').where({ version_id: version.id, module_key: key }).whereIn('locale', [locale, version.language]);
  const row = rows.find((r) => r.locale === locale) ?? rows.find((r) => r.locale === version.language);
  if (!row) return null;
  return {
    key: row.module_key,
    position: Number(row.position),
    title: row.title,
    minutes: Number(row.minutes),
    tracks: JSON.parse(row.tracks),
    locale: row.locale,
    contentNote: row.content_note,
    objectives: JSON.parse(row.objectives),
    sources: JSON.parse(row.sources),
    headings: JSON.parse(row.headings),
    check: JSON.parse(row.check_items),
    words: Number(row.words),
    html: row.html,
  };
}

export async function listGlossary(db: Executor, versionId: string) {
  const rows = await db('course_glossary').where({ version_id: versionId }).orderBy('position');
  return rows.map((row) => ({ slug: row.slug as string, term: row.term as string, definition: row.definition as string, sources: JSON.parse(row.sources) as string[] }));
}

export async function listSources(db: Executor, versionId: string) {
  const rows = await db('course_sources').where({ version_id: versionId }).orderBy('position');
  return rows.map((row) => ({ id: row.source_key as string, citation: row.citation as string, urls: JSON.parse(row.urls) as string[] }));
}
// A version's items never change once imported, so each process may keep them parsed.
const banks = new Map<string, Promise<Map<string, Item>>>();

/** The item bank of a course version, by item id. */
export function itemBank(db: Executor, versionId: string): Promise<Map<string, Item>> {
  let bank = banks.get(versionId);
  if (!bank) {
    bank = db('course_items')
      .where({ version_id: versionId })
      .select('body')
      .then((rows) => new Map(rows.map((row) => {
        const item = JSON.parse(row.body) as Item;
        return [item.id, item] as const;
      })));
    bank.catch(() => banks.delete(versionId));
    banks.set(versionId, bank);
  }
  return bank;
}

