import type { Executor } from '../db/index.js';
import { learnerCourseIdsOf, learnerCoursesByIds, type Courses, type PassedCount, type Viewer } from '../courses/index.js';
import { assertCan, learnersOfContext, learnerLaunchIdsIn } from '../identity/index.js';
import { passedRunCount, scoredAnswers, submittedAttempts, type AttemptRow } from './queries.js';
import { itemStatistics } from './item-statistics.js';

/** How many learners of an LMS course passed, counting attempts launched from it, as the report does. */
export const passedLearnerCount: PassedCount = (db, scope) => passedRunCount(db, { learnerCourseIds: scope.learnerCourseIds, launchIds: learnerLaunchIdsIn(db, scope.contextId) });

/** What a trainer sees of the exam in their LMS course: attempts, pass rate and how each item performs. */
export function createExamReports(deps: { db: Executor; courses: Courses }) {
  const { db } = deps;
  return {
    async report(viewer: Viewer, slug: string) {
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
        items: itemStatistics(answers, percent),
      };
    },
  };
}

export type ExamReports = ReturnType<typeof createExamReports>;
