import { constants, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestDatabase, TestDatabaseOptions } from './database.js';

/**
 * A temporary SQLite file, copied from the template scripts/test.mjs migrated once for the
 * run. Run without it (a test file started by hand), the file starts empty and is
 * migrated by whoever opens it first, as Beacon's start-up does.
 */
export function createSqliteTestDatabase(options: TestDatabaseOptions): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-test-'));
  const file = join(dir, 'beacon.sqlite');
  const template = process.env.BEACON_TEST_SQLITE_TEMPLATE;
  if (template && !options.empty) copyFileSync(template, file, constants.COPYFILE_FICLONE);
  return { settings: { kind: 'sqlite', file }, url: undefined, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
