import { readFileSync } from 'node:fs';
import { isMysql, type Db } from '../../src/db/index.js';

/** The committed snapshot of the migrated schema: table -> sorted column names. */
export const SCHEMA_SNAPSHOT = 'test/fixtures/schema.json';

export function readSchemaSnapshot(): Record<string, string[]> {
  return JSON.parse(readFileSync(SCHEMA_SNAPSHOT, 'utf8')) as Record<string, string[]>;
}

/** Every table of ours (not knex's bookkeeping) with its column names, on either engine. */
export async function describeSchema(db: Db): Promise<Record<string, string[]>> {
  const tables: string[] = isMysql(db)
    ? (await db('information_schema.tables').where('table_schema', db.raw('database()')).select('table_name as name')).map((r: { name: string }) => r.name)
    : (await db('sqlite_master').where('type', 'table').whereNot('name', 'like', 'sqlite_%').select('name')).map((r: { name: string }) => r.name);
  const schema: Record<string, string[]> = {};
  for (const table of tables.filter((name) => !name.startsWith('knex_')).sort()) {
    schema[table] = Object.keys(await db(table).columnInfo()).sort();
  }
  return schema;
}
