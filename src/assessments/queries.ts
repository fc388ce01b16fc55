import { z } from 'zod';
import { bool01, num, jsonAny, jsonText, newId, nullableNum, nullableText, rowParser, text, type Executor } from '../db/index.js';
import type { FormItem } from './blueprint.js';

export type GrantKind = 'extra_attempt' | 'extra_time' | 'new_cycle';
export type Grant = { kind: GrantKind; amount: number; liftsCooldown: boolean; createdAt: number };
/** A grant as the trainers' list shows it: to whom (their run), by whom, why. */
export type GrantRecord = Grant & { id: string; learnerCourseId: string; grantedBy: string; reason: string };

export type AttemptRow = {
  id: string;
  learnerCourseId: string;
  versionId: string;
  launchId: string | null;
  cycle: number;
  number: number;
  track: string | null;
  status: 'in_progress' | 'submitted';
  form: FormItem[];
  startedAt: number;
  deadlineAt: number | null;
  submittedAt: number | null;
  points: number | null;
  maxPoints: number | null;
  percent: number | null;
  passed: boolean | null;
  missedObjectives: string[];
};

const FormItems = z.array(z.object({ key: z.string(), order: z.array(z.string()) }));

export const toAttempt = rowParser(
  'attempts',
  z
    .object({
      id: text,
      learner_course_id: text,
      version_id: text,
      launch_id: nullableText,
      cycle: num,
      number: num,
      track: nullableText,
      status: z.enum(['in_progress', 'submitted']),
      form: jsonText(FormItems),
      started_at: num,
      deadline_at: nullableNum,
      submitted_at: nullableNum,
      points: nullableNum,
      max_points: nullableNum,
      percent: nullableNum,
      passed: z.union([z.number(), z.string(), z.boolean()]).nullable().optional(),
      missed_objectives: jsonText(z.array(z.string())).nullable().default(null),
    })
    .transform((row): AttemptRow => ({
      id: row.id,
      learnerCourseId: row.learner_course_id,
      versionId: row.version_id,
      launchId: row.launch_id,
      cycle: row.cycle,
      number: row.number,
      track: row.track,
      status: row.status,
      form: row.form,
      startedAt: row.started_at,
      deadlineAt: row.deadline_at,
      submittedAt: row.submitted_at,
      points: row.points,
      maxPoints: row.max_points,
      percent: row.percent,
      passed: row.passed === null || row.passed === undefined ? null : Number(row.passed) === 1,
      missedObjectives: row.missed_objectives ?? [],
    })),
);

export async function listAttempts(db: Executor, learnerCourseId: string): Promise<AttemptRow[]> {
  const rows = await db('attempts').where({ learner_course_id: learnerCourseId }).orderBy([{ column: 'cycle' }, { column: 'number' }]);
  return rows.map(toAttempt);
}

export async function findAttempt(db: Executor, id: string): Promise<AttemptRow | null> {
  const row = await db('attempts').where({ id }).first();
  return row ? toAttempt(row) : null;
}

const GRANT_KINDS = ['extra_attempt', 'extra_time', 'new_cycle'] as const;

const toGrant = rowParser(
  'attempt_grants',
  z
    .object({ id: text, learner_course_id: text, kind: z.enum(GRANT_KINDS), amount: num, lifts_cooldown: bool01, granted_by: text, reason: text, created_at: num })
    .transform((row): GrantRecord => ({
      id: row.id,
      learnerCourseId: row.learner_course_id,
      kind: row.kind,
      amount: row.amount,
      liftsCooldown: row.lifts_cooldown,
      grantedBy: row.granted_by,
      reason: row.reason,
      createdAt: row.created_at,
    })),
);

const toSavedAnswer = rowParser('attempt_answers', z.object({ item_key: text, response: jsonAny }));

export async function savedAnswers(db: Executor, attemptId: string): Promise<Map<string, unknown>> {
  const rows = await db('attempt_answers').where({ attempt_id: attemptId }).select('item_key', 'response');
  return new Map(rows.map((row) => {
    const answer = toSavedAnswer(row);
    return [answer.item_key, answer.response] as const;
  }));
}

