export { createAssessments, type Assessments, type ScoredAttempt, type ScoredHook } from './service.js';
export { createExamReports, passedLearnerCount, type ExamReports } from './reports.js';
export { examRoutes } from './routes.js';
export { hasAttempt, latestPassedAttempt, openCycleOnce, type AttemptRow } from './queries.js';
