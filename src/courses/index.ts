export { createCourses, type Courses, type Viewer, type CourseCompletedHook } from './service.js';
export { courseRoutes } from './routes.js';
export { importCoursePackage, coursePackageDirs, CoursePackageError, type ImportResult } from './importer.js';
export { readCoursePackage, type CoursePackage } from './package-reader.js';
export { findLatestVersion, findVersion, listModules, type CourseVersion, type ModuleSummary } from './queries.js';
export type { LearnerCourse } from './progress.js';
export type { ExamSettings } from './schema.js';
