import knex from 'knex';
import type { DatabaseSettings } from '../../src/db/index.js';
import { createSqliteTestDatabase } from './sqlite-test-database.js';

/** Which engine the suite runs on: `npm test` is SQLite, `npm run test:mysql` sets BEACON_TEST_DB=mysql. */
export const engine: 'sqlite' | 'mysql' = process.env.BEACON_TEST_DB === 'mysql' ? 'mysql' : 'sqlite';

export type TestDatabase = { settings: DatabaseSettings; url: string | undefined; drop(): Promise<void> };

/**
 * A fresh database per test file: a copy of the migrated SQLite template in a temporary
 * folder, or a new MySQL database created next to TEST_DATABASE_URL's, so test files can
 * run in parallel.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (engine === 'sqlite') return createSqliteTestDatabase();
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test');
  const name = `beacon_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = knex({ client: 'mysql2', connection: { uri: base.toString() } as never });
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.destroy();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    settings: { kind: 'mysql', url: url.toString() },
    url: url.toString(),
    drop: async () => {
      const conn = knex({ client: 'mysql2', connection: { uri: base.toString() } as never });
      await conn.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.destroy();
    },
  };
}
