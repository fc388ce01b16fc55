import type { JWK } from 'jose';
import { z } from 'zod';
import { jsonText, rowParser, type Db } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import type { Platforms } from '../lti/index.js';
import { paths } from '../http/paths.js';
import { createPlatformSimulator, newPlatformKey, type PlatformSimulator } from './simulator.js';

const KEY_SETTING = 'demo_platform_key';
export const DEMO_CLIENT_ID = 'beacon-demo';
export const DEMO_DEPLOYMENT_ID = 'demo-deployment';

export function demoIssuer(publicUrl: string): string {
  return `${publicUrl}${paths.demoPlatform}`;
}

// The private JWK keeps every member jose wrote: a loose object.
const KeySetting = z.object({ privateJwk: z.looseObject({ kty: z.string(), d: z.string() }) satisfies z.ZodType<JWK>, kid: z.string() });
const toKeySetting = rowParser('settings', z.object({ value: jsonText(KeySetting) }).transform((row): { privateJwk: JWK; kid: string } => row.value));

/** The demo key lives in the database so every Beacon process signs and verifies alike. */
async function loadOrCreateKey(db: Db, clock: Clock): Promise<{ privateJwk: JWK; kid: string }> {
  const fresh = await newPlatformKey();
  await db('settings')
    .insert({ name: KEY_SETTING, value: JSON.stringify(fresh), updated_at: clock.now() })
    .onConflict('name')
    .ignore();
  const row = await db('settings').where({ name: KEY_SETTING }).first('value');
  return toKeySetting(row);
}

/** Registers the built-in demo platform (outside production only) and returns its simulator. */
export async function setUpDemoPlatform(deps: { db: Db; clock: Clock; platforms: Platforms; publicUrl: string }): Promise<{ simulator: PlatformSimulator; privateJwk: JWK; tokenUrl: string }> {
  const issuer = demoIssuer(deps.publicUrl);
  await deps.platforms.register({
    issuer,
    clientId: DEMO_CLIENT_ID,
    name: 'Beacon demo platform',
    authUrl: `${deps.publicUrl}${paths.demoPlatformAuth}`,
    tokenUrl: `${deps.publicUrl}${paths.demoPlatformToken}`,
    jwksUrl: `${deps.publicUrl}${paths.demoPlatformJwks}`,
    deploymentIds: [DEMO_DEPLOYMENT_ID],
  });
  const key = await loadOrCreateKey(deps.db, deps.clock);
  const simulator = await createPlatformSimulator({ issuer, clientId: DEMO_CLIENT_ID, deploymentId: DEMO_DEPLOYMENT_ID, ...key });
  return { simulator, privateJwk: key.privateJwk, tokenUrl: `${deps.publicUrl}${paths.demoPlatformToken}` };
}
