import type { Socket } from 'node:net';
import mysql, { type Connection, type RowDataPacket } from 'mysql2/promise';
import { connectDb, migrateToLatest } from '../../src/db/index.js';
import type { TestDatabase, TestDatabaseOptions } from './database.js';
import { migrationNames } from './migration-names.js';

// Far more than the suite ever holds at once; reaching it means claims are leaking.
const MAX_WORKERS = 64;

/**
 * Claims the first free worker schema `beacon_w<N>` on TEST_DATABASE_URL's server. The
 * claim is a named lock held by a connection that stays open until drop(), so any number
 * of test processes (and suites) share the pool without a coordinator, and a process that
 * dies gives its schema back with its connection. A schema is migrated once, when it is
 * first made or its migrations no longer match the folder; after that a claim only
 * empties it, which is far cheaper than migrating a new database. An empty claim leaves
 * the schema without tables, so its next claimant migrates it again.
 */
export async function claimMysqlWorkerSchema(base: URL, options: TestDatabaseOptions): Promise<TestDatabase> {
  const conn = await mysql.createConnection({ uri: base.toString() });
  try {
    const name = await lockFreeWorker(conn);
    const url = new URL(base.toString());
    url.pathname = `/${name}`;
    if (options.empty) await recreate(conn, name);
    else if (await isCurrent(conn, name)) await emptyTables(conn, name);
    else await rebuild(conn, name, url.toString());
    // The lock must not keep a test process alive that has nothing else left to do; it is
    // let go of while idle only, or a process could end in the middle of a query on it.
    const socket = (conn as unknown as { connection: { stream: Socket } }).connection.stream;
    socket.unref();
    let dropped: Promise<void> | undefined;
    const release = async () => {
      socket.ref();
      await conn.query('SELECT RELEASE_LOCK(?)', [name]);
      await conn.end();
    };
    return {
      settings: { kind: 'mysql', url: url.toString() },
      url: url.toString(),
      // Once only, as dropping a database twice was harmless before.
      drop: () => (dropped ??= release()),
    };
  } catch (error) {
    conn.destroy();
    throw error;
  }
}

async function lockFreeWorker(conn: Connection): Promise<string> {
  for (let n = 1; n <= MAX_WORKERS; n++) {
    const name = `beacon_w${n}`;
    const [rows] = await conn.query<RowDataPacket[]>('SELECT GET_LOCK(?, 0) AS got', [name]);
    if (Number(rows[0]?.got) === 1) return name;
  }
  throw new Error(`all ${MAX_WORKERS} MySQL worker schemas (beacon_w1...) are claimed; is a test not calling drop()?`);
}

/**
 * Whether the schema exists, records exactly the migrations in the folder, and no
 * migration was cut off. knex records names only, so a migration edited in place goes
 * unnoticed until the schema is dropped.
 */
async function isCurrent(conn: Connection, name: string): Promise<boolean> {
  try {
    const [done] = await conn.query<RowDataPacket[]>(`SELECT name FROM \`${name}\`.knex_migrations ORDER BY name`);
    const [lock] = await conn.query<RowDataPacket[]>(`SELECT is_locked FROM \`${name}\`.knex_migrations_lock`);
    const recorded = done.map((row) => String(row.name));
    return JSON.stringify(recorded) === JSON.stringify(migrationNames()) && lock.every((row) => Number(row.is_locked) === 0);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ER_BAD_DB_ERROR' || code === 'ER_NO_SUCH_TABLE') return false;
    throw error;
  }
}

async function recreate(conn: Connection, name: string): Promise<void> {
  await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
}

async function rebuild(conn: Connection, name: string, url: string): Promise<void> {
  await recreate(conn, name);
  const db = connectDb({ kind: 'mysql', url });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Removes every row a previous claimant left, keeping the schema and its migration
 * history. DELETE in one transaction measured about ten times faster than TRUNCATE, which
 * recreates each table, and no faster when tables already empty are skipped.
 */
async function emptyTables(conn: Connection, name: string): Promise<void> {
  const [tables] = await conn.query<RowDataPacket[]>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' AND table_name NOT IN ('knex_migrations', 'knex_migrations_lock')",
    [name],
  );
  // Rows go in any order, so foreign keys are not checked while the tables are emptied.
  await conn.query('SET FOREIGN_KEY_CHECKS = 0');
  try {
    await conn.query('START TRANSACTION');
    for (const row of tables) await conn.query(`DELETE FROM \`${name}\`.\`${String(row.t)}\``);
    await conn.query('COMMIT');
  } finally {
    await conn.query('SET FOREIGN_KEY_CHECKS = 1');
  }
}
