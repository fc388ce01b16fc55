import { z } from 'zod';
import { jsonText, num, newId, nullableNum, nullableText, rowParser, text, type Executor } from '../db/index.js';

export type LearnerCourse = {
  id: string;
  userId: string;
  courseSlug: string;
  versionId: string;
  track: string | null;
  lastModuleKey: string | null;
  completedAt: number | null;
};
export type ModuleProgress = { moduleKey: string; status: 'in_progress' | 'completed'; position: string | null; completedAt: number | null };

const toLearnerCourse = rowParser(
  'learner_courses',
  z
    .object({ id: text, user_id: text, course_slug: text, version_id: text, track: nullableText, last_module_key: nullableText, completed_at: nullableNum })
    .transform((row): LearnerCourse => ({
      id: row.id,
      userId: row.user_id,
      courseSlug: row.course_slug,
      versionId: row.version_id,
      track: row.track,
      lastModuleKey: row.last_module_key,
      completedAt: row.completed_at,
    })),
);

const toModuleProgress = rowParser(
  'module_progress',
  z
    .object({ module_key: text, status: z.enum(['in_progress', 'completed']), position: nullableText, completed_at: nullableNum })
    .transform((row): ModuleProgress => ({ moduleKey: row.module_key, status: row.status, position: row.position, completedAt: row.completed_at })),
);

export async function findLearnerCourse(db: Executor, userId: string, slug: string): Promise<LearnerCourse | null> {
  const row = await db('learner_courses').where({ user_id: userId, course_slug: slug }).first();
  return row ? toLearnerCourse(row) : null;
}

export async function findLearnerCourseById(db: Executor, id: string): Promise<LearnerCourse | null> {
  const row = await db('learner_courses').where({ id }).first();
  return row ? toLearnerCourse(row) : null;
}

export async function learnerCoursesByIds(db: Executor, ids: readonly string[]): Promise<LearnerCourse[]> {
  if (ids.length === 0) return [];
  return (await db('learner_courses').whereIn('id', [...new Set(ids)])).map(toLearnerCourse);
}

/** Runs of the given people through a course. */
export async function learnerCoursesOf(db: Executor, slug: string, userIds: readonly string[]): Promise<LearnerCourse[]> {
  if (userIds.length === 0) return [];
  return (await db('learner_courses').where({ course_slug: slug }).whereIn('user_id', [...new Set(userIds)])).map(toLearnerCourse);
}

/** A subquery of every run through a course, for other areas' filters. */
export function learnerCourseIdsOf(db: Executor, slug: string) {
  return db('learner_courses').where({ course_slug: slug }).select('id');
}

export async function trackSetBy(db: Executor, learnerCourseId: string): Promise<string | null> {
  const row = await db('learner_courses').where({ id: learnerCourseId }).first('track_set_by');
  return row ? nullableText.parse(row.track_set_by) : null;
}

const toCompletedCount = rowParser('module_progress', z.object({ learner_course_id: text, n: num }));

/** How many modules each run has completed. */
export async function completedModuleCounts(db: Executor, learnerCourseIds: readonly string[]): Promise<Map<string, number>> {
  if (learnerCourseIds.length === 0) return new Map();
  const rows = await db('module_progress').whereIn('learner_course_id', [...learnerCourseIds]).where({ status: 'completed' }).groupBy('learner_course_id').select('learner_course_id').count({ n: '*' });
  return new Map(rows.map((row) => {
    const count = toCompletedCount(row);
    return [count.learner_course_id, count.n] as const;
  }));
}

/** The learner's run through a course, started on the given version the first time. */
export async function getOrStartLearnerCourse(db: Executor, userId: string, slug: string, versionId: string, now: number): Promise<LearnerCourse> {
  const existing = await findLearnerCourse(db, userId, slug);
  if (existing) return existing;
  await db('learner_courses')
    .insert({ id: newId(), user_id: userId, course_slug: slug, version_id: versionId, track: null, track_set_by: null, last_module_key: null, started_at: now, completed_at: null, updated_at: now })
    .onConflict(['user_id', 'course_slug'])
    .ignore();
  return (await findLearnerCourse(db, userId, slug)) as LearnerCourse;
}

