import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { connectDb, isMysql, migrateToLatest, rollbackAll, type Db } from '../../src/db/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const SNAPSHOT = 'test/fixtures/schema.json';

async function describeSchema(db: Db): Promise<Record<string, string[]>> {
  const tables: string[] = isMysql(db)
    ? (await db('information_schema.tables').where('table_schema', db.raw('database()')).select('table_name as name')).map((r: { name: string }) => r.name)
    : (await db('sqlite_master').where('type', 'table').whereNot('name', 'like', 'sqlite_%').select('name')).map((r: { name: string }) => r.name);
  const schema: Record<string, string[]> = {};
  for (const table of tables.filter((name) => !name.startsWith('knex_')).sort()) {
    schema[table] = Object.keys(await db(table).columnInfo()).sort();
  }
  return schema;
}

describe('migrations', () => {
  let database: TestDatabase;
  let db: Db;
  before(async () => {
    database = await createTestDatabase();
    db = connectDb(database.settings);
  });
  after(async () => {
    await db.destroy();
    await database.drop();
  });

  it('migrate, roll back everything, migrate again, and match the committed schema snapshot', async () => {
    await migrateToLatest(db);
    const first = await describeSchema(db);
    await rollbackAll(db);
    assert.deepEqual(await describeSchema(db), {}, 'every down() removes what its up() made');
    await migrateToLatest(db);
    const second = await describeSchema(db);
    assert.deepEqual(second, first);
    if (process.env.UPDATE_SCHEMA_SNAPSHOT) writeFileSync(SNAPSHOT, `${JSON.stringify(second, null, 2)}\n`);
    // A failure here means the schema changed: add a migration, review it, and refresh the
    // snapshot with UPDATE_SCHEMA_SNAPSHOT=1 npm test.
    assert.deepEqual(second, JSON.parse(readFileSync(SNAPSHOT, 'utf8')));
  });
});
