import type { Knex } from 'knex';
import type { Db, Executor } from './connect.js';

/** Joins the caller's transaction when given one, else opens a new one. */
export async function inTransaction<T>(db: Executor, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Knex.Transaction);
  return (db as Db).transaction(work);
}
