import { z } from 'zod';
import type { Executor } from '../db/index.js';
import { LtiError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { findDeployment, findPlatform, platformsForIssuer, type PlatformRow } from './platforms.js';
import { createState } from './state.js';

/** Third-party login initiation parameters (LTI core §4.1 / Security Framework §5.1.1.1). */
export const LoginRequest = z.object({
  iss: z.string().optional(),
  login_hint: z.string().max(1024).optional(),
  target_link_uri: z.string().max(1024).optional(),
  lti_message_hint: z.string().max(2048).optional(),
  lti_deployment_id: z.string().optional(),
  deployment_id: z.string().optional(), // Canvas sends this name instead of lti_deployment_id
  client_id: z.string().optional(),
  lti_storage_target: z.string().optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export type LoginDeps = { db: Executor; clock: Clock; launchUrl: string; isTrustedIssuer: (issuer: string) => boolean };

function isLaunchUrl(candidate: string, launchUrl: string): boolean {
  try {
    const url = new URL(candidate);
    const ours = new URL(launchUrl);
    return url.origin === ours.origin && url.pathname === ours.pathname;
  } catch {
    return false;
  }
}

async function choosePlatform(db: Executor, issuer: string, clientId: string | undefined): Promise<PlatformRow> {
  if (clientId) {
    const platform = await findPlatform(db, issuer, clientId);
    if (!platform) throw new LtiError('platform_not_registered', 'This platform (issuer and client id) is not registered with Beacon.');
    return platform;
  }
  const candidates = await platformsForIssuer(db, issuer);
  if (candidates.length === 0) throw new LtiError('platform_not_registered', 'This platform (issuer) is not registered with Beacon.');
  // One issuer may hold several registrations (Canvas); guessing one would be wrong.
  if (candidates.length > 1) {
    throw new LtiError('client_id_required', 'The platform did not say which client id it is launching, and its issuer has several registrations.');
  }
  return candidates[0] as PlatformRow;
}

/** Validates a login initiation, records state and nonce, and returns the platform's auth URL and the state. */
export async function initiateLogin(deps: LoginDeps, request: LoginRequest): Promise<{ redirectUrl: string; state: string }> {
  const { iss, login_hint: loginHint, target_link_uri: targetLinkUri } = request;
  if (!iss) throw new LtiError('missing_iss', "The login request has no 'iss' (platform issuer).");
  if (!loginHint) throw new LtiError('missing_login_hint', "The login request has no 'login_hint'.");
  if (!targetLinkUri) throw new LtiError('missing_target_link_uri', "The login request has no 'target_link_uri'.");
  if (!isLaunchUrl(targetLinkUri, deps.launchUrl)) {
    throw new LtiError('bad_target_link_uri', `The login asks to launch ${targetLinkUri}, which is not Beacon's launch URL.`);
  }
  if (!deps.isTrustedIssuer(iss)) throw new LtiError('platform_not_registered', 'This platform is not trusted here.');

  const platform = await choosePlatform(deps.db, iss, request.client_id);
  if (platform.status !== 'active') throw new LtiError('platform_disabled', 'This platform registration is disabled in Beacon.', 401);

  const deploymentId = request.lti_deployment_id ?? request.deployment_id ?? null;
  if (deploymentId !== null) {
    const deployment = await findDeployment(deps.db, platform.id, deploymentId);
    if (!deployment || deployment.status !== 'active') {
      throw new LtiError('deployment_not_registered', 'This deployment of Beacon is not registered; ask the Beacon administrator to add it.');
    }
  }

  const { state, nonce } = await createState(deps.db, {
    platformId: platform.id,
    deploymentId,
    targetLinkUri,
    loginHint,
    messageHint: request.lti_message_hint ?? null,
    now: deps.clock.now(),
  });
  return { redirectUrl: authRedirect(platform, deps.launchUrl, { loginHint, messageHint: request.lti_message_hint ?? null, state, nonce }), state };
}

/** The OIDC authentication request to the platform (Security Framework §5.1.1.2). */
export function authRedirect(platform: PlatformRow, launchUrl: string, login: { loginHint: string; messageHint: string | null; state: string; nonce: string }): string {
  const auth = new URL(platform.auth_url);
  const params: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.client_id,
    redirect_uri: launchUrl,
    login_hint: login.loginHint,
    state: login.state,
    nonce: login.nonce,
  };
  if (login.messageHint) params.lti_message_hint = login.messageHint;
  for (const [name, value] of Object.entries(params)) auth.searchParams.set(name, value);
  return auth.toString();
}
