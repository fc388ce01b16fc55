import { Agent, request } from 'node:http';
import type { PlatformSimulator } from '../src/demo/simulator.js';
import { PUBLIC_URL } from './beacon-process.js';
import { stateCookie } from './launch-load.js';

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function send(agent: Agent, port: number, method: string, path: string, options: { body?: string; cookie?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (options.body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    if (options.cookie) headers.cookie = options.cookie;
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export type PreparedAttempt = { cookie: string; path: string; form: string };

/** Launches a learner, picks a track, starts an attempt and fills in every item (first option), untimed. */
export async function prepareAttempt(agent: Agent, port: number, sim: PlatformSimulator, n: number, lineitem: string): Promise<PreparedAttempt> {
  const sub = `bench-learner-${n}`;
  const query = new URLSearchParams({ iss: sim.issuer, client_id: sim.clientId, lti_deployment_id: sim.deploymentId, login_hint: sub, target_link_uri: `${PUBLIC_URL}/lti/launch` });
  const login = await send(agent, port, 'GET', `/lti/login?${query}`);
  const auth = new URL(String(login.headers.location)).searchParams;
  const token = await sim.sign(
    sim.launchClaims({
      user: { sub, name: `Learner ${n}`, roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'] },
      nonce: auth.get('nonce') ?? '',
      targetLinkUri: `${PUBLIC_URL}/lti/launch`,
      context: { id: 'bench-course', title: 'Bench course' },
      resourceLink: { id: 'bench-exam' },
      custom: { course: 'victim-identification' },
      extraClaims: { 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': { scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'], lineitem } },
    }),
  );
  const launch = await send(agent, port, 'POST', '/lti/launch', { body: new URLSearchParams({ id_token: token, state: auth.get('state') ?? '' }).toString(), cookie: stateCookie(login.headers) });
  const cookie = String((launch.headers['set-cookie'] as string[])[0]).split(';')[0] as string;
  const help = await send(agent, port, 'GET', '/help', { cookie });
  const csrf = /data-csrf="([^"]+)"/.exec(help.body)?.[1] ?? '';
  const tracks = ['first_responder', 'investigator', 'prosecutor', 'judge'];
  await send(agent, port, 'POST', '/courses/victim-identification/track', { cookie, body: new URLSearchParams({ _csrf: csrf, track: tracks[n % 4] as string }).toString() });
  const started = await send(agent, port, 'POST', '/courses/victim-identification/exam/start', { cookie, body: `_csrf=${csrf}` });
  const path = String(started.headers.location);
  const page = await send(agent, port, 'GET', path, { cookie });
  const answers = new URLSearchParams({ _csrf: csrf });
  const seen = new Set<string>();
  for (const match of page.body.matchAll(/<input type="(?:radio|checkbox)" name="([^"]+)" value="([^"]+)"/g)) {
    if (seen.has(match[1] as string)) continue;
    seen.add(match[1] as string);
    answers.append(match[1] as string, match[2] as string);
  }
  for (const select of page.body.matchAll(/<select id="[^"]+" name="([^"]+)"><option value="">[^<]*<\/option><option value="([^"]+)"/g)) {
    answers.append(select[1] as string, select[2] as string);
  }
  return { cookie, path, form: answers.toString() };
}

/** Submits prepared attempts at a fixed concurrency and times each submission. */
export async function runSubmissions(port: number, attempts: PreparedAttempt[], concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < attempts.length) {
        const attempt = attempts[next++] as PreparedAttempt;
        const t0 = performance.now();
        const res = await send(agent, port, 'POST', `${attempt.path}/submit`, { cookie: attempt.cookie, body: attempt.form });
        if (res.status === 303) latencies.push(performance.now() - t0);
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - begin) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { completed: latencies.length, failed, seconds, perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}
