import type { Executor } from '../db/index.js';
import { ForbiddenError } from '../errors.js';
import type { Courses, Viewer } from '../courses/index.js';
import { itemStatistics } from './item-statistics.js';

/** What a trainer sees of the exam in their LMS course: attempts, pass rate and how each item performs. */
export function createExamReports(deps: { db: Executor; courses: Courses }) {
  const { db } = deps;
  return {
    async report(viewer: Viewer, slug: string) {
      if (viewer.role === 'learner') throw new ForbiddenError('Only trainers see exam results.');
      const { version } = await deps.courses.open(viewer, slug);
      // Only attempts launched from this LMS course: the same learner's work elsewhere is not this trainer's.
      const attempts = await db('attempts as a')
        .join('learner_courses as lc', 'lc.id', 'a.learner_course_id')
        .join('launches as l', 'l.id', 'a.launch_id')
        .join('users as u', 'u.id', 'lc.user_id')
        .where({ 'lc.course_slug': slug, 'a.status': 'submitted', 'l.context_id': viewer.contextId, 'l.role': 'learner' })
        .select('a.id', 'a.percent', 'a.passed', 'a.submitted_at', 'a.cycle', 'a.number', 'u.id as userId', 'u.name', 'u.sub');
      const learners = await db('enrolments as e')
        .join('users as u', 'u.id', 'e.user_id')
        .where({ 'e.context_id': viewer.contextId, 'e.role': 'learner' })
        .orderBy('u.name')
        .select('u.id as userId', 'u.name', 'u.sub');
      const answers = attempts.length
        ? await db('attempt_answers').whereIn('attempt_id', attempts.map((a) => a.id)).whereNotNull('points').select('attempt_id', 'item_key', 'points')
        : [];
      const percent = new Map(attempts.map((a) => [a.id as string, Number(a.percent)]));
      const perLearner = learners.map((l) => {
        const own = attempts.filter((a) => a.userId === l.userId);
        return {
          userId: l.userId as string,
          name: (l.name as string | null) ?? (l.sub as string),
          attempts: own.length,
          best: own.length ? Math.max(...own.map((a) => Number(a.percent))) : null,
          passed: own.some((a) => Number(a.passed) === 1),
        };
      });
      const tried = perLearner.filter((l) => l.attempts > 0);
      return {
        version,
        totals: {
          attempts: attempts.length,
          learners: tried.length,
          passRate: tried.length ? tried.filter((l) => l.passed).length / tried.length : null,
          meanPercent: attempts.length ? attempts.reduce((sum, a) => sum + Number(a.percent), 0) / attempts.length : null,
        },
        learners: perLearner,
        items: itemStatistics(answers.map((a) => ({ attemptId: a.attempt_id, itemKey: a.item_key, points: Number(a.points) })), percent),
      };
    },
  };
}

export type ExamReports = ReturnType<typeof createExamReports>;
