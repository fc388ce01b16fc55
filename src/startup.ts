import type { Config } from './config.js';
import { coursePackageDirs, CoursePackageError, importCoursePackage, type ImportResult } from './courses/index.js';
import { migrateToLatest, type Db } from './db/index.js';
import { systemClock, type Clock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import { createToolKeys } from './lti/index.js';
import { fromRoot } from './paths.js';

/** Imports every package under the courses folder; a broken one is reported and skipped, the rest still load. */
export async function importBundledCourses(db: Db, coursesDir: string, clock: Clock, logger?: Logger): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const dir of coursePackageDirs(fromRoot(coursesDir))) {
    try {
      results.push(await importCoursePackage(db, dir, clock).catch(async (error: unknown) => {
        // Another process may have imported the same version a moment ago: look again once.
        if (error instanceof CoursePackageError) throw error;
        return importCoursePackage(db, dir, clock);
      }));
    } catch (error) {
      if (!logger) throw error;
      // Whatever is wrong with one package (its content, or reading it), the others still load and Beacon starts.
      if (error instanceof CoursePackageError) logger.error({ dir, problems: error.problems.length }, error.message);
      else logger.error({ dir, err: String(error) }, `The course package ${dir} could not be imported: ${String(error)}`);
    }
  }
  return results;
}

/** What a new or upgraded installation needs before it serves: schema, a signing key, the bundled courses. */
export async function prepareInstallation(config: Config, db: Db, clock: Clock = systemClock, logger?: Logger, options = { importCourses: true }): Promise<void> {
  await migrateToLatest(db);
  await createToolKeys({ db, clock, overlapHours: config.keyRotationOverlapHours, secret: config.sessionSecret }).ensureKey();
  if (options.importCourses) await importBundledCourses(db, config.coursesDir, clock, logger);
}
