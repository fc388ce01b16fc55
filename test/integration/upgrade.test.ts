import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { connectDb, migrateToLatest, type Db } from '../../src/db/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { describeSchema, readSchemaSnapshot } from '../support/schema.js';
import { RELEASE, RELEASE_ROWS } from '../fixtures/release-rows.js';

type Release = { version: string; lastMigration: string };

// Oldest first; each entry names the last migration that release shipped.
const releases = JSON.parse(readFileSync('migrations/releases.json', 'utf8')) as Release[];
const migrations = readdirSync('migrations').flatMap((file) => /^(\d{14}_[a-z0-9_]+)\.ts$/.exec(file)?.[1] ?? []).sort();

type Row = Record<string, unknown>;

/** The given columns of each row, in an order that does not depend on the engine. */
function comparable(rows: Row[], columns: string[]): Row[] {
  return rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column]]))).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('upgrading a database made by the previous release', () => {
  const previous = releases.at(-1);
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

  it('every release names a migration that is still here, in order', () => {
    assert.ok(previous, 'migrations/releases.json lists at least one release');
    const positions = releases.map((release) => migrations.indexOf(release.lastMigration));
    assert.ok(!positions.includes(-1), `a shipped migration is missing or renamed: ${JSON.stringify(releases)}`);
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'releases are listed oldest first');
  });

  it('migrates to the current schema and keeps the rows it had', async () => {
    assert.ok(previous);
    assert.equal(RELEASE, previous.version, `test/fixtures/release-rows.ts is written for ${RELEASE}: bring it up to ${previous.version}'s schema`);
    await migrateToLatest(db, { upTo: previous.lastMigration });
    const shipped = migrations.slice(0, migrations.indexOf(previous.lastMigration) + 1);
    assert.deepEqual(await db('knex_migrations').orderBy('id').pluck('name'), shipped, `the database is at ${previous.version}`);
    for (const [table, rows] of RELEASE_ROWS) await db(table).insert(rows);

    await migrateToLatest(db);

    assert.deepEqual(await describeSchema(db), readSchemaSnapshot(), 'the upgraded schema is the one a fresh database gets');
    for (const [table, rows] of RELEASE_ROWS) {
      const columns = Object.keys(rows[0] ?? {});
      assert.deepEqual(comparable(await db(table).select(columns), columns), comparable(rows, columns), `rows of ${table} after the upgrade`);
    }
  });
});
