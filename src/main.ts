import type { Server } from 'node:http';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { connectDb } from './db/index.js';
import { createDeps } from './deps.js';
import { paths } from './http/paths.js';
import { createLogger } from './lib/logger.js';
import { prepareInstallation } from './startup.js';
import { startHousekeeping } from './jobs/index.js';
import { KeySecretError } from './lti/index.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = connectDb(config.database);
  await prepareInstallation(config, db, undefined, logger);
  const deps = await createDeps(config, db, logger);
  const app = createApp(deps);
  deps.outbox.start();
  const stopHousekeeping = startHousekeeping(deps);
  const server: Server = app.listen(config.port, () => {
    logger.info({ port: config.port, publicUrl: config.publicUrl, database: config.database.kind }, 'Beacon is listening');
    if (deps.demo) logger.info(`Demo platform: ${config.publicUrl}${paths.demo}`);
  });

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    stopHousekeeping();
    server.close(() => {
      void deps.outbox
        .stop()
        .then(() => db.destroy())
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // Problems an operator fixes in the environment get their message alone, not a stack trace.
  if (error instanceof ConfigError || error instanceof KeySecretError) {
    console.error(error.message);
  } else {
    console.error('Beacon could not start:', error);
  }
  process.exit(1);
});
