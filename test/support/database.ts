import type { DatabaseSettings } from '../../src/db/index.js';
import { createSqliteTestDatabase } from './sqlite-test-database.js';

/** Which engine the suite runs on: `npm test` is SQLite, `npm run test:mysql` sets BEACON_TEST_DB=mysql. */
export const engine: 'sqlite' | 'mysql' = process.env.BEACON_TEST_DB === 'mysql' ? 'mysql' : 'sqlite';

export type TestDatabase = { settings: DatabaseSettings; url: string | undefined; drop(): Promise<void> };

/** `empty`: no tables at all, not even knex_migrations, for a test that builds the schema itself. */
export type TestDatabaseOptions = { empty?: boolean };

/**
 * A database of its own for a test file (or several, each its own), migrated and with no
 * rows: a copy of the migrated SQLite template in a temporary folder, or a MySQL worker
 * schema next to TEST_DATABASE_URL's database, claimed until drop().
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  if (engine === 'sqlite') return createSqliteTestDatabase(options);
  // Loaded on MySQL runs only: a SQLite test process has no other use for mysql2.
  const { claimMysqlWorkerSchema } = await import('./mysql-worker-schema.js');
  return claimMysqlWorkerSchema(new URL(process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test'), options);
}