export async function grantsFor(db: Executor, learnerCourseId: string): Promise<GrantRecord[]> {
  const rows = await db('attempt_grants').where({ learner_course_id: learnerCourseId }).orderBy('created_at');
  return rows.map(toGrant);
}

/** Grants to any of these runs, newest first. */
export async function grantsOfRuns(db: Executor, learnerCourseIds: ReturnType<Executor['select']>, contextId: string): Promise<GrantRecord[]> {
  const rows = await db('attempt_grants').whereIn('learner_course_id', learnerCourseIds).where({ context_id: contextId }).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }]);
  return rows.map(toGrant);
}

/** When each of these runs started its attempts, to tell whether a grant has been used. */
export async function attemptStarts(db: Executor, learnerCourseIds: readonly string[]): Promise<Array<{ learnerCourseId: string; startedAt: number }>> {
  if (learnerCourseIds.length === 0) return [];
  const rows = await db('attempts').whereIn('learner_course_id', [...new Set(learnerCourseIds)]).select('learner_course_id', 'started_at');
  return rows.map((row) => ({ learnerCourseId: text.parse(row.learner_course_id), startedAt: num.parse(row.started_at) }));
}

export async function hasAttempt(db: Executor, learnerCourseId: string): Promise<boolean> {
  return Boolean(await db('attempts').where({ learner_course_id: learnerCourseId }).first('id'));
}

/** The most recent passed attempt of a run, which a certificate rests on. */
export async function latestPassedAttempt(db: Executor, learnerCourseId: string): Promise<AttemptRow | null> {
  const row = await db('attempts').where({ learner_course_id: learnerCourseId, status: 'submitted', passed: 1 }).orderBy('submitted_at', 'desc').first();
  return row ? toAttempt(row) : null;
}

/** How many of these runs have a passed attempt launched from one of these launches. */
export async function passedRunCount(db: Executor, filter: { learnerCourseIds: readonly string[]; launchIds: ReturnType<Executor['select']> }): Promise<number> {
  if (filter.learnerCourseIds.length === 0) return 0;
  const row = await db('attempts')
    .where({ status: 'submitted', passed: 1 })
    .whereIn('learner_course_id', [...filter.learnerCourseIds])
    .whereIn('launch_id', filter.launchIds)
    .countDistinct({ n: 'learner_course_id' })
    .first();
  return num.parse(row?.n ?? 0);
}

export async function expiredOpenAttempts(db: Executor, now: number, limit: number): Promise<AttemptRow[]> {
  const rows = await db('attempts').where('status', 'in_progress').whereNotNull('deadline_at').where('deadline_at', '<=', now).limit(limit);
  return rows.map(toAttempt);
}

export async function insertGrant(db: Executor, grant: { learnerCourseId: string; contextId: string | null; kind: GrantKind; amount: number; liftsCooldown?: boolean; grantedBy: string; reason: string; now: number }): Promise<string> {
  const id = newId();
  await db('attempt_grants').insert({ id, learner_course_id: grant.learnerCourseId, context_id: grant.contextId, kind: grant.kind, amount: grant.amount, lifts_cooldown: grant.liftsCooldown ? 1 : 0, granted_by: grant.grantedBy, reason: grant.reason, created_at: grant.now });
  return id;
}

/** Opens a new cycle of attempts unless one was opened since `since`; says whether it opened one. */
export async function openCycleOnce(db: Executor, grant: { learnerCourseId: string; contextId: string | null; since: number; grantedBy: string; reason: string; now: number }): Promise<boolean> {
  const opened = await db('attempt_grants').where({ learner_course_id: grant.learnerCourseId, kind: 'new_cycle' }).where('created_at', '>=', grant.since).first('id');
  if (opened) return false;
  await insertGrant(db, { ...grant, kind: 'new_cycle', amount: 1 });
  return true;
}

