import { readdirSync } from 'node:fs';
import { migrationsDir } from '../../src/paths.js';

/**
 * The names knex records in knex_migrations for the files in migrations/ now: the file
 * name without .ts/.js, by the same rule as src/db/migrate.ts's migration source.
 */
export function migrationNames(): string[] {
  return readdirSync(migrationsDir)
    .map((file) => /^(\d{14}_[a-z0-9_]+)\.(ts|js)$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}
