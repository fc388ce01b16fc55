import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify, type JWK } from 'jose';
import { createPlatformSimulator, newPlatformKey, type LaunchSpec, type PlatformSimulator, type SimulatedUser } from '../../src/demo/simulator.js';
import { startBeacon as startBeaconImport, type RunningBeacon } from './beacon.js';

export const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
export const LEARNER: SimulatedUser = { sub: 'learner-1', name: 'Ioana Popescu', email: 'ioana@example.org', roles: [`${MEMBERSHIP}Learner`] };
export const INSTRUCTOR: SimulatedUser = { sub: 'teacher-1', name: 'Mihai Ionescu', roles: [`${MEMBERSHIP}Instructor`] };
export const ADMINISTRATOR: SimulatedUser = { sub: 'admin-1', name: 'Ana Admin', roles: ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'] };

type JwksMode = 'ok' | 'down' | 'not-json' | 'empty';
/**
 * How the simulated LMS answers score posts: normally, down (503), refusing (400), 401 once (a
 * revoked token), or storing the score while the answer is lost (a gateway's 504).
 */
export type ScoreMode = 'ok' | 'down' | 'refuse' | 'unauthorized-once' | 'lost-answer';
export type ReceivedScore = { path: string; contentType: string; authorization: string; body: Record<string, unknown> };

/**
 * A simulated LMS on a loopback port: signs real RS256 id_tokens and serves a real JWKS
 * that tests can break (down, not JSON, empty) or rotate.
 */
export class TestPlatform {
  jwksMode: JwksMode = 'ok';
  jwksRequests = 0;
  extraKeys: JWK[] = [];
  scoreMode: ScoreMode = 'ok';
  /** The scores the gradebook took, in order (a refused one is not here). */
  scores: ReceivedScore[] = [];
  /** Awaited after a score is stored and before it is answered: keeps sends in flight. */
  answerScore: (() => Promise<void>) | null = null;
  /** Like Moodle's gradebook: the timestamp (whole seconds) of the last score per line item and user. */
  private gradebook = new Map<string, number>();
  tokenRequests: Array<{ scope: string; assertionValid: boolean }> = [];
  lineItems: Array<Record<string, unknown>> = [];
  toolJwksUrl = '';
  /** The platform's clock, for tests that move Beacon's clock: tokens are issued at this time. */
  now: () => number = () => Date.now();
  private issued = 0;
  private constructor(
    readonly sim: PlatformSimulator,
    readonly server: Server,
    readonly url: string,
    readonly privateJwk: JWK,
  ) {}

  static async start(options: { clientId?: string; deploymentId?: string; issuer?: string } = {}): Promise<TestPlatform> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const key = await newPlatformKey();
    const sim = await createPlatformSimulator({
      issuer: options.issuer ?? url,
      clientId: options.clientId ?? 'beacon-client',
      deploymentId: options.deploymentId ?? 'deployment-1',
      ...key,
    });
    const platform = new TestPlatform(sim, server, url, key.privateJwk);
    server.on('request', (req, res) => {
      if (req.url !== '/jwks') {
        void platform.services(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
        return;
      }
      platform.jwksRequests += 1;
      if (platform.jwksMode === 'down') return void res.writeHead(503).end('maintenance');
      if (platform.jwksMode === 'not-json') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
      const keys = platform.jwksMode === 'empty' ? [] : [...sim.jwks().keys, ...platform.extraKeys];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    return platform;
  }

  /** Token, line item and score endpoints, as an LMS offers them (AGS 2.0). */
  private async services(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (chunk) => (data += chunk));
      req.on('end', () => resolve(data));
    });
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      let assertionValid = false;
      try {
        await jwtVerify(form.get('client_assertion') ?? '', createRemoteJWKSet(new URL(this.toolJwksUrl)), { issuer: this.sim.clientId, subject: this.sim.clientId, audience: `${this.url}/token` });
        assertionValid = form.get('grant_type') === 'client_credentials';
      } catch {
        assertionValid = false;
      }
      this.tokenRequests.push({ scope: form.get('scope') ?? '', assertionValid });
      if (!assertionValid) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
      this.issued += 1;
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `token-${this.issued}`, token_type: 'Bearer', expires_in: 3600 }));
    }
    if (url.pathname === '/lineitems' && req.method === 'GET') {
      const link = url.searchParams.get('resource_link_id');
      return void res.writeHead(200, { 'content-type': 'application/vnd.ims.lis.v2.lineitemcontainer+json' }).end(JSON.stringify(this.lineItems.filter((li) => !link || li.resourceLinkId === link)));
    }
    if (url.pathname === '/lineitems' && req.method === 'POST') {
      const item = { ...JSON.parse(body), id: `${this.url}/lineitems/${this.lineItems.length + 100}` };
      this.lineItems.push(item);
      return void res.writeHead(201, { 'content-type': 'application/vnd.ims.lis.v2.lineitem+json' }).end(JSON.stringify(item));
    }
    if (/^\/lineitems\/[^/]+\/scores$/.test(url.pathname) && req.method === 'POST') {
      if (this.scoreMode === 'down') return void res.writeHead(503).end('maintenance');
      if (this.scoreMode === 'refuse') return void res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"user is not enrolled"}');
      if (this.scoreMode === 'unauthorized-once') {
        this.scoreMode = 'ok';
        return void res.writeHead(401).end('token revoked');
      }
      const score = JSON.parse(body) as Record<string, unknown>;
      // As Moodle's gradebook services: a score whose timestamp is not later, in whole seconds
      // (strtotime), than the stored one is refused, equal included.
      const key = `${url.pathname}|${String(score.userId)}`;
      const seconds = Math.floor(Date.parse(String(score.timestamp)) / 1000);
      const stored = this.gradebook.get(key);
      if (stored !== undefined && stored >= seconds) {
        return void res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 409, reason: `Refusing score with an earlier timestamp for item ${url.pathname} and user ${String(score.userId)}` }));
      }
      this.gradebook.set(key, seconds);
      this.scores.push({ path: `${url.pathname}${url.search}`, contentType: req.headers['content-type'] ?? '', authorization: req.headers.authorization ?? '', body: score });
      if (this.answerScore) await this.answerScore();
      if (this.scoreMode === 'lost-answer') return void res.writeHead(504).end('gateway timeout');
      return void res.writeHead(200).end();
    }
    res.writeHead(404).end();
  }

  get issuer(): string {
    return this.sim.issuer;
  }

  /** Registers this platform with a Beacon, as `platform add` would. */
  async registerWith(beacon: RunningBeacon, deploymentIds = [this.sim.deploymentId]): Promise<void> {
    this.toolJwksUrl = `${beacon.url}/.well-known/jwks.json`;
    await beacon.deps.platforms.register({
      issuer: this.issuer,
      clientId: this.sim.clientId,
      authUrl: `${this.url}/auth`,
      tokenUrl: `${this.url}/token`,
      jwksUrl: `${this.url}/jwks`,
      deploymentIds,
    });
  }

  loginParams(beacon: RunningBeacon, overrides: Record<string, string | undefined> = {}): Record<string, string> {
    const params: Record<string, string | undefined> = {
      iss: this.issuer,
      login_hint: 'hint-1',
      target_link_uri: `${beacon.url}/lti/launch`,
      client_id: this.sim.clientId,
      lti_deployment_id: this.sim.deploymentId,
      lti_message_hint: 'message-hint',
      ...overrides,
    };
    return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
  }

  /** Claims of a valid launch for the nonce of a login, to be altered by a test. */
  claims(beacon: RunningBeacon, nonce: string, spec: Partial<LaunchSpec> = {}): Record<string, unknown> {
    const iat = Math.floor(this.now() / 1000);
    return { iat, exp: iat + 300, ...this.sim.launchClaims({ user: LEARNER, nonce, targetLinkUri: `${beacon.url}/lti/launch`, ...spec }) };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The state and nonce Beacon put in its redirect to the platform's auth endpoint. */
export function readAuthRedirect(location: string | undefined): { state: string; nonce: string; params: URLSearchParams } {
  if (!location) throw new Error('no redirect');
  const params = new URL(location).searchParams;
  return { state: params.get('state') ?? '', nonce: params.get('nonce') ?? '', params };
}

/** A Beacon with a registered test platform; `now` makes the platform issue tokens on the test's clock. */
export async function startWithPlatform(options: Parameters<typeof startBeaconImport>[0] & { now?: () => number } = {}): Promise<{ beacon: RunningBeacon; platform: TestPlatform; stop(): Promise<void> }> {
  const beacon = await startBeaconImport(options);
  const platform = await TestPlatform.start();
  if (options.now) platform.now = options.now;
  await platform.registerWith(beacon);
  return {
    beacon,
    platform,
    async stop() {
      await platform.stop();
      await beacon.stop();
    },
  };
}