/** Submitted attempts of some runs, optionally only those launched through the given launches (a subquery). */
export async function submittedAttempts(db: Executor, filter: { learnerCourseIds: ReturnType<Executor['select']>; launchIds: ReturnType<Executor['select']> }): Promise<AttemptRow[]> {
  const rows = await db('attempts').where({ status: 'submitted' }).whereIn('learner_course_id', filter.learnerCourseIds).whereIn('launch_id', filter.launchIds);
  return rows.map(toAttempt);
}

export async function scoredAnswers(db: Executor, attemptIds: readonly string[]): Promise<Array<{ attemptId: string; itemKey: string; points: number }>> {
  if (attemptIds.length === 0) return [];
  const rows = await db('attempt_answers').whereIn('attempt_id', [...attemptIds]).whereNotNull('points').select('attempt_id', 'item_key', 'points');
  return rows.map((row) => ({ attemptId: text.parse(row.attempt_id), itemKey: text.parse(row.item_key), points: num.parse(row.points) }));
}

/** Saves answers in one statement; a later answer to the same item replaces the earlier one. */
export async function saveAnswerRows(db: Executor, attemptId: string, answers: Array<{ itemKey: string; response: unknown }>, now: number): Promise<void> {
  if (answers.length === 0) return;
  const rows = answers.map((a) => ({ attempt_id: attemptId, item_key: a.itemKey, response: JSON.stringify(a.response), answered_at: now }));
  await db('attempt_answers').insert(rows).onConflict(['attempt_id', 'item_key']).merge(['response', 'answered_at']);
}

/** Forgets answers the learner took back (a box unticked, a choice reset to none). */
export async function clearAnswerRows(db: Executor, attemptId: string, itemKeys: string[]): Promise<void> {
  if (itemKeys.length === 0) return;
  await db('attempt_answers').where({ attempt_id: attemptId }).whereIn('item_key', itemKeys).delete();
}

export type NewAttempt = { id: string; learnerCourseId: string; versionId: string; launchId: string; cycle: number; number: number; track: string; form: FormItem[]; startedAt: number; deadlineAt: number | null };

export async function insertAttempt(db: Executor, attempt: NewAttempt): Promise<void> {
  await db('attempts').insert({
    id: attempt.id,
    learner_course_id: attempt.learnerCourseId,
    version_id: attempt.versionId,
    launch_id: attempt.launchId,
    cycle: attempt.cycle,
    number: attempt.number,
    track: attempt.track,
    status: 'in_progress',
    form: JSON.stringify(attempt.form),
    started_at: attempt.startedAt,
    deadline_at: attempt.deadlineAt,
  });
}

/** Marks an open attempt submitted; false when another request closed it first. Locks the row. */
export async function closeOpenAttempt(db: Executor, attemptId: string, now: number): Promise<boolean> {
  return (await db('attempts').where({ id: attemptId, status: 'in_progress' }).update({ status: 'submitted', submitted_at: now })) === 1;
}

/** Locks an open attempt for a save; false once a submit has closed it. */
export async function lockOpenAttempt(db: Executor, attemptId: string): Promise<boolean> {
  return (await db('attempts').where({ id: attemptId, status: 'in_progress' }).increment('saves', 1)) === 1;
}

export type AttemptGrade = { points: number; maxPoints: number; percent: number; passed: boolean; missedObjectives: string[]; items: Array<{ itemKey: string; response: unknown; points: number }> };

/** Stores the grade, and one scored row per drawn item, unanswered ones too, so item statistics count them as missed. */
export async function recordGrade(db: Executor, attemptId: string, grade: AttemptGrade, now: number): Promise<void> {
  await db('attempts').where({ id: attemptId }).update({ points: grade.points, max_points: grade.maxPoints, percent: grade.percent, passed: grade.passed ? 1 : 0, missed_objectives: JSON.stringify(grade.missedObjectives) });
  const rows = grade.items.map((g) => ({ attempt_id: attemptId, item_key: g.itemKey, response: JSON.stringify(g.response ?? null), points: g.points, answered_at: now }));
  if (rows.length > 0) await db('attempt_answers').insert(rows).onConflict(['attempt_id', 'item_key']).merge(['points']);
}
