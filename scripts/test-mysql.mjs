// `npm run test:mysql`: the same suite against TEST_DATABASE_URL (MySQL/MariaDB).
import { spawnSync } from 'node:child_process';

const url = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test';
const result = spawnSync(process.execPath, ['scripts/test.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, BEACON_TEST_DB: 'mysql', TEST_DATABASE_URL: url },
});
process.exit(result.status ?? 1);
