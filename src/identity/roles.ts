export const ROLES = ['learner', 'trainer', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

const ADMINISTRATOR_ROLES = new Set([
  `${LIS}institution/person#Administrator`,
  `${LIS}system/person#Administrator`,
  `${LIS}system/person#SysAdmin`,
]);

const TRAINER_ROLES = new Set([
  `${LIS}membership#Instructor`,
  `${LIS}membership#ContentDeveloper`,
  `${LIS}membership#Administrator`,
  // Short context-role names, as Moodle sends them (LTI core §A.2.2 allows them).
  'Instructor',
  'ContentDeveloper',
  'TeachingAssistant',
  'Administrator',
]);

/** Sub-roles such as membership/Instructor#TeachingAssistant belong to their principal role. */
const TRAINER_SUB_ROLE_PREFIX = `${LIS}membership/Instructor#`;

/**
 * Maps the LTI roles of a launch to Beacon's one role, highest first. Unknown roles and an
 * empty list are valid and give the least privilege (cert "Launch Student With No Role /
 * Unknown Role").
 */
export function roleFromLti(roles: readonly string[]): Role {
  if (roles.some((role) => ADMINISTRATOR_ROLES.has(role))) return 'administrator';
  if (roles.some((role) => TRAINER_ROLES.has(role) || role.startsWith(TRAINER_SUB_ROLE_PREFIX))) return 'trainer';
  return 'learner';
}
