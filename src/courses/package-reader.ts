import { basename } from 'node:path';
import { paths } from '../http/paths.js';
import { answerProblems, type Item } from '../items/index.js';
import { renderCourseMarkdown, type Rendered } from './markdown.js';
import { moduleRefsIn } from './module-refs.js';
import { loadPackageFiles, type PackageFiles } from './package-files.js';
import {
  AssessmentSchema,
  CourseSchema,
  GlossarySchema,
  ModuleFrontMatterSchema,
  SourcesSchema,
  TranslatedModuleSchema,
  type CourseManifest,
  type ExamSettings,
  type ModuleFrontMatter,
} from './schema.js';
import { slugify } from './slug.js';
import { check, fieldName, lineAt, parseYaml, type PackageProblem, type YamlSource } from './yaml-file.js';

export type ModuleTranslation = { locale: string; title: string; contentNote: string; objectives: ModuleFrontMatter['objectives']; rendered: Rendered };
export type PackageModule = { key: string; position: number; minutes: number; front: ModuleFrontMatter; rendered: Rendered; translations: ModuleTranslation[] };

/**
 * The planned time of a module that states none: reading at 150 words a minute and two
 * minutes per check item, rounded up to five minutes, so a certificate never claims less
 * than the content asks of a learner.
 */
export function estimatedMinutes(words: number, checkItems: number): number {
  return Math.min(600, Math.max(5, Math.ceil((words / 150 + checkItems * 2) / 5) * 5));
}
export type GlossaryEntry = { slug: string; term: string; definition: string; sources: string[] };
export type SourceEntry = { id: string; citation: string; urls: string[] };

export type CoursePackage = {
  slug: string;
  contentHash: string;
  manifest: CourseManifest;
  modules: PackageModule[];
  exam: ExamSettings;
  items: Array<Item & { module: string }>;
  glossary: GlossaryEntry[];
  sources: SourceEntry[];
};

export type ReadResult = { ok: true; pkg: CoursePackage } | { ok: false; problems: PackageProblem[] };

function readText(files: PackageFiles, file: string, problems: PackageProblem[]): string | null {
  if (!files.has(file)) {
    problems.push({ file, message: 'file is missing' });
    return null;
  }
  return files.text(file);
}

function readYaml(files: PackageFiles, file: string, problems: PackageProblem[]): { source: YamlSource; value: unknown } | null {
  const text = readText(files, file, problems);
  return text === null ? null : parseYaml(file, text, problems);
}

/** Splits "---\nfront matter\n---\nbody"; the body's first line number is returned for messages. */
function splitFrontMatter(file: string, text: string, problems: PackageProblem[]): { yaml: string; body: string; bodyLine: number } | null {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) {
    problems.push({ file, line: 1, message: 'must start with YAML front matter between two "---" lines' });
    return null;
  }
  const yaml = match[1] as string;
  // "---", the YAML lines, "---": the body starts on the line after those.
  return { yaml, body: match[2] as string, bodyLine: yaml.split('\n').length + 3 };
}

type Refs = { glossarySlug(target: string): string | null; sourceExists(id: string): boolean; moduleExists(id: string): boolean };

function render(file: string, body: string, bodyLine: number, refs: Refs, slug: string, problems: PackageProblem[]): Rendered {
  const rendered = renderCourseMarkdown(body, { ...refs, glossaryUrl: paths.glossary({ slug }), sourcesUrl: paths.sources({ slug }) });
  for (const problem of rendered.problems) problems.push({ file, line: problem.line ? problem.line + bodyLine - 1 : undefined, message: problem.message });
  return rendered;
}

function readModule(files: PackageFiles, key: string, position: number, manifest: CourseManifest, refs: Refs, problems: PackageProblem[]): PackageModule | null {
  const file = `modules/${key}.md`;
  const text = readText(files, file, problems);
  if (text === null) return null;
  const parts = splitFrontMatter(file, text, problems);
  if (!parts) return null;
  const parsed = parseYaml(file, parts.yaml, problems, 1);
  if (!parsed) return null;
  const front = check(ModuleFrontMatterSchema, parsed.value, parsed.source, problems);
  if (!front) return null;
  const at = (field: string, path: PropertyKey[]) => ({ file, field, line: lineAt(parsed.source, path) });
  if (front.id !== key) problems.push({ ...at('id', ['id']), message: `must be "${key}", the name course.yaml uses for this file` });
  const trackIds = manifest.tracks.map((t) => t.id);
  for (const track of trackIds) if (!(track in front.tracks)) problems.push({ ...at('tracks', ['tracks']), message: `has no level for track "${track}"` });
  for (const track of Object.keys(front.tracks)) if (!trackIds.includes(track)) problems.push({ ...at(`tracks.${track}`, ['tracks', track]), message: `"${track}" is not a track of course.yaml` });
  front.sources.forEach((id, i) => {
    if (!refs.sourceExists(id)) problems.push({ ...at(`sources[${i}]`, ['sources', i]), message: `"${id}" is not in sources.yaml` });
  });
  const rendered = render(file, parts.body, parts.bodyLine, refs, manifest.slug, problems);
  const translations = readTranslations(files, key, front, manifest, refs, problems);
  return { key, position, minutes: front.minutes ?? estimatedMinutes(rendered.words, front.check.length), front, rendered, translations };
}

