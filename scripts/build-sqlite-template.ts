// Migrates a new SQLite file with Beacon's own migrations, for the tests to copy.
// Usage: tsx scripts/build-sqlite-template.ts TARGET
import { renameSync, rmSync } from 'node:fs';
import { connectDb, migrateToLatest } from '../src/db/index.js';

const target = process.argv[2];
if (!target) throw new Error('usage: build-sqlite-template.ts TARGET');

// Built under a private name and renamed into place, so a concurrent run never copies a
// half-migrated file.
const partial = `${target}.${process.pid}.partial`;
const db = connectDb({ kind: 'sqlite', file: partial });
try {
  await migrateToLatest(db);
  // Everything into the main file: the tests copy that one file, not its -wal.
  await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
} finally {
  await db.destroy();
}
rmSync(`${partial}-wal`, { force: true });
rmSync(`${partial}-shm`, { force: true });
renameSync(partial, target);
