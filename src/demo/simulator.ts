import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { CLAIM } from '../lti/index.js';

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

export type SimulatedUser = {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  roles: string[];
};

export type SimulatorOptions = {
  issuer: string;
  clientId: string;
  deploymentId: string;
  privateJwk: JWK;
  kid: string;
};

export type LaunchSpec = {
  user: SimulatedUser;
  nonce: string;
  targetLinkUri: string;
  context?: { id: string; label?: string; title?: string } | null;
  resourceLink?: { id: string; title?: string };
  custom?: Record<string, string>;
  locale?: string;
  extraClaims?: Record<string, unknown>;
};

/** A new RSA key for a simulated platform, as a private JWK with its kid. */
export async function newPlatformKey(): Promise<{ privateJwk: JWK; kid: string }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  return { privateJwk: { ...(await exportJWK(privateKey)), kid }, kid };
}

/**
 * The LMS side of an LTI 1.3 launch: builds and signs real RS256 id_tokens and publishes
 * the matching JWKS. Used by the demo platform and, wrapped in an HTTP server, by tests.
 */
export async function createPlatformSimulator(options: SimulatorOptions) {
  const key = await importJWK(options.privateJwk, 'RS256');
  const { d, p, q, dp, dq, qi, ...publicJwk } = options.privateJwk;
  void d, p, q, dp, dq, qi;

  function launchClaims(spec: LaunchSpec): Record<string, unknown> {
    const claims: Record<string, unknown> = {
      nonce: spec.nonce,
      sub: spec.user.sub,
      [CLAIM.MESSAGE_TYPE]: 'LtiResourceLinkRequest',
      [CLAIM.VERSION]: '1.3.0',
      [CLAIM.DEPLOYMENT_ID]: options.deploymentId,
      [CLAIM.TARGET_LINK_URI]: spec.targetLinkUri,
      [CLAIM.RESOURCE_LINK]: spec.resourceLink ?? { id: 'resource-link-1', title: 'Beacon' },
      [CLAIM.ROLES]: spec.user.roles,
      [CLAIM.LAUNCH_PRESENTATION]: { document_target: 'iframe', locale: spec.locale ?? 'en' },
      [CLAIM.TOOL_PLATFORM]: { guid: options.issuer, name: 'Simulated platform', product_family_code: 'beacon-simulator' },
    };
    for (const field of ['name', 'given_name', 'family_name', 'email'] as const) {
      if (spec.user[field]) claims[field] = spec.user[field];
    }
    if (spec.context !== null) claims[CLAIM.CONTEXT] = spec.context ?? { id: 'context-1', label: 'TRN101', title: 'Training course' };
    if (spec.custom) claims[CLAIM.CUSTOM] = spec.custom;
    return { ...claims, ...spec.extraClaims };
  }

  return {
    issuer: options.issuer,
    clientId: options.clientId,
    deploymentId: options.deploymentId,
    kid: options.kid,
    jwks: () => ({ keys: [{ ...publicJwk, kid: options.kid, alg: 'RS256', use: 'sig' }] }),
    launchClaims,
    /** Signs claims as this platform would: iss, aud, iat, exp added unless given. */
    async sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}, nowMs = Date.now()): Promise<string> {
      const now = Math.floor(nowMs / 1000);
      return new SignJWT({ iss: options.issuer, aud: options.clientId, iat: now, exp: now + 300, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: options.kid, typ: 'JWT', ...header })
        .sign(key);
    },
  };
}

export type PlatformSimulator = Awaited<ReturnType<typeof createPlatformSimulator>>;

export const DEMO_USERS: Record<'learner' | 'trainer' | 'administrator', SimulatedUser> = {
  learner: { sub: 'demo-learner', name: 'Dana Learner', given_name: 'Dana', family_name: 'Learner', email: 'dana@example.org', roles: [`${MEMBERSHIP}Learner`] },
  trainer: { sub: 'demo-trainer', name: 'Tomás Trainer', given_name: 'Tomás', family_name: 'Trainer', email: 'tomas@example.org', roles: [`${MEMBERSHIP}Instructor`] },
  administrator: {
    sub: 'demo-admin',
    name: 'Ada Administrator',
    given_name: 'Ada',
    family_name: 'Administrator',
    email: 'ada@example.org',
    roles: ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator', `${MEMBERSHIP}Instructor`],
  },
};
