import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';
import type { Config } from '../config.js';
import { fromRoot } from '../paths.js';

export type Db = Knex;
export type Executor = Knex | Knex.Transaction;

export type DatabaseSettings = Config['database'];

/**
 * Dialect settings live here and nowhere else: UTC, utf8mb4 and strict foreign keys on
 * both engines, WAL and a busy timeout on SQLite so several processes can share a file.
 */
export function connectDb(database: DatabaseSettings, options: { poolMax?: number } = {}): Db {
  if (database.kind === 'mysql') {
    return knex({
      client: 'mysql2',
      connection: { uri: database.url, timezone: 'Z', charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: false } as Knex.MySql2ConnectionConfig,
      pool: {
        min: 0,
        max: options.poolMax ?? 10,
        // READ COMMITTED: a read after an upsert sees rows other transactions committed (under
        // REPEATABLE READ it would not), and there are fewer gap locks to deadlock on.
        afterCreate: (conn: { query: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) => {
          conn.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', (err) => done(err, conn));
        },
      },
    });
  }
  const file = database.file === ':memory:' ? ':memory:' : fromRoot(database.file);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return knex({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    // better-sqlite3 is synchronous: one connection serialises work without lock contention.
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: { pragma: (sql: string) => unknown }, done: (err: Error | null, conn: unknown) => void) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        done(null, conn);
      },
    },
  });
}

export function isMysql(db: Executor): boolean {
  return db.client.config.client === 'mysql2';
}
