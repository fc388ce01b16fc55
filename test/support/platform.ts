import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { createPlatformSimulator, newPlatformKey, type LaunchSpec, type PlatformSimulator, type SimulatedUser } from '../../src/demo/simulator.js';
import type { RunningBeacon } from './beacon.js';

export const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
export const LEARNER: SimulatedUser = { sub: 'learner-1', name: 'Ioana Popescu', email: 'ioana@example.org', roles: [`${MEMBERSHIP}Learner`] };
export const INSTRUCTOR: SimulatedUser = { sub: 'teacher-1', name: 'Mihai Ionescu', roles: [`${MEMBERSHIP}Instructor`] };

type JwksMode = 'ok' | 'down' | 'not-json' | 'empty';

/**
 * A simulated LMS on a loopback port: signs real RS256 id_tokens and serves a real JWKS
 * that tests can break (down, not JSON, empty) or rotate.
 */
export class TestPlatform {
  jwksMode: JwksMode = 'ok';
  jwksRequests = 0;
  extraKeys: JWK[] = [];
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
        res.writeHead(404).end();
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

  get issuer(): string {
    return this.sim.issuer;
  }

  /** Registers this platform with a Beacon, as `platform add` would. */
  async registerWith(beacon: RunningBeacon, deploymentIds = [this.sim.deploymentId]): Promise<void> {
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
    return this.sim.launchClaims({ user: LEARNER, nonce, targetLinkUri: `${beacon.url}/lti/launch`, ...spec });
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
