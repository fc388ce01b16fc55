import { ForbiddenError } from '../errors.js';
import type { Role } from './roles.js';

/** Who is asking, as their session says: the LMS course (context) and deployment they launched from. */
export type Actor = { userId: string; role: Role; contextId: string; deploymentId: string };

/** What an action is done on, where it matters: whose it is and which tenant it belongs to. */
export type Resource = { ownerId?: string; contextId?: string; deploymentId?: string };

/**
 * Tenancy, in one rule (docs/architecture.md): a learner acts on their own records; a
 * trainer on the LMS course they launched from; an administrator on the deployment they
 * launched from. An administrator is staff of every course of their deployment, and nothing
 * reaches across a deployment. A resource that names no tenant is the actor's own.
 */
type Scope = 'staff_of_context' | 'admin_of_deployment' | 'holder_or_admin';

const ACTIONS = {
  'course.place': { scope: 'staff_of_context', refusal: 'Only a trainer can choose what this link shows.' },
  'course.staff_overview': { scope: 'staff_of_context', refusal: 'Only trainers and administrators see the staff overview of a course.' },
  'course.learners': { scope: 'staff_of_context', refusal: 'Only trainers see the learners of a course.' },
  'course.assign_track': { scope: 'staff_of_context', refusal: 'Only trainers assign tracks.' },
  'exam.report': { scope: 'staff_of_context', refusal: 'Only trainers see exam results.' },
  'exam.grant': { scope: 'staff_of_context', refusal: 'Only trainers grant attempts or time.' },
  'certificates.of_course': { scope: 'staff_of_context', refusal: 'Only trainers see the certificates of a course.' },
  'certificate.read': { scope: 'holder_or_admin', refusal: 'This certificate is not yours.' },
  'certificate.revoke': { scope: 'admin_of_deployment', refusal: 'Only administrators revoke or reissue certificates.' },
  'certificate.reissue': { scope: 'admin_of_deployment', refusal: 'Only administrators revoke or reissue certificates.' },
  'certificate.settings': { scope: 'admin_of_deployment', refusal: 'Only administrators change the certificate settings.' },
  'support.edit': { scope: 'admin_of_deployment', refusal: 'Only administrators change the support contacts.' },
  'deliveries.manage': { scope: 'admin_of_deployment', refusal: 'Only administrators see and resend refused scores.' },
} as const satisfies Record<string, { scope: Scope; refusal: string }>;

export type Action = keyof typeof ACTIONS;

function inDeployment(actor: Actor, resource: Resource): boolean {
  return (resource.deploymentId ?? actor.deploymentId) === actor.deploymentId;
}

export function can(actor: Actor, action: Action, resource: Resource = {}): boolean {
  const scope: Scope = ACTIONS[action].scope;
  const admin = actor.role === 'administrator' && inDeployment(actor, resource);
  switch (scope) {
    case 'staff_of_context':
      return admin || (actor.role === 'trainer' && inDeployment(actor, resource) && (resource.contextId ?? actor.contextId) === actor.contextId);
    case 'admin_of_deployment':
      return admin;
    case 'holder_or_admin':
      return (resource.ownerId !== undefined && resource.ownerId === actor.userId) || admin;
  }
}

/** Throws the action's refusal (403) unless the actor may do it. */
export function assertCan(actor: Actor, action: Action, resource: Resource = {}): void {
  if (!can(actor, action, resource)) throw new ForbiddenError(ACTIONS[action].refusal);
}