function readTranslations(files: PackageFiles, key: string, front: ModuleFrontMatter, manifest: CourseManifest, refs: Refs, problems: PackageProblem[]): ModuleTranslation[] {
  const pattern = new RegExp(`^${key}\\.([a-z]{2})\\.md$`);
  const translations: ModuleTranslation[] = [];
  for (const name of files.list('modules')) {
    const locale = pattern.exec(name)?.[1];
    if (!locale) continue;
    const file = `modules/${name}`;
    const parts = splitFrontMatter(file, files.text(file), problems);
    const parsed = parts && parseYaml(file, parts.yaml, problems, 1);
    const translated = parsed && check(TranslatedModuleSchema, parsed.value, parsed.source, problems);
    if (!parts || !translated) continue;
    if (locale === manifest.language) problems.push({ file, message: `is a translation into ${locale}, the course's own language` });
    translations.push({
      locale,
      title: translated.title,
      contentNote: translated.content_note,
      objectives: translated.objectives ?? front.objectives,
      rendered: render(file, parts.body, parts.bodyLine, refs, manifest.slug, problems),
    });
  }
  return translations;
}

function checkItems(
  items: Array<{ item: Item; file: string; path: PropertyKey[]; source: YamlSource; module: string }>,
  modules: PackageModule[],
  manifest: CourseManifest,
  refs: Refs,
  problems: PackageProblem[],
): void {
  const seen = new Map<string, string>();
  const roles = new Set(['all', ...manifest.tracks.map((t) => t.id)]);
  for (const { item, file, path, source, module } of items) {
    const at = (field: string) => ({ file, field: fieldName([...path, field]), line: lineAt(source, [...path, field]) });
    if (seen.has(item.id)) problems.push({ ...at('id'), message: `item id "${item.id}" is already used in ${seen.get(item.id)}` });
    seen.set(item.id, file);
    // A module that failed its own checks is reported there; its items are not blamed for it.
    const owner = modules.find((m) => m.key === module);
    if (!manifest.modules.includes(module)) problems.push({ ...at('module'), message: `"${module}" is not a module of course.yaml` });
    else if (owner && !owner.front.objectives.some((o) => o.id === item.objective)) problems.push({ ...at('objective'), message: `"${item.objective}" is not an objective of module ${module}` });
    for (const role of item.roles) if (!roles.has(role)) problems.push({ ...at('roles'), message: `"${role}" is not a track (or "all")` });
    for (const id of item.sources) if (!refs.sourceExists(id)) problems.push({ ...at('sources'), message: `"${id}" is not in sources.yaml` });
    for (const message of answerProblems(item)) problems.push({ ...at('answer'), message });
    for (const id of moduleRefsIn(item.rationale)) if (!refs.moduleExists(id)) problems.push({ ...at('rationale'), message: `module reference [[module:${id}]] names no module of course.yaml` });
  }
  for (const { item, file, path, source } of items) {
    if (item.variant_of && !seen.has(item.variant_of)) {
      problems.push({ file, field: `${path.join('.')}.variant_of`, line: lineAt(source, [...path, 'variant_of']), message: `"${item.variant_of}" is not an item of this package` });
    }
  }
}

let parses = 0;

/** How many packages have been parsed in this process: lets a test see that an unchanged one was not. */
export function packageParseCount(): number {
  return parses;
}

/** Reads and validates a course package folder; nothing is returned unless all of it is valid. */
export function readCoursePackage(dir: string): ReadResult {
  const loaded = loadPackageFiles(dir);
  return loaded.ok ? parseCoursePackage(dir, loaded.files, loaded.hash) : loaded;
}

