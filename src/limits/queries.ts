import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isMysql, num, rowParser, text, type Executor } from '../db/index.js';

const toSalt = rowParser('rate_limit_salt', z.object({ salt: text }));
const toCount = rowParser('rate_limits', z.object({ count: num }));

/** The installation's salt for address hashes: made once, by whichever process asks first. */
export async function installationSalt(db: Executor): Promise<string> {
  await db('rate_limit_salt').insert({ id: 1, salt: randomBytes(32).toString('hex') }).onConflict('id').ignore();
  return toSalt(await db('rate_limit_salt').where({ id: 1 }).first('salt')).salt;
}

/**
 * Counts one hit in a window and returns the window's count, in one statement (one round
 * trip), atomic under concurrent processes: the insert makes the row or adds one to it.
 */
export async function countHit(db: Executor, row: { bucket: string; key: string; windowStart: number; expiresAt: number }): Promise<number> {
  const values = { bucket: row.bucket, key: row.key, window_start: row.windowStart, count: 1, expires_at: row.expiresAt };
  if (isMysql(db)) {
    // MySQL has no RETURNING; LAST_INSERT_ID(expr) hands the updated count back in the
    // statement's own reply (per statement, so pooled connections cannot mix them up).
    const [result] = (await db.raw('insert into rate_limits (bucket, `key`, window_start, count, expires_at) values (?, ?, ?, 1, ?) on duplicate key update count = last_insert_id(count + 1)', [
      values.bucket,
      values.key,
      values.window_start,
      values.expires_at,
    ])) as [{ affectedRows: number; insertId: number }];
    return result.affectedRows === 1 ? 1 : Number(result.insertId);
  }
  const rows = await db('rate_limits').insert(values).onConflict(['bucket', 'key', 'window_start']).merge({ count: db.raw('?? + 1', ['rate_limits.count']) }).returning('count');
  return toCount(rows[0]).count;
}

/** Forgets windows that are over. */
export async function deleteEndedWindows(db: Executor, now: number): Promise<number> {
  return db('rate_limits').where('expires_at', '<=', now).delete();
}
