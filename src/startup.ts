import type { Config } from './config.js';
import { migrateToLatest, type Db } from './db/index.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createToolKeys } from './lti/index.js';

/** What a new or upgraded installation needs before it serves: schema and a signing key. */
export async function prepareInstallation(config: Config, db: Db, clock: Clock = systemClock): Promise<void> {
  await migrateToLatest(db);
  await createToolKeys({ db, clock, overlapHours: config.keyRotationOverlapHours }).ensureKey();
}