/** Validates a package's files, already read and hashed by loadPackageFiles. */
export function parseCoursePackage(dir: string, files: PackageFiles, hash: string): ReadResult {
  parses += 1;
  const problems: PackageProblem[] = [];
  const course = readYaml(files, 'course.yaml', problems);
  const manifest = course && check(CourseSchema, course.value, course.source, problems);
  const sourcesFile = readYaml(files, 'sources.yaml', problems);
  const sources = (sourcesFile && check(SourcesSchema, sourcesFile.value, sourcesFile.source, problems)) ?? [];
  const glossaryFile = readYaml(files, 'glossary.yaml', problems);
  const glossaryRaw = (glossaryFile && check(GlossarySchema, glossaryFile.value, glossaryFile.source, problems)) ?? [];
  const assessmentFile = readYaml(files, 'assessment.yaml', problems);
  const assessment = assessmentFile && check(AssessmentSchema, assessmentFile.value, assessmentFile.source, problems);
  if (!manifest) return { ok: false, problems };

  if (manifest.slug !== basename(dir)) problems.push({ file: 'course.yaml', field: 'slug', line: lineAt(course.source, ['slug']), message: `must match the folder name "${basename(dir)}"` });
  const sourceIds = new Set(sources.map((s) => s.id));
  const glossary = glossaryRaw.map((entry) => ({ slug: entry.slug ?? slugify(entry.term), term: entry.term, definition: entry.definition, sources: entry.sources }));
  const bySlugOrTerm = new Map<string, string>();
  for (const entry of glossary) {
    bySlugOrTerm.set(entry.slug, entry.slug);
    bySlugOrTerm.set(entry.term.toLowerCase(), entry.slug);
  }
  const refs: Refs = { glossarySlug: (target) => bySlugOrTerm.get(target.toLowerCase()) ?? bySlugOrTerm.get(slugify(target)) ?? null, sourceExists: (id) => sourceIds.has(id), moduleExists: (id) => manifest.modules.includes(id) };
  glossaryRaw.forEach((entry, i) => {
    for (const id of entry.sources) if (!sourceIds.has(id) && glossaryFile) problems.push({ file: 'glossary.yaml', field: `[${i}].sources`, line: lineAt(glossaryFile.source, [i, 'sources']), message: `"${id}" is not in sources.yaml` });
  });

  const modules = manifest.modules.map((key, i) => readModule(files, key, i + 1, manifest, refs, problems)).filter((m): m is PackageModule => m !== null);
  const listed = new Set(manifest.modules);
  for (const name of files.list('modules')) {
    const key = /^([^.]+)(\.[a-z]{2})?\.md$/.exec(name)?.[1];
    if (!key || !listed.has(key)) problems.push({ file: `modules/${name}`, message: 'is not a module listed in course.yaml' });
  }
  const objectiveIds = modules.flatMap((m) => m.front.objectives.map((o) => o.id));
  for (const id of objectiveIds.filter((id, i) => objectiveIds.indexOf(id) !== i)) problems.push({ file: 'modules', message: `objective id "${id}" is used twice` });

  const examItems = (assessment?.items ?? []).map((item, i) => ({ item, file: 'assessment.yaml', path: ['items', i], source: (assessmentFile as { source: YamlSource }).source, module: item.module ?? '' }));
  for (const entry of examItems) if (!entry.item.module) problems.push({ file: entry.file, field: `items[${entry.path[1]}].module`, line: lineAt(entry.source, entry.path), message: 'is required for exam items' });
  const checkItemsList = modules.flatMap((m) => m.front.check.map((item, i) => ({ item, file: `modules/${m.key}.md`, path: ['check', i], source: null as unknown as YamlSource, module: m.key })));
  checkItems(examItems, modules, manifest, refs, problems);
  checkItems(checkItemsList.map((c) => ({ ...c, source: sourceFor(files, c.file) })), modules, manifest, refs, problems);

  if (problems.length > 0 || !assessment) return { ok: false, problems };
  return {
    ok: true,
    pkg: {
      slug: manifest.slug,
      contentHash: hash,
      manifest,
      modules,
      exam: assessment.exam,
      items: examItems.map((e) => ({ ...e.item, module: e.module })),
      glossary,
      sources: sources.map((s) => ({ id: s.id, citation: s.citation, urls: s.urls })),
    },
  };
}

/** Re-parses a module's front matter to point check-item problems at their lines. */
function sourceFor(files: PackageFiles, file: string): YamlSource {
  const parts = splitFrontMatter(file, files.text(file), []);
  const parsed = parts && parseYaml(file, parts.yaml, [], 1);
  return (parsed as { source: YamlSource }).source;
}
