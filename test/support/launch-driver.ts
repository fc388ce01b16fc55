import request from 'supertest';
import type { RunningBeacon } from './beacon.js';
import { readAuthRedirect, type TestPlatform } from './platform.js';

export type LoginResult = { state: string; nonce: string; status: number; location: string | undefined; text: string; cookie: string };

/** The state cookie a login sets, as the browser would send it back with the launch. */
export function stateCookieFrom(setCookie: string | string[] | undefined): string {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return cookies.filter((c) => c.startsWith('beacon_state_')).map((c) => c.split(';')[0]).join('; ');
}

/**
 * Drives the platform's side of an LTI 1.3 launch against a running Beacon, and the
 * browser's: the launch goes back with the state cookie its login set.
 */
export function launchDriver(beacon: RunningBeacon, platform: TestPlatform) {
  const cookies = new Map<string, string>();
  return {
    async login(overrides: Record<string, string | undefined> = {}, target: RunningBeacon = beacon): Promise<LoginResult> {
      const res = await request(target.url).get('/lti/login').query(platform.loginParams(beacon, overrides));
      const location = res.headers.location as string | undefined;
      const { state, nonce } = res.status === 302 ? readAuthRedirect(location) : { state: '', nonce: '' };
      const cookie = stateCookieFrom(res.headers['set-cookie']);
      if (state) cookies.set(state, cookie);
      return { state, nonce, status: res.status, location, text: res.text, cookie };
    },
    /** Posts a launch from the browser that started the login (or, with `browser: false`, from another one). */
    post(form: Record<string, string>, target: RunningBeacon = beacon, options: { browser?: boolean } = {}) {
      const req = request(target.url).post('/lti/launch').type('form');
      const cookie = form.state ? cookies.get(form.state) : undefined;
      if (cookie && options.browser !== false) req.set('cookie', cookie);
      return req.send(form);
    },
    /** Logs in, signs the claims the test shapes, and posts them as the launch. */
    async launch(
      shape: (claims: Record<string, unknown>) => Record<string, unknown> = (claims) => claims,
      header: Record<string, unknown> = {},
    ) {
      const login = await this.login();
      const token = await platform.sim.sign(shape(platform.claims(beacon, login.nonce)), header);
      const res = await this.post({ id_token: token, state: login.state });
      return { res, login, token };
    },
  };
}

/** Rows a refused launch must not have written. */
export async function countWrites(beacon: RunningBeacon): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['users', 'sessions', 'launches', 'enrolments', 'contexts']) {
    const row = await beacon.db(table).count({ n: '*' }).first();
    counts[table] = Number((row as { n: number | string }).n);
  }
  return counts;
}
