export { createCourses, type Courses, type Viewer } from './service.js';
export { courseRoutes, landingFor } from './routes.js';
export { importCoursePackage, coursePackageDirs, CoursePackageError, type ImportResult } from './importer.js';
export { readCoursePackage, type CoursePackage } from './package-reader.js';
