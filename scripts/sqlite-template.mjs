// The migrated SQLite file every test database starts as a copy of. It is named by a hash
// of the migration files, so a changed, added or removed migration yields a new template
// while an unchanged folder reuses the one already built.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const migrationsDir = join(root, 'migrations');
const cacheDir = join(root, 'node_modules', '.cache', 'beacon-test');

export function migrationsHash() {
  const hash = createHash('sha256');
  const files = readdirSync(migrationsDir, { withFileTypes: true }).filter((entry) => entry.isFile());
  for (const name of files.map((entry) => entry.name).sort()) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(join(migrationsDir, name)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Path of the template for the migrations as they are now, built first if missing. */
export function sqliteTemplate() {
  const file = join(cacheDir, `sqlite-${migrationsHash()}.sqlite`);
  if (existsSync(file)) return file;
  mkdirSync(cacheDir, { recursive: true });
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-sqlite-template.ts'), file], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) throw new Error(`could not build the SQLite test template ${file}`);
  return file;
}
