import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { connectDb, migrateToLatest, rollbackAll, type Db } from '../../src/db/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { describeSchema, readSchemaSnapshot, SCHEMA_SNAPSHOT } from '../support/schema.js';

describe('migrations', () => {
  let database: TestDatabase;
  let db: Db;
  before(async () => {
    database = await createTestDatabase({ empty: true });
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
    if (process.env.UPDATE_SCHEMA_SNAPSHOT) writeFileSync(SCHEMA_SNAPSHOT, `${JSON.stringify(second, null, 2)}\n`);
    // A failure here means the schema changed: add a migration, review it, and refresh the
    // snapshot with UPDATE_SCHEMA_SNAPSHOT=1 npm test -- test/integration/schema.test.ts.
    assert.deepEqual(second, readSchemaSnapshot());
  });
});
