import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectDb, isMysql, type Db } from '../../src/db/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { migrationNames } from '../support/migration-names.js';

async function withDb<T>(database: TestDatabase, use: (db: Db) => Promise<T>): Promise<T> {
  const db = connectDb(database.settings);
  try {
    return await use(db);
  } finally {
    await db.destroy();
  }
}

async function tableNames(db: Db): Promise<string[]> {
  const rows: Array<{ name: string }> = isMysql(db)
    ? await db('information_schema.tables').where('table_schema', db.raw('database()')).select('table_name as name')
    : await db('sqlite_master').where('type', 'table').whereNot('name', 'like', 'sqlite_%').select('name');
  return rows.map((row) => row.name);
}

const settingsCount = async (db: Db) => Number(((await db('settings').count({ n: '*' }).first()) as { n: number | string }).n);

// The suite's own plumbing: what every other test file takes for granted about its database.
describe('test databases', () => {
  it('start migrated and without rows, each its own while held, and without the rows of the one before', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    try {
      assert.notDeepEqual(first.settings, second.settings);
      await withDb(first, async (db) => {
        assert.deepEqual(await db('knex_migrations').orderBy('name').pluck('name'), migrationNames());
        await db('settings').insert({ name: 'left-behind', value: 'x', updated_at: 1 });
      });
      assert.equal(await withDb(second, settingsCount), 0);
      // drop() twice is harmless, as it always was.
      await first.drop();
      await first.drop();
      const next = await createTestDatabase();
      try {
        assert.equal(await withDb(next, settingsCount), 0);
      } finally {
        await next.drop();
      }
    } finally {
      await first.drop();
      await second.drop();
    }
  });

  it('can start with no tables at all, for a test that builds its schema itself', async () => {
    const database = await createTestDatabase({ empty: true });
    try {
      assert.deepEqual(await withDb(database, tableNames), []);
    } finally {
      await database.drop();
    }
    // The next one is migrated as usual.
    const after = await createTestDatabase();
    try {
      assert.deepEqual(await withDb(after, (db) => db('knex_migrations').orderBy('name').pluck('name')), migrationNames());
    } finally {
      await after.drop();
    }
  });
});
