import type { Executor } from '../db/index.js';
import { listModuleProgress, type LearnerCourse } from './progress.js';
import { listModules, type CourseVersion } from './queries.js';

export type RequiredModules = { coreDone: boolean; modules: Array<{ title: string; minutes: number }> };

/** The modules a track marks core (every module without a track), and whether the run has completed them all. */
export async function requiredModules(db: Executor, run: Pick<LearnerCourse, 'id' | 'versionId'>, version: Pick<CourseVersion, 'id' | 'language'>, track: string | null): Promise<RequiredModules> {
  if (run.versionId !== version.id) throw new Error('requiredModules: the run is on another version');
  const modules = await listModules(db, version.id, version.language);
  const done = new Set((await listModuleProgress(db, run.id)).filter((p) => p.status === 'completed').map((p) => p.moduleKey));
  const core = modules.filter((m) => !track || m.tracks[track] === 'core');
  return { coreDone: core.every((m) => done.has(m.key)), modules: core.map((m) => ({ title: m.title, minutes: m.minutes })) };
}
