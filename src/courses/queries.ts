import { z } from 'zod';
import { jsonText, nullableText, num, rowParser, text, type Executor } from '../db/index.js';
import { ItemSchema, type Item } from '../items/index.js';
import { CompletionRuleSchema, DEFAULT_COMPLETION, ExamSettingsSchema, LevelSchema, TrackSchema, type CompletionRule, type ExamSettings } from './schema.js';

export type Track = z.infer<typeof TrackSchema>;
export type Level = z.infer<typeof LevelSchema>;

/** What a version keeps of the package's certificate section. */
const CertificateTerms = z.object({ validity_months: z.number(), expiring_window_days: z.number(), statement: z.string(), track_statements: z.record(z.string(), z.string()) });

export type CourseVersion = {
  id: string;
  slug: string;
  number: number;
  title: string;
  language: string;
  legalBaseline: string;
  summary: string;
  tracks: Track[];
  certificate: z.infer<typeof CertificateTerms>;
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
  completion: CompletionRule;
  words: number;
  html: string;
};

const toVersion = rowParser(
  'course_versions',
  z
    .object({
      id: text,
      course_slug: text,
      number: num,
      title: text,
      language: text,
      legal_baseline: text,
      summary: text,
      tracks: jsonText(z.array(TrackSchema)),
      certificate: jsonText(CertificateTerms),
      exam: jsonText(ExamSettingsSchema),
    })
    .transform((row): CourseVersion => ({
      id: row.id,
      slug: row.course_slug,
      number: row.number,
      title: row.title,
      language: row.language,
      legalBaseline: row.legal_baseline,
      summary: row.summary,
      tracks: row.tracks,
      certificate: row.certificate,
      exam: row.exam,
    })),
);

const ModuleSummaryRow = z.object({ module_key: text, position: num, title: text, minutes: num, tracks: jsonText(z.record(z.string(), LevelSchema)) });
const toModuleSummary = rowParser(
  'course_modules',
  ModuleSummaryRow.transform((row): ModuleSummary => ({ key: row.module_key, position: row.position, title: row.title, minutes: row.minutes, tracks: row.tracks })),
);

/** Objectives and headings alike: an id and its words. */
const IdText = z.object({ id: z.string(), text: z.string() });
const toModuleContent = rowParser(
  'course_modules',
  ModuleSummaryRow.extend({
    locale: text,
    content_note: text,
    objectives: jsonText(z.array(IdText)),
    sources: jsonText(z.array(z.string())),
    headings: jsonText(z.array(IdText)),
    check_items: jsonText(z.array(ItemSchema)),
    // Null for versions imported before packages could state a rule: the default rule applies.
    completion: nullableText.transform((value) => (value === null ? DEFAULT_COMPLETION : CompletionRuleSchema.parse(JSON.parse(value)))),
    words: num,
    html: text,
  }).transform((row): ModuleContent => ({
    key: row.module_key,
    position: row.position,
    title: row.title,
    minutes: row.minutes,
    tracks: row.tracks,
    locale: row.locale,
    contentNote: row.content_note,
    objectives: row.objectives,
    sources: row.sources,
    headings: row.headings,
    check: row.check_items,
    completion: row.completion,
    words: row.words,
    html: row.html,
  })),
);

const toGlossaryEntry = rowParser(
  'course_glossary',
  z.object({ slug: text, term: text, definition: text, sources: jsonText(z.array(z.string())) }).transform((row) => ({ slug: row.slug, term: row.term, definition: row.definition, sources: row.sources })),
);

const toSource = rowParser(
  'course_sources',
  z.object({ source_key: text, citation: text, urls: jsonText(z.array(z.string())) }).transform((row) => ({ id: row.source_key, citation: row.citation, urls: row.urls })),
);

const toItem = rowParser('course_items', z.object({ body: jsonText(ItemSchema) }).transform((row): Item => row.body));

export async function findLatestVersion(db: Executor, slug: string): Promise<CourseVersion | null> {
  const row = await db('course_versions').where({ course_slug: slug }).orderBy('number', 'desc').first();
  return row ? toVersion(row) : null;
}

export async function findVersion(db: Executor, id: string): Promise<CourseVersion | null> {
  const row = await db('course_versions').where({ id }).first();
  return row ? toVersion(row) : null;
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
  return rows.map(toVersion);
}

export async function listModules(db: Executor, versionId: string, language: string): Promise<ModuleSummary[]> {
  const rows = await db('course_modules').where({ version_id: versionId, locale: language }).orderBy('position').select('module_key', 'position', 'title', 'minutes', 'tracks');
  return rows.map(toModuleSummary);
}

/** A module in the learner's language when a translation exists, else in the course's. */
export async function findModule(db: Executor, version: CourseVersion, key: string, locale: string): Promise<ModuleContent | null> {
  const rows = await db('course_modules').where({ version_id: version.id, module_key: key }).whereIn('locale', [locale, version.language]);
  const row = rows.find((r) => r.locale === locale) ?? rows.find((r) => r.locale === version.language);
  return row ? toModuleContent(row) : null;
}

const toModuleWords = rowParser(
  'course_modules',
  z.object({ module_key: text, locale: text, title: text, objectives: jsonText(z.array(IdText)) }).transform((row) => ({ key: row.module_key, locale: row.locale, title: row.title, objectives: row.objectives })),
);
export type ModuleWords = { title: string; objectives: Array<{ id: string; text: string }> };

/** Every module's title and objectives in the reader's language where translated, else the course's. */
export async function listModuleWords(db: Executor, version: CourseVersion, locale: string): Promise<Map<string, ModuleWords>> {
  const rows = (await db('course_modules').where({ version_id: version.id }).whereIn('locale', [locale, version.language]).select('module_key', 'locale', 'title', 'objectives')).map(toModuleWords);
  const words = new Map<string, ModuleWords>();
  for (const row of rows) if (!words.has(row.key) || row.locale === locale) words.set(row.key, { title: row.title, objectives: row.objectives });
  return words;
}

export async function listGlossary(db: Executor, versionId: string) {
  const rows = await db('course_glossary').where({ version_id: versionId }).orderBy('position');
  return rows.map(toGlossaryEntry);
}

export async function listSources(db: Executor, versionId: string) {
  const rows = await db('course_sources').where({ version_id: versionId }).orderBy('position');
  return rows.map(toSource);
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
        const item = toItem(row);
        return [item.id, item] as const;
      })));
    bank.catch(() => banks.delete(versionId));
    banks.set(versionId, bank);
  }
  return bank;
}

