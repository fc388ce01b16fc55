export { recordLaunch, type LaunchIdentity, type RecordedLaunch } from './service.js';
export { roleFromLti, type Role } from './roles.js';
export { findSession, setSessionLocale, deleteExpiredSessions, SESSION_TTL_MS, type SessionView } from './sessions.js';
export {
  findUser,
  usersByIds,
  learnersOfContext,
  isLearnerIn,
  userIdsInContext,
  learnerLaunchIdsIn,
  deploymentOf,
  resourceLinkCustom,
  launchForPassback,
  type User,
} from './queries.js';
export { can, assertCan, type Actor, type Action, type Resource } from './policy.js';
