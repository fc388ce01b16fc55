import type { Executor } from '../db/index.js';
import { findVersion, itemBank, learnerCourseIdsOf, learnerCoursesByIds, listModules, type Courses, type PassedCount, type Viewer } from '../courses/index.js';
import { assertCan, learnersOfContext, learnerLaunchIdsIn, usersByIds } from '../identity/index.js';
import { attemptStarts, grantsOfRuns, passedRunCount, scoredAnswers, submittedAttempts, type AttemptRow, type GrantKind } from './queries.js';
import type { Item, ItemType } from '../items/index.js';
import { itemFlags, itemStatistics, sortStatistics, type ItemFlag, type StatSort } from './item-statistics.js';

/** One row of the item table: what the item asks, where it comes from, how it performs. */
export type ItemReportRow = {
  itemKey: string;
  prompt: string | null;
  type: ItemType | null;
  module: { number: number; title: string } | null;
  responses: number;
  facility: number;
  discrimination: number | null;
  flags: ItemFlag[];
};

/** A past grant as trainers see it in the list of their course. */
export type GrantReportRow = { id: string; learnerName: string; grantedByName: string; kind: GrantKind; amount: number; liftsCooldown: boolean; reason: string; createdAt: number; used: boolean };

const PROMPT_LENGTH = 120;

/** The stem on one line, cut at a word so a long scenario question does not fill the table. */
export function shortPrompt(item: Item): string {
  const flat = item.stem.replace(/\s+/g, ' ').trim();
  if (flat.length <= PROMPT_LENGTH) return flat;
  const cut = flat.slice(0, PROMPT_LENGTH);
  return `${cut.slice(0, cut.lastIndexOf(' ') > PROMPT_LENGTH / 2 ? cut.lastIndexOf(' ') : PROMPT_LENGTH).trimEnd()}…`;
}

/** How many learners of an LMS course passed, counting attempts launched from it, as the report does. */
export const passedLearnerCount: PassedCount = (db, scope) => passedRunCount(db, { learnerCourseIds: scope.learnerCourseIds, launchIds: learnerLaunchIdsIn(db, scope.contextId) });

/** What a trainer sees of the exam in their LMS course: attempts, pass rate and how each item performs. */
export function createExamReports(deps: { db: Executor; courses: Courses }) {
  const { db } = deps;

  /** Item texts and modules from the bank of the version each item was drawn from, the current one first. */
  async function describeItems(stats: ReturnType<typeof itemStatistics>, versionIds: string[]): Promise<ItemReportRow[]> {
    const versions = [...new Set(versionIds)];
    const sources = await Promise.all(
      versions.map(async (id) => {
        const bank = await itemBank(db, id);
        const version = await findVersion(db, id);
        const modules = version ? await listModules(db, id, version.language) : [];
        return { bank, modules: new Map(modules.map((m) => [m.key, { number: m.position, title: m.title }])) };
      }),
    );
    return stats.map((stat) => {
      const source = sources.find((s) => s.bank.has(stat.itemKey));
      const item = source?.bank.get(stat.itemKey);
      return {
        ...stat,
        prompt: item ? shortPrompt(item) : null,
        type: item?.type ?? null,
        module: item?.module ? (source?.modules.get(item.module) ?? null) : null,
        flags: itemFlags(stat),
      };
    });
  }

  /**
   * Grants made in this LMS course to its learners, newest first; used once an attempt started
   * after it. A run is shared by every LMS course the learner opens it from: grants made in
   * another course, with their reasons, are that course's trainers' to see.
   */
  async function grantsInCourse(slug: string, contextId: string, learners: Array<{ id: string; name: string | null; sub: string }>): Promise<GrantReportRow[]> {
    const all = await grantsOfRuns(db, learnerCourseIdsOf(db, slug), contextId);
    const ownerOf = new Map((await learnerCoursesByIds(db, all.map((g) => g.learnerCourseId))).map((run) => [run.id, run.userId]));
    const inCourse = new Map(learners.map((l) => [l.id, l.name ?? l.sub]));
    const grants = all.filter((g) => inCourse.has(ownerOf.get(g.learnerCourseId) ?? ''));
    const [granters, starts] = await Promise.all([usersByIds(db, grants.map((g) => g.grantedBy)), attemptStarts(db, grants.map((g) => g.learnerCourseId))]);
    return grants.map((g) => {
      const granter = granters.get(g.grantedBy);
      return {
        id: g.id,
        learnerName: inCourse.get(ownerOf.get(g.learnerCourseId) as string) as string,
        grantedByName: granter ? (granter.name ?? granter.sub) : g.grantedBy,
        kind: g.kind,
        amount: g.amount,
        liftsCooldown: g.liftsCooldown,
        reason: g.reason,
        createdAt: g.createdAt,
        used: starts.some((s) => s.learnerCourseId === g.learnerCourseId && s.startedAt >= g.createdAt),
      };
    });
  }

  return {
    async report(viewer: Viewer, slug: string, sort: StatSort = { by: 'facility', order: 'asc' }, grantedId?: string) {
      assertCan(viewer, 'exam.report');
      const { version } = await deps.courses.open(viewer, slug);
      // Only attempts launched from this LMS course: the same learner's work elsewhere is not this trainer's.
      const attempts = await submittedAttempts(db, { learnerCourseIds: learnerCourseIdsOf(db, slug), launchIds: learnerLaunchIdsIn(db, viewer.contextId) });
      const runs = new Map((await learnerCoursesByIds(db, attempts.map((a) => a.learnerCourseId))).map((run) => [run.id, run.userId]));
      const ownerOf = (attempt: AttemptRow) => runs.get(attempt.learnerCourseId);
      const learners = await learnersOfContext(db, viewer.contextId);
      const answers = await scoredAnswers(db, attempts.map((a) => a.id));
      const percent = new Map(attempts.map((a) => [a.id, a.percent ?? 0]));
      const perLearner = learners.map((l) => {
        const own = attempts.filter((a) => ownerOf(a) === l.id);
        return {
          userId: l.id,
          name: l.name ?? l.sub,
          attempts: own.length,
          best: own.length ? Math.max(...own.map((a) => a.percent ?? 0)) : null,
          passed: own.some((a) => a.passed === true),
        };
      });
      const grants = await grantsInCourse(slug, viewer.contextId, learners);
      const tried = perLearner.filter((l) => l.attempts > 0);
      return {
        version,
        totals: {
          attempts: attempts.length,
          learners: tried.length,
          passRate: tried.length ? tried.filter((l) => l.passed).length / tried.length : null,
          meanPercent: attempts.length ? attempts.reduce((sum, a) => sum + (a.percent ?? 0), 0) / attempts.length : null,
        },
        learners: perLearner,
        items: sortStatistics(await describeItems(itemStatistics(answers, percent), [version.id, ...attempts.map((a) => a.versionId)]), sort),
        sort,
        grants,
        // The grant just made, for the message that says what was done.
        granted: grants.find((g) => g.id === grantedId) ?? null,
      };
    },
  };
}

export type ExamReports = ReturnType<typeof createExamReports>;
