// Runs every test file under test/ with node's test runner (Node 20 has no --test globs).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sqliteTemplate } from './sqlite-template.mjs';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : find('test').sort();
const env = { ...process.env };
// Migrating once here, not in every test database, is most of what a SQLite test costs.
if (process.env.BEACON_TEST_DB !== 'mysql') env.BEACON_TEST_SQLITE_TEMPLATE = sqliteTemplate();
// Every test process refuses network connections beyond loopback (see the preload).
const sealedNetwork = pathToFileURL(resolve(import.meta.dirname, '../test/support/sealed-network.ts')).href;
const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', sealedNetwork, '--test', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
