import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { CLAIM } from '../../src/lti/index.js';
import { demoIssuer, DEMO_CLIENT_ID } from '../../src/demo/platform.js';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { launchDriver } from '../support/launch-driver.js';
import { TestPlatform } from '../support/platform.js';

const PUBLIC = 'https://beacon.example';

describe('Beacon in production behind https', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;

  before(async () => {
    beacon = await startBeacon({ env: { NODE_ENV: 'production', PUBLIC_URL: PUBLIC, SESSION_SECRET: 's'.repeat(48) } });
    platform = await TestPlatform.start();
    await beacon.deps.platforms.register({
      issuer: platform.issuer,
      clientId: 'beacon-client',
      authUrl: `${platform.url}/auth`,
      tokenUrl: `${platform.url}/token`,
      jwksUrl: `${platform.url}/jwks`,
      deploymentIds: ['deployment-1'],
      frameOrigins: ['https://moodle.example.edu'],
    });
  });
  after(async () => {
    await platform.stop();
    await beacon.stop();
  });

  it('sets the session cookie SameSite=None; Secure; Partitioned so it survives in an LMS iframe', async () => {
    const driver = launchDriver(beacon, platform);
    const login = await driver.login({ target_link_uri: `${PUBLIC}/lti/launch` });
    assert.equal(login.status, 302);
    assert.match(login.cookie, /^beacon_state_[0-9a-f]{16}=1$/);
    const stateCookie = String((await request(beacon.url).get('/lti/login').query(platform.loginParams(beacon, { target_link_uri: `${PUBLIC}/lti/launch` }))).headers['set-cookie']);
    for (const attribute of ['Path=/lti/launch', 'HttpOnly', 'Secure', 'SameSite=None', 'Partitioned', 'Max-Age=600']) assert.ok(stateCookie.includes(attribute), `state cookie has ${attribute}`);
    const token = await platform.sim.sign({ ...platform.claims(beacon, login.nonce), [CLAIM.TARGET_LINK_URI]: `${PUBLIC}/lti/launch` });
    const res = await driver.post({ id_token: token, state: login.state });
    assert.equal(res.status, 303);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /SameSite=None/);
    assert.match(cookie, /Partitioned/);
    assert.match(cookie, /HttpOnly/);
  });

  it('lets only registered platform origins frame Beacon', async () => {
    const res = await request(beacon.url).get('/');
    const csp = res.headers['content-security-policy'] as string;
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1] ?? '';
    assert.match(ancestors, /'self'/);
    assert.match(ancestors, /https:\/\/moodle\.example\.edu/);
    assert.match(ancestors, new RegExp(platform.url.replace(/[.:/]/g, '\\$&')));
    assert.doesNotMatch(ancestors, /\*/);
    assert.equal(res.headers['x-frame-options'], undefined);
    assert.equal(res.headers['x-powered-by'], undefined);
  });

  it('has no demo, and never trusts the demo platform even if it is registered', async () => {
    assert.equal((await request(beacon.url).get('/demo')).status, 404);
    await beacon.deps.platforms.register({
      issuer: demoIssuer(PUBLIC),
      clientId: DEMO_CLIENT_ID,
      authUrl: `${PUBLIC}/demo/platform/auth`,
      tokenUrl: `${PUBLIC}/demo/platform/token`,
      jwksUrl: `${PUBLIC}/demo/platform/jwks`,
      deploymentIds: ['demo-deployment'],
    });
    const res = await request(beacon.url)
      .get('/lti/login')
      .query({ iss: demoIssuer(PUBLIC), client_id: DEMO_CLIENT_ID, login_hint: 'learner', target_link_uri: `${PUBLIC}/lti/launch` });
    assert.equal(res.status, 400);
    assert.match(res.text, /platform_not_registered/);
  });
});
