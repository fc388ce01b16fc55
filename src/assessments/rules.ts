import type { ExamSettings } from '../courses/index.js';
import type { AttemptRow, Grant } from './queries.js';


export type ExamState =
  | { kind: 'passed'; attempt: AttemptRow }
  | { kind: 'in_progress'; attempt: AttemptRow }
  | { kind: 'can_start'; cycle: number; number: number; attemptsLeft: number; extraMinutes: number }
  | { kind: 'cooling_down'; until: number; attemptsLeft: number }
  | { kind: 'no_attempts_left'; cycle: number };

/**
 * Where a learner stands with the exam (CURRICULUM.md 5.2): a passed exam is done; an
 * attempt in progress is resumed; otherwise a new attempt needs an attempt left in the
 * current cycle (the maximum plus extra attempts a trainer granted) and the cool-down since
 * the last attempt to have passed, unless a trainer lifted it. A trainer opens a new cycle after
 * the last attempt.
 */
export function examState(settings: ExamSettings, attempts: AttemptRow[], grants: Grant[], now: number): ExamState {
  const open = attempts.find((a) => a.status === 'in_progress');
  if (open) return { kind: 'in_progress', attempt: open };
  // A new cycle (after the last failed attempt, or to renew a certificate) starts afresh.
  const cycle = 1 + grants.filter((g) => g.kind === 'new_cycle').length;
  const passed = attempts.find((a) => a.passed === true && a.cycle === cycle);
  if (passed) return { kind: 'passed', attempt: passed };

  const cycleStart = grants.filter((g) => g.kind === 'new_cycle').at(-1)?.createdAt ?? -Infinity;
  const inCycle = attempts.filter((a) => a.cycle === cycle);
  const extraAttempts = grants.filter((g) => g.kind === 'extra_attempt' && g.createdAt > cycleStart).reduce((sum, g) => sum + g.amount, 0);
  const attemptsLeft = settings.max_attempts + extraAttempts - inCycle.length;
  if (attemptsLeft <= 0) return { kind: 'no_attempts_left', cycle };

  const last = inCycle.at(-1);
  const until = last?.submittedAt ? last.submittedAt + settings.cooldown_hours * 3_600_000 : -Infinity;
  // A trainer may lift the cool-down that follows the last attempt; the next attempt starts a new one.
  const lifted = last?.submittedAt != null && grants.some((g) => g.liftsCooldown && g.createdAt >= (last.submittedAt as number));
  if (until > now && !lifted) return { kind: 'cooling_down', until, attemptsLeft };

  const extraMinutes = grants.filter((g) => g.kind === 'extra_time' && g.createdAt > (last?.startedAt ?? cycleStart)).reduce((sum, g) => sum + g.amount, 0);
  return { kind: 'can_start', cycle, number: (inCycle.at(-1)?.number ?? 0) + 1, attemptsLeft, extraMinutes };
}

/** The score the gradebook gets: the best attempt, or the latest, as the package says. */
export function countedPercent(settings: ExamSettings, attempts: AttemptRow[]): number | null {
  const submitted = attempts.filter((a) => a.status === 'submitted' && a.percent !== null);
  if (submitted.length === 0) return null;
  if (settings.counted_attempt === 'latest') {
    return [...submitted].sort((a, b) => (a.submittedAt ?? 0) - (b.submittedAt ?? 0)).at(-1)?.percent ?? null;
  }
  return Math.max(...submitted.map((a) => a.percent as number));
}
