import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
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
  if (file !== ':memory:') keepPrivate(file);
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

/**
 * The database holds sessions, learners and the tool's private keys, so only Beacon's user
 * may read it. Directories Beacon makes are 0700 (one that exists, perhaps shared such as
 * /tmp, is left alone). The file is made 0600 before better-sqlite3 opens it, and a file an
 * older Beacon left looser is tightened. SQLite creates its -wal and -shm files with the
 * database file's permissions, so they follow; ones left from before are tightened too.
 * No umask is changed: it is process-wide and would race with other work.
 */
function keepPrivate(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(path, 0o600);
    } catch (error) {
      // Missing -wal/-shm is normal; a file owned by someone else keeps what its owner chose.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw error;
    }
  }
}

export function isMysql(db: Executor): boolean {
  return db.client.config.client === 'mysql2';
}
