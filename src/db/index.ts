export { connectDb, isMysql, type Db, type Executor, type DatabaseSettings } from './connect.js';
export { migrateToLatest, rollbackAll } from './migrate.js';
export { newId, newToken } from './ids.js';
export { inTransaction } from './transaction.js';
