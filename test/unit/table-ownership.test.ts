import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

/** The "Tables" section of docs/architecture.md: area -> the tables it owns. */
function owners(): Map<string, string> {
  const doc = readFileSync('docs/architecture.md', 'utf8');
  const section = doc.slice(doc.indexOf('## Tables'), doc.indexOf('\n## ', doc.indexOf('## Tables') + 1));
  const owner = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = /^\| ([a-z]+) \| ([a-z_, ]+) \|$/.exec(line);
    if (!cells?.[1] || !cells[2] || cells[1] === 'area') continue;
    for (const table of cells[2].split(',').map((t) => t.trim())) owner.set(table, cells[1]);
  }
  return owner;
}

// db('t'), trx('t as x'), executor('t'), .join('t as x', ...), .from('t'), .into('t'): how knex names a table.
const TABLE_REFERENCE = /(?:\b(?:db|trx|executor|knex)|deps\.db)\(\s*'([a-z_]+)(?: as \w+)?'|\.(?:join|leftJoin|innerJoin|from|into)\(\s*'([a-z_]+)(?: as \w+)?'/g;

function tableReferences(source: string): Array<{ table: string; line: number }> {
  return source.split('\n').flatMap((text, index) => [...text.matchAll(TABLE_REFERENCE)].map((m) => ({ table: (m[1] ?? m[2]) as string, line: index + 1 })));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('every table belongs to one area', () => {
  const owner = owners();

  it('reads the table of owners from docs/architecture.md', () => {
    assert.ok(owner.size >= 30, `found only ${owner.size} tables in docs/architecture.md`);
    assert.equal(owner.get('users'), 'identity');
    assert.equal(owner.get('attempts'), 'assessments');
  });

  it('gives every table in the schema an owner', () => {
    const schema = Object.keys(JSON.parse(readFileSync('test/fixtures/schema.json', 'utf8')) as Record<string, unknown>);
    assert.deepEqual(schema.filter((table) => !owner.has(table)), [], 'add the new table to docs/architecture.md');
  });

  it('finds table names the way knex code writes them, so a planted violation is seen', () => {
    assert.deepEqual(tableReferences("const row = await trx('launches as l').join('contexts as c', 'c.id', 'l.context_id');").map((r) => r.table), ['launches', 'contexts']);
    assert.deepEqual(tableReferences("db('attempts').where({ id })").map((r) => r.table), ['attempts']);
  });

  it("has no area query another area's tables", () => {
    const foreign: string[] = [];
    for (const file of sourceFiles('src')) {
      const area = relative('src', file).split('/')[0];
      for (const { table, line } of tableReferences(readFileSync(file, 'utf8'))) {
        const tableOwner = owner.get(table);
        if (tableOwner !== area) foreign.push(`${file}:${line} ${table} (owned by ${tableOwner ?? 'nobody'})`);
      }
    }
    assert.deepEqual(foreign, []);
  });
});
