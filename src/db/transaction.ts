import type { Knex } from 'knex';
import type { Db, Executor } from './connect.js';

// Errors after which the whole transaction may simply run again: the database chose it as
// a deadlock victim (MySQL) or could not get the write lock in time (SQLite).
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY']);
const ATTEMPTS = 3;

/** Joins the caller's transaction when given one, else opens a new one, retried on deadlock. */
export async function inTransaction<T>(db: Executor, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Knex.Transaction);
  for (let attempt = 1; ; attempt++) {
    try {
      return await (db as Db).transaction(work);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
    }
  }
}
