import request from 'supertest';
import type { LaunchSpec, SimulatedUser } from '../../src/demo/simulator.js';
import type { RunningBeacon } from './beacon.js';
import { sessionCookieFrom } from './browser-cookies.js';
import { launchDriver } from './launch-driver.js';
import type { TestPlatform } from './platform.js';

/** A signed-in browser: launches through the real login and launch, then makes requests with its cookie and CSRF token. */
export async function signIn(beacon: RunningBeacon, platform: TestPlatform, user: SimulatedUser, spec: Partial<LaunchSpec> = {}) {
  const driver = launchDriver(beacon, platform);
  const { res } = await driver.launch((claims) => ({ ...claims, ...platform.sim.launchClaims({ user, nonce: claims.nonce as string, targetLinkUri: `${beacon.url}/lti/launch`, ...spec }) }));
  if (res.status !== 303) throw new Error(`launch failed: ${res.status} ${res.text.slice(0, 200)}`);
  const cookie = sessionCookieFrom(res.headers['set-cookie']);
  let csrf = '';
  const client = {
    cookie,
    get: (path: string) => request(beacon.url).get(path).set('cookie', cookie),
    /** Posts a form with the session's CSRF token, read from a page as a browser would have it. */
    async post(path: string, form: Record<string, string | string[]> = {}, options: { csrf?: boolean } = {}) {
      if (!csrf) csrf = /data-csrf="([^"]+)"/.exec((await client.get('/help')).text)?.[1] ?? '';
      const body = options.csrf === false ? form : { _csrf: csrf, ...form };
      return request(beacon.url).post(path).set('cookie', cookie).type('form').send(body);
    },
  };
  return client;
}
