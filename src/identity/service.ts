import type { Executor } from '../db/index.js';
import { insertLaunch, upsertContext, upsertEnrolment, upsertResourceLink, upsertUser } from './queries.js';
import { roleFromLti, type Role } from './roles.js';
import { createSession } from './sessions.js';

/** What a verified launch tells us about who is here, in our own words (no claim URIs). */
export type LaunchIdentity = {
  platformId: string;
  deploymentRowId: string;
  messageType: string;
  sub: string;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  locale: string | null;
  ltiRoles: string[];
  context: { id: string; label: string | null; title: string | null } | null;
  resourceLink: { id: string; title: string | null } | null;
  custom: Record<string, string>;
  returnUrl: string | null;
  ags: unknown;
  nrps: unknown;
};

export type RecordedLaunch = {
  launchId: string;
  userId: string;
  contextId: string;
  resourceLinkId: string | null;
  role: Role;
  sessionToken: string;
  sessionExpiresAt: number;
};

/** Records learner, context, resource link, enrolment and launch, and opens a session. Runs inside the caller's transaction. */
export async function recordLaunch(trx: Executor, launch: LaunchIdentity, now: number): Promise<RecordedLaunch> {
  const role = roleFromLti(launch.ltiRoles);
  const userId = await upsertUser(
    trx,
    launch.platformId,
    launch.sub,
    {
      name: launch.name ?? ([launch.givenName, launch.familyName].filter(Boolean).join(' ') || null),
      given_name: launch.givenName,
      family_name: launch.familyName,
      email: launch.email,
      locale: launch.locale,
    },
    now,
  );
  const contextId = await upsertContext(
    trx,
    launch.deploymentRowId,
    launch.context?.id ?? '',
    { label: launch.context?.label ?? null, title: launch.context?.title ?? null },
    now,
  );
  const resourceLinkId = launch.resourceLink
    ? await upsertResourceLink(trx, contextId, launch.resourceLink.id, { title: launch.resourceLink.title, custom: JSON.stringify(launch.custom) }, now)
    : null;
  await upsertEnrolment(trx, userId, contextId, { role, lti_roles: JSON.stringify(launch.ltiRoles) }, now);
  const launchId = await insertLaunch(trx, {
    user_id: userId,
    context_id: contextId,
    resource_link_id: resourceLinkId,
    message_type: launch.messageType,
    role,
    locale: launch.locale,
    return_url: launch.returnUrl,
    ags: launch.ags ? JSON.stringify(launch.ags) : null,
    nrps: launch.nrps ? JSON.stringify(launch.nrps) : null,
    created_at: now,
  });
  const session = await createSession(trx, { launchId, locale: launch.locale, now });
  return { launchId, userId, contextId, resourceLinkId, role, sessionToken: session.token, sessionExpiresAt: session.expiresAt };
}
