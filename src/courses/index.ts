export { createCourses, type Courses, type Viewer, type CourseCompletedHook, type TrackLockedCheck, type TrackModule, type PassedCount } from './service.js';
export { courseRoutes } from './routes.js';
export { importCoursePackage, coursePackageDirs, CoursePackageError, type ImportResult } from './importer.js';
export { readCoursePackage, type CoursePackage } from './package-reader.js';
export { findLatestVersion, findVersion, listModules, itemBank, type CourseVersion, type ModuleSummary } from './queries.js';
export { findLearnerCourse, findLearnerCourseById, learnerCoursesByIds, learnerCourseIdsOf, type LearnerCourse } from './progress.js';
export { requiredModules, type RequiredModules } from './requirements.js';
export type { ExamSettings } from './schema.js';
