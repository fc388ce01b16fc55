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
    database = await createTestDatabase({ empty: true });
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
    // What the migrations since 0.1.0 change on purpose: a queued score learns the deployment of its link.
    assert.deepEqual(await db('outbox').orderBy('id').select('id', 'deployment_id'), [{ id: 'o-1', deployment_id: null }, { id: 'o-2', deployment_id: 'd-1' }, { id: 'o-3', deployment_id: null }]);
    // A score that had been tried, pending or parked since, may be in the gradebook: each try counts as a send.
    assert.deepEqual((await db('outbox').orderBy('id').select('id', 'sends')).map((row) => ({ id: row.id, sends: Number(row.sends) })), [{ id: 'o-1', sends: 3 }, { id: 'o-2', sends: 1 }, { id: 'o-3', sends: 2 }]);
    // A module imported before packages stated a completion rule has none stored, so the default rule applies;
    // a module completed then stays completed without section evidence.
    assert.deepEqual(await db('course_modules').select('id', 'completion'), [{ id: 'm-1', completion: null }]);
    assert.equal((await db('module_sections').count({ n: '*' }))[0]?.n, 0);
    // A grant made before trainers could lift the cool-down did not lift it.
    assert.deepEqual((await db('attempt_grants').select('id', 'lifts_cooldown', 'context_id')).map((g) => ({ id: g.id, lifts_cooldown: Number(g.lifts_cooldown), context_id: g.context_id })), [{ id: 'g-1', lifts_cooldown: 0, context_id: null }], 'and it names no LMS course, so no list shows it');
  });

  it('says what to do with a database made before the 0.1.0 baseline', async () => {
    const old = await createTestDatabase({ empty: true });
    const oldDb = connectDb(old.settings);
    try {
      await oldDb.schema.createTable('knex_migrations', (t) => {
        t.increments('id');
        t.string('name');
        t.integer('batch');
        t.timestamp('migration_time');
      });
      await oldDb('knex_migrations').insert({ name: '20261128000100_create_platforms', batch: 1, migration_time: new Date() });
      await assert.rejects(migrateToLatest(oldDb), /made by migrations this Beacon no longer has \(20261128000100_create_platforms\).*delete/s);
    } finally {
      await oldDb.destroy();
      await old.drop();
    }
  });
});
