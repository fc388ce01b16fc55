import { inTransaction, type Executor } from '../db/index.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { assertCan, isLearnerIn, learnersOfContext, resourceLinkCustom, type Actor } from '../identity/index.js';
import { FORMATIVE_RULES, readResponse, scoreItem, wrongParts } from '../items/index.js';
import { LOCALES, translator, type Locale } from '../i18n/index.js';
import { paths } from '../http/paths.js';
import { escapeHtml, resolveModuleRefs, resolveModuleRefsInText, trackNumbers, type ModuleNumber } from './module-refs.js';
import { findPlacement, savePlacement, type Placement } from './placements.js';
import * as progress from './progress.js';
import { findLatestVersion, findModule, findVersion, listGlossary, listLatestVersions, listModules, listModuleWords, listSources, type CourseVersion, type Level, type ModuleContent, type ModuleSummary } from './queries.js';
import { sectionKey, splitSections } from './sections.js';

/** Who is asking: the parts of a session the course area needs. */
export type Viewer = Actor & { resourceLinkId: string | null };
export type ModuleStatus = 'not_started' | 'in_progress' | 'completed';
/** A module as a learner of a track sees it: its words in their language and its number in their track (none outside it). */
export type TrackModule = { key: string; title: string; objectives: Array<{ id: string; text: string }>; number: ModuleNumber | null };
/** What a learner still has to do before a module can be completed; nothing when `ready`. */
export type MissingEvidence = { ready: boolean; sections: Array<{ id: string; title: string }>; check: 'attempted' | 'passed' | null; checkSection: string };
export type CompletionOutcome = { completed: true; next: string | null } | { completed: false; missing: MissingEvidence; module: ModuleContent; version: CourseVersion };

/** Told when a learner has completed every module their track requires (certificates wait for it). */
export type CourseCompletedHook = (db: Executor, event: { userId: string; courseSlug: string }) => Promise<void>;
/** Whether a run's track is fixed by work built on it (an exam drawn for it); the exam area answers. */
export type TrackLockedCheck = (db: Executor, learnerCourseId: string) => Promise<boolean>;
/** How many of these runs passed the exam from this LMS course; the exam area answers, for the staff overview. */
export type PassedCount = (db: Executor, scope: { learnerCourseIds: string[]; contextId: string }) => Promise<number>;

