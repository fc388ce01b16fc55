import { z } from 'zod';
import { inTransaction, jsonText, newId, nullableText, num, rowParser, text, type Executor } from '../db/index.js';
import { ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';

export type PlatformRow = {
  id: string;
  issuer: string;
  client_id: string;
  name: string;
  auth_url: string;
  token_url: string;
  jwks_url: string;
  auth_server: string | null;
  frame_origins: string;
  status: 'active' | 'disabled';
  created_at: number;
};

export type DeploymentRow = {
  id: string;
  platform_id: string;
  deployment_id: string;
  status: 'active' | 'disabled';
  created_at: number;
};

const Status = z.enum(['active', 'disabled']);
// Read on every login and launch: plain checks only, built once.
const toPlatform = rowParser(
  'platforms',
  z.object({ id: text, issuer: text, client_id: text, name: text, auth_url: text, token_url: text, jwks_url: text, auth_server: nullableText, frame_origins: text, status: Status, created_at: num }) satisfies z.ZodType<PlatformRow>,
);
const toDeployment = rowParser('deployments', z.object({ id: text, platform_id: text, deployment_id: text, status: Status, created_at: num }) satisfies z.ZodType<DeploymentRow>);
const toFrameOrigins = rowParser('platforms', z.object({ frame_origins: jsonText(z.array(z.string())) }));

const Url = z.string().url().refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL');

export const PlatformRegistration = z.object({
  issuer: Url,
  clientId: z.string().min(1).max(255),
  name: z.string().min(1).max(255).optional(),
  authUrl: Url,
  tokenUrl: Url,
  jwksUrl: Url,
  authServer: Url.optional(),
  deploymentIds: z.array(z.string().min(1).max(255)).default([]),
  frameOrigins: z.array(Url).default([]),
});
export type PlatformRegistration = z.input<typeof PlatformRegistration>;

export async function findPlatform(db: Executor, issuer: string, clientId: string): Promise<PlatformRow | undefined> {
  const row = await db('platforms').where({ issuer, client_id: clientId }).first();
  return row ? toPlatform(row) : undefined;
}

export async function platformsForIssuer(db: Executor, issuer: string): Promise<PlatformRow[]> {
  return (await db('platforms').where({ issuer }).limit(2)).map(toPlatform);
}

export async function findPlatformById(db: Executor, id: string): Promise<PlatformRow | undefined> {
  const row = await db('platforms').where({ id }).first();
  return row ? toPlatform(row) : undefined;
}

export async function findDeployment(db: Executor, platformId: string, deploymentId: string): Promise<DeploymentRow | undefined> {
  const row = await db('deployments').where({ platform_id: platformId, deployment_id: deploymentId }).first();
  return row ? toDeployment(row) : undefined;
}

/**
 * Whether a session's registration still holds: its platform and its deployment are both
 * active (and the deployment is the platform's). One query on two primary keys; the session
 * loader asks it on every signed-in request, so `platform disable` ends sessions at once.
 */
export async function isRegistrationActive(db: Executor, platformId: string, deploymentRowId: string): Promise<boolean> {
  const row = await db('deployments as d')
    .join('platforms as p', 'p.id', 'd.platform_id')
    .where({ 'd.id': deploymentRowId, 'p.id': platformId, 'd.status': 'active', 'p.status': 'active' })
    .first('d.id');
  return row !== undefined;
}

export function createPlatforms(deps: { db: Executor; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /**
     * Registers a platform, or updates its URLs when (issuer, client_id) is known, and
     * adds the given deployments. Idempotent, so start-up and re-runs are safe.
     */
    async register(input: PlatformRegistration): Promise<PlatformRow> {
      const parsed = PlatformRegistration.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ValidationError(`${issue?.path.join('.') ?? 'platform'}: ${issue?.message ?? 'invalid'}`);
      }
      const reg = parsed.data;
      const origins = new Set([new URL(reg.issuer).origin, ...reg.frameOrigins.map((url) => new URL(url).origin)]);
      return inTransaction(db, async (trx) => {
        const fields = {
          name: reg.name ?? new URL(reg.issuer).host,
          auth_url: reg.authUrl,
          token_url: reg.tokenUrl,
          jwks_url: reg.jwksUrl,
          auth_server: reg.authServer ?? null,
          frame_origins: JSON.stringify([...origins]),
        };
        const existing = await findPlatform(trx, reg.issuer, reg.clientId);
        const id = existing?.id ?? newId();
        if (existing) {
          await trx('platforms').where({ id }).update(fields);
        } else {
          await trx('platforms').insert({
            id,
            issuer: reg.issuer,
            client_id: reg.clientId,
            status: 'active',
            created_at: clock.now(),
            ...fields,
          });
        }
        for (const deploymentId of reg.deploymentIds) {
          await trx('deployments')
            .insert({ id: newId(), platform_id: id, deployment_id: deploymentId, status: 'active', created_at: clock.now() })
            .onConflict(['platform_id', 'deployment_id'])
            .ignore();
        }
        return (await findPlatformById(trx, id)) as PlatformRow;
      });
    },

    async setStatus(issuer: string, clientId: string, status: 'active' | 'disabled'): Promise<void> {
      const updated = await db('platforms').where({ issuer, client_id: clientId }).update({ status });
      if (updated === 0) throw new ValidationError(`No platform registered for ${issuer} with client id ${clientId}.`);
    },

    async setDeploymentStatus(issuer: string, clientId: string, deploymentId: string, status: 'active' | 'disabled'): Promise<void> {
      const platform = await findPlatform(db, issuer, clientId);
      if (!platform) throw new ValidationError(`No platform registered for ${issuer} with client id ${clientId}.`);
      const updated = await db('deployments').where({ platform_id: platform.id, deployment_id: deploymentId }).update({ status });
      if (updated === 0) throw new ValidationError(`No deployment ${deploymentId} registered for ${issuer} with client id ${clientId}.`);
    },

    async list(): Promise<Array<PlatformRow & { deployments: string[] }>> {
      const platforms = (await db('platforms').orderBy('created_at', 'asc')).map(toPlatform);
      const deployments = (await db('deployments').orderBy([{ column: 'created_at' }, { column: 'deployment_id' }])).map(toDeployment);
      return platforms.map((platform) => ({
        ...platform,
        deployments: deployments.filter((d) => d.platform_id === platform.id).map((d) => d.deployment_id),
      }));
    },

    /** Origins that may frame Beacon: every active platform's issuer and declared LMS origins. */
    async frameOrigins(): Promise<string[]> {
      const rows = await db('platforms').where({ status: 'active' }).select('frame_origins');
      return [...new Set(rows.flatMap((row) => toFrameOrigins(row).frame_origins))];
    },
  };
}

export type Platforms = ReturnType<typeof createPlatforms>;
