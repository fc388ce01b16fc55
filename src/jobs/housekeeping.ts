import type { Db } from '../db/index.js';
import { deleteExpiredSessions } from '../identity/index.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { deleteEndedWindows } from '../limits/index.js';
import { deleteExpiredStates } from '../lti/index.js';

/**
 * Removes spent logins, ended sessions and rate-limit windows that are over, so
 * unauthenticated requests cannot grow tables without end.
 */
export async function sweepExpired(db: Db, clock: Clock): Promise<{ states: number; sessions: number; rateLimits: number }> {
  const now = clock.now();
  return { states: await deleteExpiredStates(db, now), sessions: await deleteExpiredSessions(db, now), rateLimits: await deleteEndedWindows(db, now) };
}

export function startHousekeeping(deps: { db: Db; clock: Clock; logger: Logger; assessments: { closeExpired(): Promise<number> } }, intervalMs = 60_000): () => void {
  const timer = setInterval(() => {
    sweepExpired(deps.db, deps.clock)
      // A timed attempt nobody came back to is submitted with what was saved, so its score still reaches the LMS.
      .then(() => deps.assessments.closeExpired())
      .catch((error: unknown) => deps.logger.error({ err: String(error) }, 'housekeeping failed'));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
