import { Agent, request } from 'node:http';
import { createPlatformSimulator, type PlatformSimulator } from '../src/demo/simulator.js';
import { PUBLIC_URL } from './beacon-process.js';

export type LoadResult = { concurrency: number; completed: number; failed: number; seconds: number; perSecond: number; p50: number; p99: number };

type Reply = { status: number; headers: Record<string, string | string[] | undefined> };

/** The state cookie a login sets, sent back with the launch as a browser would. */
export function stateCookie(headers: Reply['headers']): string {
  return ((headers['set-cookie'] as string[] | undefined) ?? []).filter((c) => c.startsWith('beacon_state_')).map((c) => c.split(';')[0]).join('; ');
}

function send(agent: Agent, port: number, method: string, path: string, body?: string, cookie?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {};
    if (cookie) headers.cookie = cookie;
    const req = request(
      { host: '127.0.0.1', port, method, path, agent, headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One complete LTI 1.3 login + launch, as a platform and browser would do it. */
async function oneLaunch(agent: Agent, port: number, sim: PlatformSimulator, n: number): Promise<boolean> {
  const query = new URLSearchParams({
    iss: sim.issuer,
    client_id: sim.clientId,
    lti_deployment_id: sim.deploymentId,
    login_hint: `user-${n % 500}`,
    target_link_uri: `${PUBLIC_URL}/lti/launch`,
  });
  const login = await send(agent, port, 'GET', `/lti/login?${query}`);
  if (login.status !== 302) return false;
  const auth = new URL(String(login.headers.location)).searchParams;
  const token = await sim.sign(
    sim.launchClaims({
      user: { sub: `user-${n % 500}`, name: `Learner ${n % 500}`, roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'] },
      nonce: auth.get('nonce') ?? '',
      targetLinkUri: `${PUBLIC_URL}/lti/launch`,
      context: { id: `course-${n % 20}`, title: `Course ${n % 20}` },
      resourceLink: { id: `link-${n % 20}` },
    }),
  );
  const form = new URLSearchParams({ id_token: token, state: auth.get('state') ?? '' }).toString();
  const launch = await send(agent, port, 'POST', '/lti/launch', form, stateCookie(login.headers));
  return launch.status === 303;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Runs launches at a fixed concurrency, bounded by count and by time. */
export async function runLaunchLoad(port: number, sim: PlatformSimulator, options: { concurrency: number; maxLaunches: number; maxSeconds: number }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let started = 0;
  let failed = 0;
  const begin = performance.now();
  const deadline = begin + options.maxSeconds * 1000;
  async function worker(): Promise<void> {
    while (started < options.maxLaunches && performance.now() < deadline) {
      const n = started++;
      const t0 = performance.now();
      const ok = await oneLaunch(agent, port, sim, n).catch(() => false);
      if (ok) latencies.push(performance.now() - t0);
      else failed++;
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - begin) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    concurrency: options.concurrency,
    completed: latencies.length,
    failed,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

export { createPlatformSimulator };
