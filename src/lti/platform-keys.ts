import { importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { LtiError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { HttpClient } from '../lib/http-client.js';

const PlatformJwks = z.object({
  keys: z
    .array(z.object({ kty: z.string(), kid: z.string().optional(), alg: z.string().optional(), use: z.string().optional() }).passthrough())
    .min(1, 'the key set is empty'),
});

type Entry = { fetchedAt: number; keys: Map<string, CryptoKey | Uint8Array> };

const MAX_AGE_MS = 10 * 60_000;
// An unknown kid triggers one re-fetch, but not more often than this, so forged kids cannot
// make Beacon hammer the platform.
const REFETCH_COOLDOWN_MS = 10_000;

/**
 * The platforms' public keys, fetched from their registered JWKS URL and cached per URL.
 * This is a cache, not state: any process can rebuild it from the platform.
 */
export function createPlatformKeys(deps: { http: HttpClient; clock: Clock }) {
  const cache = new Map<string, Entry>();
  const inflight = new Map<string, Promise<Entry>>();

  async function fetchKeys(jwksUrl: string): Promise<Entry> {
    let body: unknown;
    try {
      const response = await deps.http(jwksUrl, { timeoutMs: 5_000, headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new LtiError(
        'platform_keys_unavailable',
        `Beacon could not fetch the platform's public keys (${error instanceof Error ? error.message : 'error'}). Try again later or ask the LMS administrator to check the key set URL.`,
        502,
      );
    }
    const parsed = PlatformJwks.safeParse(body);
    if (!parsed.success) {
      throw new LtiError('platform_keys_invalid', "The platform's public key set is not a valid JWKS.", 502);
    }
    const keys = new Map<string, CryptoKey | Uint8Array>();
    for (const jwk of parsed.data.keys) {
      // Only RSA signing keys can verify an RS256 launch; anything else is ignored.
      if (!jwk.kid || jwk.kty !== 'RSA' || (jwk.alg && jwk.alg !== 'RS256') || (jwk.use && jwk.use !== 'sig')) continue;
      try {
        keys.set(jwk.kid, await importJWK(jwk as JWK, 'RS256'));
      } catch {
        // A malformed key in the set does not spoil the others.
      }
    }
    const entry = { fetchedAt: deps.clock.now(), keys };
    cache.set(jwksUrl, entry);
    return entry;
  }

  function refresh(jwksUrl: string): Promise<Entry> {
    const running = inflight.get(jwksUrl);
    if (running) return running;
    const promise = fetchKeys(jwksUrl).finally(() => inflight.delete(jwksUrl));
    inflight.set(jwksUrl, promise);
    return promise;
  }

  return {
    async getKey(jwksUrl: string, kid: string): Promise<CryptoKey | Uint8Array> {
      let entry = cache.get(jwksUrl);
      const now = deps.clock.now();
      if (!entry || now - entry.fetchedAt > MAX_AGE_MS) {
        entry = await refresh(jwksUrl);
      } else if (!entry.keys.has(kid) && now - entry.fetchedAt > REFETCH_COOLDOWN_MS) {
        entry = await refresh(jwksUrl);
      }
      const key = entry.keys.get(kid);
      if (!key) {
        throw new LtiError('unknown_kid', "The launch was signed with a key the platform does not publish (unknown 'kid').");
      }
      return key;
    },
    clear(): void {
      cache.clear();
    },
  };
}

export type PlatformKeys = ReturnType<typeof createPlatformKeys>;
