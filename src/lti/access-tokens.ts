import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { num, rowParser, text, type Executor } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import type { HttpClient } from '../lib/http-client.js';
import type { ToolKeys } from './keys.js';
import type { PlatformRow } from './platforms.js';

const TokenResponse = z.object({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.coerce.number().positive().default(3600) });

export class PlatformCallError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly body: string,
  ) {
    super(message);
  }
}

const toCachedToken = rowParser('access_tokens', z.object({ token: text, expires_at: num }));

/** Tokens are reused until a minute before they expire, so a clock skew does not make one fail mid-call. */
const EARLY_MS = 60_000;

/**
 * OAuth 2 client-credentials tokens for LTI services (Security Framework §4.1): the tool
 * proves itself with a JWT signed by its key (iss = sub = client_id, aud = the token URL or
 * the platform's authorization server). Cached in the database per platform and scope set.
 */
export function createAccessTokens(deps: { db: Executor; clock: Clock; http: HttpClient; toolKeys: ToolKeys }) {
  const { db, clock } = deps;
  const scopeKey = (scopes: string[]) => [...new Set(scopes)].sort().join(' ');

  async function request(platform: PlatformRow, scopes: string[]): Promise<{ token: string; expiresAt: number }> {
    const signer = await deps.toolKeys.signingKey();
    const now = Math.floor(clock.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: signer.kid, typ: 'JWT' })
      .setIssuer(platform.client_id)
      .setSubject(platform.client_id)
      .setAudience(platform.auth_server ?? platform.token_url)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .setJti(randomUUID())
      .sign(signer.key);
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: scopeKey(scopes),
    });
    let response: Response;
    try {
      response = await deps.http(platform.token_url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body });
    } catch (error) {
      throw new PlatformCallError(`token request failed: ${error instanceof Error ? error.message : error}`, null, '');
    }
    const text = await response.text();
    if (!response.ok) throw new PlatformCallError(`token endpoint answered ${response.status}`, response.status, text.slice(0, 1000));
    const parsed = TokenResponse.safeParse(JSON.parse(text || '{}'));
    if (!parsed.success) throw new PlatformCallError('token endpoint answered without an access_token', response.status, text.slice(0, 1000));
    return { token: parsed.data.access_token, expiresAt: clock.now() + parsed.data.expires_in * 1000 };
  }

  async function fetchAndStore(platform: PlatformRow, scopes: string[], key: string): Promise<string> {
    const stored = await db('access_tokens').where({ platform_id: platform.id, scopes: key }).first('token', 'expires_at');
    const cached = stored ? toCachedToken(stored) : null;
    if (cached && cached.expires_at - EARLY_MS > clock.now()) return cached.token;
    const fresh = await request(platform, scopes);
    const row = { token: fresh.token, expires_at: fresh.expiresAt };
    await db('access_tokens').insert({ platform_id: platform.id, scopes: key, ...row }).onConflict(['platform_id', 'scopes']).merge(row);
    return fresh.token;
  }
  // Scores sent side by side share one token request instead of each asking for its own.
  const inflight = new Map<string, Promise<string>>();

  return {
    get(platform: PlatformRow, scopes: string[]): Promise<string> {
      const key = scopeKey(scopes);
      const id = `${platform.id} ${key}`;
      const running = inflight.get(id);
      if (running) return running;
      const promise = fetchAndStore(platform, scopes, key).finally(() => inflight.delete(id));
      inflight.set(id, promise);
      return promise;
    },
    async clear(platform: PlatformRow, scopes: string[]): Promise<void> {
      await db('access_tokens').where({ platform_id: platform.id, scopes: scopeKey(scopes) }).delete();
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
