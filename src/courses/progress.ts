import { newId, type Executor } from '../db/index.js';

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

function toLearnerCourse(row: Record<string, unknown>): LearnerCourse {
  return {
    id: row.id as string,
    userId: row.user_id as string,
    courseSlug: row.course_slug as string,
    versionId: row.version_id as string,
    track: (row.track as string | null) ?? null,
    lastModuleKey: (row.last_module_key as string | null) ?? null,
    completedAt: row.completed_at === null ? null : Number(row.completed_at),
  };
}

export async function findLearnerCourse(db: Executor, userId: string, slug: string): Promise<LearnerCourse | null> {
  const row = await db('learner_courses').where({ user_id: userId, course_slug: slug }).first();
  return row ? toLearnerCourse(row) : null;
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
  return rows.map((row) => ({ moduleKey: row.module_key, status: row.status, position: row.position, completedAt: row.completed_at === null ? null : Number(row.completed_at) }));
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
