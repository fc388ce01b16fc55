import type { Executor } from '../db/index.js';
import type { Item } from '../items/index.js';
import type { FormItem } from './blueprint.js';

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

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export function toAttempt(row: Record<string, unknown>): AttemptRow {
  return {
    id: row.id as string,
    learnerCourseId: row.learner_course_id as string,
    versionId: row.version_id as string,
    launchId: (row.launch_id as string | null) ?? null,
    cycle: Number(row.cycle),
    number: Number(row.number),
    track: (row.track as string | null) ?? null,
    status: row.status as AttemptRow['status'],
    form: JSON.parse(row.form as string) as FormItem[],
    startedAt: Number(row.started_at),
    deadlineAt: num(row.deadline_at),
    submittedAt: num(row.submitted_at),
    points: num(row.points),
    maxPoints: num(row.max_points),
    percent: num(row.percent),
    passed: row.passed === null || row.passed === undefined ? null : Number(row.passed) === 1,
    missedObjectives: row.missed_objectives ? (JSON.parse(row.missed_objectives as string) as string[]) : [],
  };
}

export async function listAttempts(db: Executor, learnerCourseId: string): Promise<AttemptRow[]> {
  const rows = await db('attempts').where({ learner_course_id: learnerCourseId }).orderBy([{ column: 'cycle' }, { column: 'number' }]);
  return rows.map(toAttempt);
}

export async function findAttempt(db: Executor, id: string): Promise<AttemptRow | null> {
  const row = await db('attempts').where({ id }).first();
  return row ? toAttempt(row) : null;
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

export async function savedAnswers(db: Executor, attemptId: string): Promise<Map<string, unknown>> {
  const rows = await db('attempt_answers').where({ attempt_id: attemptId }).select('item_key', 'response');
  return new Map(rows.map((row) => [row.item_key as string, JSON.parse(row.response as string)]));
}

export async function grantsFor(db: Executor, learnerCourseId: string) {
  const rows = await db('attempt_grants').where({ learner_course_id: learnerCourseId }).orderBy('created_at');
  return rows.map((row) => ({ kind: row.kind as 'extra_attempt' | 'extra_time' | 'new_cycle', amount: Number(row.amount), createdAt: Number(row.created_at) }));
}
