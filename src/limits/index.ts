import { createHash } from 'node:crypto';
import type { Executor } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { countHit, installationSalt } from './queries.js';

export { deleteEndedWindows } from './queries.js';

export type Hit = { count: number; resetAt: number };
export type Limiter = { hit(bucket: string, address: string, windowMs: number): Promise<Hit> };

/**
 * Fixed-window counters kept in the database, so that every process behind a load balancer
 * counts against the same limit. Windows are aligned to the clock (a minute from :00).
 */
export function createLimiter(deps: { db: Executor; clock: Clock }): Limiter {
  let salt: Promise<string> | null = null;
  return {
    async hit(bucket, address, windowMs) {
      salt ??= installationSalt(deps.db).catch((error: unknown) => {
        salt = null;
        throw error;
      });
      const key = createHash('sha256').update(await salt).update('\0').update(address).digest('hex');
      const now = deps.clock.now();
      const windowStart = now - (now % windowMs);
      const resetAt = windowStart + windowMs;
      return { count: await countHit(deps.db, { bucket, key, windowStart, expiresAt: resetAt }), resetAt };
    },
  };
}
