import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { createPlatformSimulator, newPlatformKey } from '../src/demo/simulator.js';
import { mariadbEngine, registerPlatform, sqliteEngine, startBeaconProcess, type Engine } from './beacon-process.js';
import { runLaunchLoad, type LoadResult } from './launch-load.js';

/**
 * `npm run bench`: complete LTI login+launch round trips through HTTP against the production
 * build of Beacon, on SQLite and MariaDB, at concurrency 1, 8 and 32. Loopback only;
 * every run is bounded by count and time.
 */
const LEVELS = [1, 8, 32];
const MAX_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const MAX_LAUNCHES = 20_000;
const MYSQL_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test';

async function benchEngine(engine: Engine): Promise<LoadResult[]> {
  const key = await newPlatformKey();
  const jwksServer = createServer();
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
  const sim = await createPlatformSimulator({ issuer: origin, clientId: 'bench-client', deploymentId: 'bench-deployment', ...key });
  jwksServer.on('request', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(sim.jwks())));

  const port = 3900 + Math.floor(Math.random() * 90);
  const beacon = await startBeaconProcess(engine, port);
  const results: LoadResult[] = [];
  try {
    await registerPlatform(engine, { issuer: origin, clientId: 'bench-client', jwksUrl: `${origin}/jwks`, deploymentId: 'bench-deployment' });
    await runLaunchLoad(port, sim, { concurrency: 4, maxLaunches: 500, maxSeconds: 3 }); // warm-up
    for (const concurrency of LEVELS) {
      results.push(await runLaunchLoad(port, sim, { concurrency, maxLaunches: MAX_LAUNCHES, maxSeconds: MAX_SECONDS }));
    }
  } finally {
    beacon.kill('SIGTERM');
    jwksServer.close();
    await engine.cleanup();
  }
  return results;
}

function print(engine: string, results: LoadResult[]): void {
  console.log(`\nLTI login+launch round trips — ${engine}`);
  console.log('concurrency  launches/s   p50 ms   p99 ms   completed  failed');
  for (const r of results) {
    console.log(
      `${String(r.concurrency).padStart(11)}  ${r.perSecond.toFixed(0).padStart(10)}  ${r.p50.toFixed(1).padStart(7)}  ${r.p99.toFixed(1).padStart(7)}  ${String(r.completed).padStart(9)}  ${String(r.failed).padStart(6)}`,
    );
  }
}

async function main(): Promise<void> {
  if (!existsSync('dist/main.js')) {
    console.error('Build first: npm run build');
    process.exit(1);
  }
  const only = process.argv[2];
  if (!only || only === 'sqlite') print('SQLite', await benchEngine(sqliteEngine()));
  if (!only || only === 'mariadb') print('MariaDB', await benchEngine(await mariadbEngine(MYSQL_URL)));
}

await main();
