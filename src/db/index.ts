export { connectDb, isMysql, type Db, type Executor, type DatabaseSettings } from './connect.js';
export { migrateToLatest, rollbackAll } from './migrate.js';
export { newId, newToken } from './ids.js';
export { inTransaction } from './transaction.js';
export { num, bool01, jsonText, jsonAny, text, nullableText, nullableNum, rowParser } from './codecs.js';
