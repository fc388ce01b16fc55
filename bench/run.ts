import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { createPlatformSimulator, newPlatformKey } from '../src/demo/simulator.js';
import { mariadbEngine, registerPlatform, sqliteEngine, startBeaconProcess, type Engine } from './beacon-process.js';
import { runLaunchLoad, type LoadResult } from './launch-load.js';
import { prepareAttempt, runSubmissions } from './exam-load.js';
import { Agent } from 'node:http';

/**
 * `npm run bench`: complete LTI login+launch round trips through HTTP against the production
 * build of Beacon, on SQLite and MariaDB, at concurrency 1, 8 and 32. Loopback only;
 * every run is bounded by count and time.
 */
const LEVELS = [1, 8, 32];
const MAX_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const MAX_LAUNCHES = 20_000;
const EXAM_ATTEMPTS = Number(process.env.BENCH_EXAM_ATTEMPTS ?? 1200);
const MYSQL_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test';

type ExamResult = Awaited<ReturnType<typeof runSubmissions>> & { delivered: number; deliverySeconds: number };

async function benchEngine(engine: Engine): Promise<{ launches: LoadResult[]; exam: ExamResult }> {
  const key = await newPlatformKey();
  const jwksServer = createServer();
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
  const sim = await createPlatformSimulator({ issuer: origin, clientId: 'bench-client', deploymentId: 'bench-deployment', ...key });
  // The simulated LMS: its JWKS, a token endpoint and a score endpoint that counts arrivals.
  const arrivals: number[] = [];
  jwksServer.on('request', (req, res) => {
    if (req.url === '/token') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"bench","token_type":"Bearer","expires_in":3600}');
    if (req.url?.endsWith('/scores')) {
      req.resume();
      arrivals.push(performance.now());
      return void res.writeHead(204).end();
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(sim.jwks()));
  });

  const port = 3900 + Math.floor(Math.random() * 90);
  const beacon = await startBeaconProcess(engine, port);
  const results: LoadResult[] = [];
  let exam: ExamResult;
  try {
    await registerPlatform(engine, { issuer: origin, clientId: 'bench-client', jwksUrl: `${origin}/jwks`, deploymentId: 'bench-deployment' });
    await runLaunchLoad(port, sim, { concurrency: 4, maxLaunches: 500, maxSeconds: 3 }); // warm-up
    for (const concurrency of LEVELS) {
      results.push(await runLaunchLoad(port, sim, { concurrency, maxLaunches: MAX_LAUNCHES, maxSeconds: MAX_SECONDS }));
    }
    // Exam submissions: learners prepared untimed, then only the submit requests are timed.
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const prepared = [];
    for (let n = 0; n < EXAM_ATTEMPTS; n += 8) {
      prepared.push(...(await Promise.all(Array.from({ length: Math.min(8, EXAM_ATTEMPTS - n) }, (_, i) => prepareAttempt(agent, port, sim, n + i, `${origin}/lineitems/1`)))));
    }
    agent.destroy();
    arrivals.length = 0;
    const submitted = await runSubmissions(port, prepared, 8);
    const deadline = performance.now() + 60_000;
    while (arrivals.length < submitted.completed && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const deliverySeconds = arrivals.length > 1 ? ((arrivals.at(-1) as number) - (arrivals[0] as number)) / 1000 : NaN;
    exam = { ...submitted, delivered: arrivals.length, deliverySeconds };
  } finally {
    beacon.kill('SIGTERM');
    jwksServer.close();
    await engine.cleanup();
  }
  return { launches: results, exam };
}

function print(engine: string, { launches: results, exam }: { launches: LoadResult[]; exam: ExamResult }): void {
  console.log(`\nLTI login+launch round trips — ${engine}`);
  console.log('concurrency  launches/s   p50 ms   p99 ms   completed  failed');
  for (const r of results) {
    console.log(
      `${String(r.concurrency).padStart(11)}  ${r.perSecond.toFixed(0).padStart(10)}  ${r.p50.toFixed(1).padStart(7)}  ${r.p99.toFixed(1).padStart(7)}  ${String(r.completed).padStart(9)}  ${String(r.failed).padStart(6)}`,
    );
  }
  console.log(`\nExam submissions (35 items each, scored, result and outbox row in one transaction) — ${engine}, concurrency 8`);
  console.log(`  ${exam.perSecond.toFixed(0)} submissions/s, p50 ${exam.p50.toFixed(1)} ms, p99 ${exam.p99.toFixed(1)} ms (${exam.completed} submitted, ${exam.failed} failed)`);
  console.log(`  outbox: ${exam.delivered} of ${exam.completed} scores delivered to the simulated LMS; first to last arrival ${exam.deliverySeconds.toFixed(1)} s (${(exam.delivered / exam.deliverySeconds).toFixed(0)} scores/s)`);
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
