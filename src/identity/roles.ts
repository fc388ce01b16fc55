export type Role = 'learner' | 'trainer' | 'administrator';

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
const INSTITUTION = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#';
const SYSTEM = 'http://purl.imsglobal.org/vocab/lis/v2/system/person#';

const TRAINER_ROLES = new Set([
  `${MEMBERSHIP}Instructor`,
  `${MEMBERSHIP}ContentDeveloper`,
  `${MEMBERSHIP}Administrator`,
  `${MEMBERSHIP}Mentor`.replace('Mentor', 'Instructor'),
  'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
  'Instructor',
  'ContentDeveloper',
  'TeachingAssistant',
]);
const ADMINISTRATOR_ROLES = new Set([`${INSTITUTION}Administrator`, `${SYSTEM}Administrator`, `${SYSTEM}SysAdmin`]);

/**
 * Maps the LTI roles of a launch to Beacon's one role, highest first. Unknown roles and an
 * empty list are valid and give the least privilege (LTI core §5.3.7; cert "Launch
 * Student With No Role / Unknown Role"). Short names (`Instructor`) are accepted because
 * Moodle sends them.
 */
export function roleFromLti(roles: readonly string[]): Role {
  if (roles.some((role) => ADMINISTRATOR_ROLES.has(role))) return 'administrator';
  if (roles.some((role) => TRAINER_ROLES.has(role) || role.startsWith(`${MEMBERSHIP.replace('#', '/')}Instructor#`))) {
    return 'trainer';
  }
  return 'learner';
}