export function createCourses(deps: { db: Executor; clock: Clock; onCompleted?: CourseCompletedHook[]; trackLocked?: TrackLockedCheck[]; passedCount?: PassedCount }) {
  const { db, clock } = deps;

  /** What the LMS link shows: its custom parameters `course`/`module` first, then a trainer's choice. */
  async function placementFor(viewer: Viewer): Promise<Placement | null> {
    if (!viewer.resourceLinkId) return null;
    const custom = await resourceLinkCustom(db, viewer.resourceLinkId);
    if (custom.course) return { courseSlug: custom.course, moduleKey: custom.module ?? null };
    return findPlacement(db, viewer.resourceLinkId);
  }

  /** The learner's run and its pinned version; a link only opens the course placed on it. */
  async function open(viewer: Viewer, slug: string) {
    const placement = await placementFor(viewer);
    if (!placement || placement.courseSlug !== slug) throw new ForbiddenError('This course is not the one placed on the link you opened. Go back to your course in the LMS.');
    const latest = await findLatestVersion(db, slug);
    if (!latest) throw new NotFoundError('course', slug);
    const run = await progress.getOrStartLearnerCourse(db, viewer.userId, slug, latest.id, clock.now());
    const version = run.versionId === latest.id ? latest : ((await findVersion(db, run.versionId)) as CourseVersion);
    return { run, version, placement };
  }

  function levelFor(module: ModuleSummary, track: string | null): Level {
    return track ? (module.tracks[track] ?? 'optional') : 'core';
  }

  /** The course's modules in order, each with its number in the track and its words in the reader's language. */
  async function trackModules(version: CourseVersion, track: string | null, locale: string): Promise<TrackModule[]> {
    const modules = await listModules(db, version.id, version.language);
    const numbers = trackNumbers(modules, (m) => levelFor(m, track));
    const words = await listModuleWords(db, version, locale);
    return modules.map((m) => ({ key: m.key, title: words.get(m.key)?.title ?? m.title, objectives: words.get(m.key)?.objectives ?? [], number: numbers.get(m.key) ?? null }));
  }

  /** A module as a cross-reference names it for this reader: "Module n: Title" in their track, the title alone outside it. */
  function moduleName(modules: readonly TrackModule[], locale: string): (key: string) => { text: string; numbered: boolean } {
    const t = translator((LOCALES as readonly string[]).includes(locale) ? (locale as Locale) : 'en');
    const byKey = new Map(modules.map((m) => [m.key, m]));
    return (key) => {
      const module = byKey.get(key);
      if (!module) return { text: key, numbered: false };
      return module.number ? { text: t('module.reference', { n: module.number.n, title: module.title }), numbered: true } : { text: module.title, numbered: false };
    };
  }

  /** "[[module:<id>]]" in a module's HTML, linked when the module is in the reader's track. */
  function showModuleRefs(html: string, slug: string, modules: TrackModule[], locale: string): string {
    const name = moduleName(modules, locale);
    return resolveModuleRefs(html, (key) => {
      const { text, numbered } = name(key);
      return numbered ? `<a class="module-ref" href="${paths.module({ slug, module: key })}">${escapeHtml(text)}</a>` : `<span class="module-ref">${escapeHtml(text)}</span>`;
    });
  }

  /** "[[module:<id>]]" in an item's rationale, which is plain text. */
  function withModuleNames<T extends { rationale: string }>(item: T, modules: readonly TrackModule[], locale: string): T {
    const name = moduleName(modules, locale);
    return { ...item, rationale: resolveModuleRefsInText(item.rationale, (key) => name(key).text) };
  }

  async function overview(viewer: Viewer, slug: string) {
    const { run, version, placement } = await open(viewer, slug);
    const modules = await listModules(db, version.id, version.language);
    const numbers = trackNumbers(modules, (m) => levelFor(m, run.track));
    const done = new Map((await progress.listModuleProgress(db, run.id)).map((p) => [p.moduleKey, p]));
    const rows = modules.map((m) => ({ ...m, level: levelFor(m, run.track), number: numbers.get(m.key) ?? null, status: (done.get(m.key)?.status ?? 'not_started') as ModuleStatus, position: done.get(m.key)?.position ?? null }));
    const required = rows.filter((m) => m.level === 'core');
    const completed = required.filter((m) => m.status === 'completed').length;
    const resumeAt = rows.find((m) => m.key === run.lastModuleKey && m.status !== 'completed') ?? rows.find((m) => m.level === 'core' && m.status !== 'completed') ?? null;
    return {
      version,
      run,
      placement,
      modules: rows,
      progress: { completed, required: required.length, percent: required.length ? Math.round((completed / required.length) * 100) : 0 },
      resume: resumeAt ? { moduleKey: resumeAt.key, position: resumeAt.position, title: resumeAt.title } : null,
    };
  }

  /** The module's sections in the learner's language; its rule decides which must be reached. */
  function sectionsOf(module: ModuleContent) {
    return splitSections(module.html, module.headings, module.title);
  }

  /** Measured against the module's completion rule (docs/course-format.md), from what the server recorded. */
  async function missingEvidence(runId: string, module: ModuleContent): Promise<MissingEvidence> {
    const reached = await progress.sectionsReached(db, runId, module.key);
    const all = sectionsOf(module);
    const sections = module.completion.sections === 'all' ? all.filter((_, i) => !reached.has(sectionKey(i))).map((s) => ({ id: s.id, title: s.title })) : [];
    const rule = module.check.length === 0 ? 'none' : module.completion.check;
    let check: MissingEvidence['check'] = null;
    if (rule !== 'none') {
      const evidence = await progress.checkEvidence(db, runId, module.key);
      if (rule === 'attempted' && !evidence.attempted) check = 'attempted';
      if (rule === 'passed' && !evidence.passed) check = 'passed';
    }
    // The check is at the end of the module's last section.
    return { ready: sections.length === 0 && check === null, sections, check, checkSection: (all[all.length - 1] as { id: string }).id };
  }

  /** One section of a module (the first when none or an unknown one is asked for); opening it records that it was reached. */
  async function moduleView(viewer: Viewer, slug: string, key: string, locale: string, sectionId: string | null = null) {
    const { run, version } = await open(viewer, slug);
    const found = await findModule(db, version, key, locale);
    if (!found) throw new NotFoundError('module', key);
    const module = { ...found, html: showModuleRefs(found.html, slug, await trackModules(version, run.track, locale), locale) };
    const sections = sectionsOf(module);
    // An id from the other language's version of the module (the learner switched) opens the first section.
    const at = Math.max(0, sections.findIndex((s) => s.id === sectionId));
    const section = sections[at] as (typeof sections)[number];
    const now = clock.now();
    await progress.recordModuleVisit(db, run.id, key, now);
    await progress.recordSectionReached(db, run.id, key, sectionKey(at), now);
    await progress.savePosition(db, run.id, key, section.id, now);
    const reached = await progress.sectionsReached(db, run.id, key);
    const modules = await listModules(db, version.id, version.language);
    const index = modules.findIndex((m) => m.key === key);
    const state = (await progress.listModuleProgress(db, run.id)).find((p) => p.moduleKey === key);
    const cited = new Set(module.sources);
    const sources = (await listSources(db, version.id)).filter((s) => cited.has(s.id));
    return {
      version,
      run,
      module,
      sources,
      level: levelFor(module, run.track),
      status: state?.status ?? 'in_progress',
      prev: modules[index - 1] ?? null,
      next: modules[index + 1] ?? null,
      sections: sections.map((s, i) => ({ id: s.id, title: s.title, reached: reached.has(sectionKey(i)) })),
      section: { ...section, number: at + 1, first: at === 0, last: at === sections.length - 1 },
      prevSection: sections[at - 1] ?? null,
      nextSection: sections[at + 1] ?? null,
      missing: await missingEvidence(run.id, module),
    };
  }

  /**
   * Completes a module when the evidence its rule asks for is recorded, and returns the
   * module after it; otherwise changes nothing and says what is missing.
   */
  async function complete(viewer: Viewer, slug: string, key: string, locale: string): Promise<CompletionOutcome> {
    const { run, version } = await open(viewer, slug);
    const modules = await listModules(db, version.id, version.language);
    const index = modules.findIndex((m) => m.key === key);
    const module = await findModule(db, version, key, locale);
    if (index < 0 || !module) throw new NotFoundError('module', key);
    const state = (await progress.listModuleProgress(db, run.id)).find((p) => p.moduleKey === key);
    if (state?.status !== 'completed') {
      const missing = await missingEvidence(run.id, module);
      if (!missing.ready) return { completed: false, missing, module, version };
    }
    await inTransaction(db, async (trx) => {
      // A rule that asks for nothing lets a module be completed before any of its pages was opened.
      await progress.recordModuleVisit(trx, run.id, key, clock.now());
      await progress.completeModule(trx, run.id, key, clock.now());
      const done = new Set((await progress.listModuleProgress(trx, run.id)).filter((p) => p.status === 'completed').map((p) => p.moduleKey));
      if (!modules.filter((m) => levelFor(m, run.track) === 'core').every((m) => done.has(m.key))) return;
      await progress.markCourseCompleted(trx, run.id, clock.now());
      // In the same transaction, so a certificate and the completion it rests on commit together.
      for (const hook of deps.onCompleted ?? []) await hook(trx, { userId: viewer.userId, courseSlug: slug });
    });
    return { completed: true, next: modules[index + 1]?.key ?? null };
  }

  return {
    placementFor,
    /** The learner's run and version, for areas that build on a course (the exam). */
    open,
    levelFor,
    trackModules,
    withModuleNames,
    overview,
    moduleView,
    complete,

    async listCourses() {
      return listLatestVersions(db);
    },

    async place(viewer: Viewer, slug: string, moduleKey: string | null): Promise<void> {
      assertCan(viewer, 'course.place');
      if (!viewer.resourceLinkId) throw new AppError('no_resource_link', 400, 'This launch has no resource link to place a course on.');
      const version = await findLatestVersion(db, slug);
      if (!version) throw new ValidationError(`There is no course "${slug}".`);
      if (moduleKey && !(await listModules(db, version.id, version.language)).some((m) => m.key === moduleKey)) throw new ValidationError(`The course has no module "${moduleKey}".`);
      await savePlacement(db, viewer.resourceLinkId, { courseSlug: slug, moduleKey }, viewer.userId, clock.now());
    },

    async savePosition(viewer: Viewer, slug: string, key: string, position: string): Promise<void> {
      const { run } = await open(viewer, slug);
      if (!/^[a-z0-9-]{1,96}$/.test(position)) throw new ValidationError('The position is not a section of the module.');
      await progress.recordModuleVisit(db, run.id, key, clock.now());
      await progress.savePosition(db, run.id, key, position, clock.now());
    },

    async chooseTrack(viewer: Viewer, slug: string, track: string): Promise<void> {
      const { run, version } = await open(viewer, slug);
      if (!version.tracks.some((t) => t.id === track)) throw new ValidationError(`"${track}" is not a track of this course.`);
      // The exam is drawn for the track: once an attempt exists, or a trainer chose, only a trainer changes it.
      const setByTrainer = run.track !== null && (await progress.trackSetBy(db, run.id)) !== viewer.userId;
      const locked = async () => (await Promise.all((deps.trackLocked ?? []).map((check) => check(db, run.id)))).some(Boolean);
      if (viewer.role === 'learner' && (setByTrainer || (await locked()))) throw new AppError('track_locked', 409, 'Your track is set for your assessment; ask your trainer to change it.');
      await progress.setTrack(db, run.id, track, viewer.userId, clock.now());
    },

    async submitCheck(viewer: Viewer, slug: string, key: string, form: Record<string, unknown>, locale: string) {
      const { run, version } = await open(viewer, slug);
      const module = await findModule(db, version, key, locale);
      if (!module) throw new NotFoundError('module', key);
      const inTrack = await trackModules(version, run.track, locale);
      const results = module.check.map((item) => {
        const response = readResponse(item, form);
        return { item: withModuleNames(item, inTrack, locale), response, ...scoreItem(item, response, FORMATIVE_RULES), wrongParts: wrongParts(item, response) };
      });
      const score = results.reduce((sum, r) => sum + r.points, 0);
      await progress.insertCheckAttempt(db, { learnerCourseId: run.id, moduleKey: key, answers: results.map((r) => ({ item: r.item.id, response: r.response ?? null })), score, maxScore: results.length, now: clock.now() });
      const modules = await listModules(db, version.id, version.language);
      const next = modules[modules.findIndex((m) => m.key === key) + 1] ?? null;
      const sections = sectionsOf(module);
      // The check is on the module's last section page; "try again" goes back there.
      return { result: { score, max: results.length, results }, view: { version, module, next, checkSection: (sections[sections.length - 1] as { id: string }).id } };
    },

    /** The learners of the trainer's LMS course, with their track and progress in this course. */
    async learners(viewer: Viewer, slug: string) {
      assertCan(viewer, 'course.learners');
      const { version } = await open(viewer, slug);
      const modules = await listModules(db, version.id, version.language);
      const people = await learnersOfContext(db, viewer.contextId);
      const runs = new Map((await progress.learnerCoursesOf(db, slug, people.map((p) => p.id))).map((run) => [run.userId, run]));
      const doneBy = await progress.completedModuleCounts(db, [...runs.values()].map((run) => run.id));
      return {
        version,
        moduleCount: modules.length,
        learners: people.map((p) => {
          const run = runs.get(p.id);
          return { userId: p.id, name: p.name ?? p.sub, track: run?.track ?? null, completedModules: run ? (doneBy.get(run.id) ?? 0) : 0, completed: (run?.completedAt ?? null) !== null };
        }),
      };
    },

    /**
     * What a trainer or administrator lands on: the course placed on the link they launched
     * from and a few figures for it. Opens no run, so staff do not appear among the learners.
     */
    async staffOverview(viewer: Viewer) {
      assertCan(viewer, 'course.staff_overview');
      const placement = await placementFor(viewer);
      if (!placement) return null;
      const version = await findLatestVersion(db, placement.courseSlug);
      if (!version) throw new NotFoundError('course', placement.courseSlug);
      const people = await learnersOfContext(db, viewer.contextId);
      const runs = await progress.learnerCoursesOf(db, placement.courseSlug, people.map((p) => p.id));
      const passed = deps.passedCount ? await deps.passedCount(db, { learnerCourseIds: runs.map((run) => run.id), contextId: viewer.contextId }) : null;
      return {
        version,
        placement,
        figures: { learners: people.length, completed: runs.filter((run) => run.completedAt !== null).length, passed },
      };
    },

    /** A trainer puts a learner of their own LMS course on a track. */
    async assignTrack(viewer: Viewer, slug: string, learnerId: string, track: string): Promise<void> {
      assertCan(viewer, 'course.assign_track');
      const { version } = await open(viewer, slug);
      if (!version.tracks.some((t) => t.id === track)) throw new ValidationError(`"${track}" is not a track of this course.`);
      if (!(await isLearnerIn(db, learnerId, viewer.contextId))) throw new ForbiddenError('That person is not a learner in your course.');
      const run = await progress.getOrStartLearnerCourse(db, learnerId, slug, version.id, clock.now());
      await progress.setTrack(db, run.id, track, viewer.userId, clock.now());
    },

    async glossary(viewer: Viewer, slug: string) {
      const { version } = await open(viewer, slug);
      return { version, entries: await listGlossary(db, version.id) };
    },

    async sources(viewer: Viewer, slug: string) {
      const { version } = await open(viewer, slug);
      return { version, entries: await listSources(db, version.id) };
    },
  };
}

export type Courses = ReturnType<typeof createCourses>;
