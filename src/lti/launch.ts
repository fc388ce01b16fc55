import type { JWTPayload } from 'jose';
import { z } from 'zod';
import { inTransaction, type Executor } from '../db/index.js';
import { LtiError } from '../errors.js';
import { recordLaunch, type LaunchIdentity, type RecordedLaunch } from '../identity/index.js';
import type { Clock } from '../lib/clock.js';
import { CLAIM, describeClaim, MESSAGE_TYPES, ResourceLinkClaims } from './claims.js';
import type { PlatformKeys } from './platform-keys.js';
import { findDeployment, findPlatformById } from './platforms.js';
import { authRedirect } from './login.js';
import { consumeState, createState, findState, type StateRow } from './state.js';
import { verifyIdToken, type TokenPolicy } from './verify-id-token.js';

/** The form the platform posts to the launch URL (Security Framework §5.1.1.3, response_mode=form_post). */
export const LaunchForm = z.object({
  id_token: z.string().optional(),
  state: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});
export type LaunchForm = z.infer<typeof LaunchForm>;

export type LaunchDeps = { db: Executor; clock: Clock; platformKeys: PlatformKeys; policy: TokenPolicy; isTrustedIssuer: (issuer: string) => boolean };


async function loadState(db: Executor, state: string, now: number): Promise<StateRow> {
  const row = await findState(db, state);
  if (!row) throw new LtiError('unknown_state', 'This launch does not match a login Beacon started. Relaunch from your course.');
  if (row.used_at !== null) throw new LtiError('state_used', 'This launch was already used. Relaunch from your course.');
  if (Number(row.expires_at) <= now) throw new LtiError('state_expired', 'This launch took too long and expired. Relaunch from your course.');
  return row;
}

function assertMessage(payload: JWTPayload): string {
  const version = payload[CLAIM.VERSION];
  const messageType = payload[CLAIM.MESSAGE_TYPE];
  if (version === undefined && messageType === undefined) {
    throw new LtiError('not_lti', 'The token carries neither an LTI version nor a message type; it is not an LTI 1.3 launch.');
  }
  if (version === undefined) throw new LtiError('missing_version', 'The launch has no LTI version claim.');
  if (version !== '1.3.0') throw new LtiError('bad_version', `The launch is LTI version ${String(version)}; Beacon speaks 1.3.0.`);
  if (messageType === undefined) throw new LtiError('missing_message_type', 'The launch has no message type claim.');
  if (!(MESSAGE_TYPES as readonly unknown[]).includes(messageType)) {
    throw new LtiError('unsupported_message_type', `Beacon does not support the message type ${String(messageType)}.`);
  }
  return messageType as string;
}

function parseClaims(payload: JWTPayload) {
  const parsed = ResourceLinkClaims.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const claim = describeClaim(issue?.path ?? []);
  throw new LtiError('bad_claim', `The launch's '${claim}' claim is missing or invalid.`);
}

