import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { connectDb } from '../../src/db/index.js';
import { engine } from '../support/database.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the SQLite database file', { skip: engine !== 'sqlite' && 'SQLite only' }, () => {
  it('is created readable by its owner only, in a data directory only its owner can enter', async () => {
    const root = mkdtempSync(join(tmpdir(), 'beacon-modes-'));
    const file = join(root, 'data', 'nested', 'beacon.sqlite');
    const db = connectDb({ kind: 'sqlite', file });
    try {
      await db.schema.createTable('probe', (t) => t.integer('n'));
      await db('probe').insert({ n: 1 });
      assert.equal(mode(join(root, 'data')).toString(8), '700');
      assert.equal(mode(join(root, 'data', 'nested')).toString(8), '700');
      assert.equal(mode(file).toString(8), '600');
      for (const extra of [`${file}-wal`, `${file}-shm`]) {
        assert.ok(existsSync(extra), `${extra} exists in WAL mode`);
        assert.equal(mode(extra).toString(8), '600', `${extra} follows the database file`);
      }
    } finally {
      await db.destroy();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('tightens a database file an older Beacon left world-readable', async () => {
    const root = mkdtempSync(join(tmpdir(), 'beacon-modes-'));
    const file = join(root, 'beacon.sqlite');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const db = connectDb({ kind: 'sqlite', file });
    try {
      await db.raw('select 1');
      assert.equal(mode(file).toString(8), '600');
    } finally {
      await db.destroy();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