export function setTrack(db: Executor, learnerCourseId: string, track: string, setBy: string, now: number) {
  return db('learner_courses').where({ id: learnerCourseId }).update({ track, track_set_by: setBy, updated_at: now });
}

export async function listModuleProgress(db: Executor, learnerCourseId: string): Promise<ModuleProgress[]> {
  const rows = await db('module_progress').where({ learner_course_id: learnerCourseId });
  return rows.map(toModuleProgress);
}

/** Records a visit: started (once), content note shown, and where the learner is. Never un-completes. */
export async function recordModuleVisit(db: Executor, learnerCourseId: string, moduleKey: string, now: number): Promise<void> {
  await db('module_progress')
    .insert({ id: newId(), learner_course_id: learnerCourseId, module_key: moduleKey, status: 'in_progress', position: null, content_note_shown_at: now, started_at: now, completed_at: null, updated_at: now })
    .onConflict(['learner_course_id', 'module_key'])
    .ignore();
  await db('learner_courses').where({ id: learnerCourseId }).update({ last_module_key: moduleKey, updated_at: now });
}

export function savePosition(db: Executor, learnerCourseId: string, moduleKey: string, position: string, now: number) {
  return db('module_progress').where({ learner_course_id: learnerCourseId, module_key: moduleKey }).update({ position, updated_at: now });
}

export async function completeModule(db: Executor, learnerCourseId: string, moduleKey: string, now: number): Promise<void> {
  await db('module_progress')
    .where({ learner_course_id: learnerCourseId, module_key: moduleKey })
    .whereNot({ status: 'completed' })
    .update({ status: 'completed', completed_at: now, updated_at: now });
}

export function markCourseCompleted(db: Executor, learnerCourseId: string, now: number) {
  return db('learner_courses').where({ id: learnerCourseId }).whereNull('completed_at').update({ completed_at: now, updated_at: now });
}

export async function insertCheckAttempt(db: Executor, row: { learnerCourseId: string; moduleKey: string; answers: unknown; score: number; maxScore: number; now: number }): Promise<void> {
  await db('check_attempts').insert({
    id: newId(),
    learner_course_id: row.learnerCourseId,
    module_key: row.moduleKey,
    answers: JSON.stringify(row.answers),
    score: row.score,
    max_score: row.maxScore,
    created_at: row.now,
  });
}

/** Records that the learner opened a section of a module; reaching it again changes nothing. */
export async function recordSectionReached(db: Executor, learnerCourseId: string, moduleKey: string, section: string, now: number): Promise<void> {
  await db('module_sections').insert({ id: newId(), learner_course_id: learnerCourseId, module_key: moduleKey, section, reached_at: now }).onConflict(['learner_course_id', 'module_key', 'section']).ignore();
}

const toSection = rowParser('module_sections', z.object({ section: text }).transform((row) => row.section));

export async function sectionsReached(db: Executor, learnerCourseId: string, moduleKey: string): Promise<Set<string>> {
  return new Set((await db('module_sections').where({ learner_course_id: learnerCourseId, module_key: moduleKey }).select('section')).map(toSection));
}

const toCheckTry = rowParser(
  'check_attempts',
  z.object({ answers: jsonText(z.array(z.object({ response: z.unknown() }))), score: num, max_score: num }),
);

/** Whether the learner answered at least one item of the module's check, and whether a try got every item right. */
export async function checkEvidence(db: Executor, learnerCourseId: string, moduleKey: string): Promise<{ attempted: boolean; passed: boolean }> {
  const tries = (await db('check_attempts').where({ learner_course_id: learnerCourseId, module_key: moduleKey }).select('answers', 'score', 'max_score')).map(toCheckTry);
  const answered = tries.filter((t) => t.answers.some((a) => a.response !== null && a.response !== undefined));
  return { attempted: answered.length > 0, passed: answered.some((t) => t.max_score > 0 && t.score >= t.max_score) };
}