function stringsOnly(custom: Record<string, unknown> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(custom ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * Completes an LTI 1.3 resource-link launch: the state must be one Beacon issued and
 * unused, the id_token must verify for that state's registration, carry that state's
 * nonce, and name a registered deployment. Only then, in one transaction, is the state
 * consumed and the learner, enrolment, launch and session written.
 */
export async function completeLaunch(deps: LaunchDeps, form: LaunchForm, browserStartedLogin: (state: string) => boolean): Promise<RecordedLaunch> {
  if (form.error) {
    throw new LtiError('platform_error', `The platform refused the login: ${form.error_description ?? form.error}.`);
  }
  if (!form.id_token) throw new LtiError('missing_id_token', 'The launch has no id_token.');
  if (!form.state) throw new LtiError('missing_state', 'The launch has no state; Beacon cannot tell which login it belongs to.');

  const now = deps.clock.now();
  const state = await loadState(deps.db, form.state, now);
  const platform = await findPlatformById(deps.db, state.platform_id);
  if (!platform || platform.status !== 'active' || !deps.isTrustedIssuer(platform.issuer)) {
    throw new LtiError('platform_disabled', 'This platform registration is disabled in Beacon.', 401);
  }
  const payload = await verifyIdToken(form.id_token, platform, deps.platformKeys, deps.policy, now);
  if (payload.nonce !== state.nonce) throw new LtiError('bad_nonce', 'The launch nonce does not match the login.');
  const messageType = assertMessage(payload);
  const claims = parseClaims(payload);

  const deploymentId = claims[CLAIM.DEPLOYMENT_ID];
  if (state.deployment_id !== null && state.deployment_id !== deploymentId) {
    throw new LtiError('deployment_mismatch', 'The launch names a different deployment than the login did.');
  }
  const deployment = await findDeployment(deps.db, platform.id, deploymentId);
  if (!deployment || deployment.status !== 'active') {
    throw new LtiError('deployment_not_registered', 'This deployment of Beacon is not registered; ask the Beacon administrator to add it.');
  }
  if (claims[CLAIM.TARGET_LINK_URI] !== state.target_link_uri) {
    throw new LtiError('bad_target_link_uri', 'The launch target does not match the login.');
  }

  const context = claims[CLAIM.CONTEXT];
  const resourceLink = claims[CLAIM.RESOURCE_LINK];
  const presentation = claims[CLAIM.LAUNCH_PRESENTATION];
  const custom = stringsOnly(claims[CLAIM.CUSTOM]);
  const identity: LaunchIdentity = {
    platformId: platform.id,
    deploymentRowId: deployment.id,
    messageType,
    sub: claims.sub,
    name: claims.name ?? null,
    givenName: claims.given_name ?? null,
    familyName: claims.family_name ?? null,
    email: claims.email ?? null,
    locale: presentation?.locale ?? claims.locale ?? null,
    ltiRoles: claims[CLAIM.ROLES],
    context: context ? { id: context.id, label: context.label ?? null, title: context.title ?? null } : null,
    resourceLink: { id: resourceLink.id, title: resourceLink.title ?? null },
    custom,
    returnUrl: presentation?.return_url ?? null,
    ags: claims[CLAIM.AGS_ENDPOINT] ?? null,
    nrps: claims[CLAIM.NRPS] ?? null,
  };

  // Everything checks out, but this browser did not start the login: its cookie was dropped
  // (third-party cookies blocked) or someone else's launch was posted into it. Either way no
  // session here; the page offers a fresh start in a new window.
  if (!browserStartedLogin(state.state)) throw new LtiError('state_cookie_missing', 'Your browser did not keep the sign-in cookie for this launch.', 401);

  return inTransaction(deps.db, async (trx) => {
    if (!(await consumeState(trx, state.state, now))) {
      throw new LtiError('state_used', 'This launch was already used. Relaunch from your course.');
    }
    return recordLaunch(trx, identity, now);
  });
}

/** Starts the login of a launch again (same platform and hints, new state and nonce), for a new window. */
export async function restartLogin(deps: LaunchDeps & { launchUrl: string }, state: string): Promise<{ redirectUrl: string; state: string }> {
  const now = deps.clock.now();
  const row = await loadState(deps.db, state, now);
  const platform = await findPlatformById(deps.db, row.platform_id);
  if (!platform || platform.status !== 'active' || !deps.isTrustedIssuer(platform.issuer)) {
    throw new LtiError('platform_disabled', 'This platform registration is disabled in Beacon.', 401);
  }
  if (!(await consumeState(deps.db, row.state, now))) throw new LtiError('state_used', 'This launch was already used. Relaunch from your course.');
  const fresh = await createState(deps.db, {
    platformId: platform.id,
    deploymentId: row.deployment_id,
    targetLinkUri: row.target_link_uri,
    loginHint: row.login_hint,
    messageHint: row.lti_message_hint,
    now,
  });
  return { redirectUrl: authRedirect(platform, deps.launchUrl, { loginHint: row.login_hint, messageHint: row.lti_message_hint, ...fresh }), state: fresh.state };
}
