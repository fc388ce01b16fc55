import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { migrationsDir } from '../paths.js';
import type { Db } from './connect.js';

type Migration = { up(db: Knex): Promise<void>; down(db: Knex): Promise<void> };

/**
 * Lists migrations by file name without extension, so the same history applies whether
 * Beacon runs from TypeScript sources or from the compiled dist/ folder. With `upTo`, it
 * lists only the migrations up to and including that one, which is how the upgrade test
 * builds the database a past release made (migrations/releases.json names their last).
 */
class FolderMigrationSource implements Knex.MigrationSource<string> {
  constructor(private readonly dir: string, private readonly upTo?: string) {}

  private files(): Map<string, string> {
    const files = new Map<string, string>();
    for (const file of readdirSync(this.dir)) {
      const match = /^(\d{14}_[a-z0-9_]+)\.(ts|js)$/.exec(file);
      if (match?.[1]) files.set(match[1], file);
    }
    return files;
  }

  async getMigrations(): Promise<string[]> {
    const names = [...this.files().keys()].sort();
    const last = this.upTo;
    if (last === undefined) return names;
    // A misspelt name would otherwise quietly stop somewhere else.
    if (!names.includes(last)) throw new Error(`Migration ${last} not found in ${this.dir}`);
    return names.filter((name) => name <= last);
  }

  getMigrationName(name: string): string {
    return name;
  }

  async getMigration(name: string): Promise<Migration> {
    const file = this.files().get(name);
    if (!file) throw new Error(`Migration ${name} not found in ${this.dir}`);
    return (await import(pathToFileURL(join(this.dir, file)).href)) as Migration;
  }
}

type MigrateOptions = {
  /** Stop after this migration (its file name without extension). */
  upTo?: string;
};

const migrationConfig = (options: MigrateOptions = {}): Knex.MigratorConfig => ({
  migrationSource: new FolderMigrationSource(migrationsDir, options.upTo),
  tableName: 'knex_migrations',
});

export async function migrateToLatest(db: Db, options: MigrateOptions = {}): Promise<void> {
  try {
    await db.migrate.latest(migrationConfig(options));
  } catch (error) {
    // knex only says the folder is "corrupt"; the likely cause is a database from before the
    // 0.1.0 baseline replaced the first fifteen migrations (nothing had been deployed on them).
    const missing = /the following files are missing: (.+)$/.exec(error instanceof Error ? error.message : '')?.[1];
    if (!missing) throw error;
    throw new Error(`This database was made by migrations this Beacon no longer has (${missing}). A database from before release 0.1.0 cannot be upgraded: delete it (the SQLite file, or the MySQL database) and start again.`);
  }
}

export async function rollbackAll(db: Db): Promise<void> {
  await db.migrate.rollback(migrationConfig(), true);
}
