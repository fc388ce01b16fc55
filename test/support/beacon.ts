import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { connectDb, type Db } from '../../src/db/index.js';
import { createDeps, type Deps, type Outside } from '../../src/deps.js';
import { createLogger, type Logger } from '../../src/lib/logger.js';
import { prepareInstallation } from '../../src/startup.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export type RunningBeacon = {
  url: string;
  database: TestDatabase;
  db: Db;
  deps: Deps;
  config: Config;
  server: Server;
  stop(): Promise<void>;
};

/**
 * A real Beacon on a loopback port, on its own database (or a shared one, for the
 * two-instance test). PUBLIC_URL is the port it got, so the demo platform's JWKS works.
 */
export async function startBeacon(options: { database?: TestDatabase; outside?: Outside; env?: Record<string, string>; logger?: Logger } = {}): Promise<RunningBeacon> {
  const database = options.database ?? (await createTestDatabase());
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: url,
    LOG_LEVEL: process.env.BEACON_TEST_LOG ?? 'silent',
    COURSES_DIR: 'test/fixtures/courses',
    ...(database.settings.kind === 'mysql' ? { DATABASE_URL: database.settings.url } : { SQLITE_FILE: database.settings.file }),
    ...options.env,
  });
  const db = connectDb(config.database);
  let deps: Deps;
  try {
    await prepareInstallation(config, db, options.outside?.clock);
    deps = await createDeps(config, db, options.logger ?? createLogger(config.logLevel), options.outside);
  } catch (error) {
    // A start that fails (a test of start-up refusing) leaves nothing open behind it.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.destroy();
    if (!options.database) await database.drop();
    throw error;
  }
  server.on('request', createApp(deps));
  const ownsDatabase = !options.database;
  return {
    url,
    db,
    deps,
    config,
    server,
    database,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
      if (ownsDatabase) await database.drop();
    },
  };
}
