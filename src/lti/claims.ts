import { z } from 'zod';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

/** Claim names of LTI 1.3 core, DL, AGS and NRPS (1EdTech LTI core §5, DL §4, AGS §3.1, NRPS §3.6). */
export const CLAIM = {
  MESSAGE_TYPE: `${LTI}message_type`,
  VERSION: `${LTI}version`,
  DEPLOYMENT_ID: `${LTI}deployment_id`,
  TARGET_LINK_URI: `${LTI}target_link_uri`,
  RESOURCE_LINK: `${LTI}resource_link`,
  ROLES: `${LTI}roles`,
  CONTEXT: `${LTI}context`,
  CUSTOM: `${LTI}custom`,
  LAUNCH_PRESENTATION: `${LTI}launch_presentation`,
  TOOL_PLATFORM: `${LTI}tool_platform`,
  DEEP_LINKING_SETTINGS: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  AGS_ENDPOINT: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  NRPS: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
} as const;

export const MESSAGE_TYPES = ['LtiResourceLinkRequest'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

// LTI core §5.3.6 and OIDC Core §2 (sub): identifiers are 1 to 255 ASCII characters. Printable
// ones only: a control character in an id is a broken platform, and would reach pages and logs.
const LtiId = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x20-\x7e]+$/, 'must be ASCII');

const ResourceLink = z.object({ id: LtiId, title: z.string().max(255).nullish(), description: z.string().nullish() });
const Context = z.object({
  id: LtiId,
  label: z.string().max(255).nullish(),
  title: z.string().max(255).nullish(),
  type: z.array(z.string()).nullish(),
});
const LaunchPresentation = z.object({
  document_target: z.string().nullish(),
  return_url: z.string().url().max(1024).nullish(),
  locale: z.string().max(35).nullish(),
  height: z.number().nullish(),
  width: z.number().nullish(),
});
const AgsEndpoint = z.object({
  scope: z.array(z.string()).default([]),
  lineitems: z.string().url().max(1024).nullish(),
  lineitem: z.string().url().max(1024).nullish(),
});
const Nrps = z.object({
  context_memberships_url: z.string().url(),
  service_versions: z.array(z.string()).default(['2.0']),
});

/** The claims Beacon reads from a resource-link id_token, after the signature checked out. */
export const ResourceLinkClaims = z.object({
  sub: LtiId,
  name: z.string().max(255).nullish(),
  given_name: z.string().max(255).nullish(),
  family_name: z.string().max(255).nullish(),
  email: z.string().max(255).nullish(),
  locale: z.string().max(35).nullish(),
  [CLAIM.DEPLOYMENT_ID]: LtiId,
  [CLAIM.TARGET_LINK_URI]: z.string().url().max(1024),
  [CLAIM.RESOURCE_LINK]: ResourceLink,
  [CLAIM.ROLES]: z.array(z.string()),
  [CLAIM.CONTEXT]: Context.nullish(),
  [CLAIM.CUSTOM]: z.record(z.string(), z.unknown()).nullish(),
  [CLAIM.LAUNCH_PRESENTATION]: LaunchPresentation.nullish(),
  [CLAIM.AGS_ENDPOINT]: AgsEndpoint.nullish(),
  [CLAIM.NRPS]: Nrps.nullish(),
});
export type ResourceLinkClaims = z.infer<typeof ResourceLinkClaims>;

/** Human words for the claim a schema error points at, for the launch-error page. */
export function describeClaim(path: ReadonlyArray<PropertyKey>): string {
  const [first, second] = path.map(String);
  const short = first?.startsWith('https://') ? first.slice(first.lastIndexOf('/') + 1) : first;
  return second ? `${short}.${second}` : (short ?? 'token');
}
