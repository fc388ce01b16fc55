import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { RunningBeacon } from '../support/beacon.js';
import { launchDriver } from '../support/launch-driver.js';
import { startWithPlatform, TestPlatform } from '../support/platform.js';

describe('LTI login initiation (LTI.md 3A)', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  let driver: ReturnType<typeof launchDriver>;

  let stop: () => Promise<void>;
  before(async () => {
    ({ beacon, platform, stop } = await startWithPlatform());
    driver = launchDriver(beacon, platform);
  });
  after(() => stop());

  async function stateCount(): Promise<number> {
    const row = await beacon.db('oidc_states').count({ n: '*' }).first();
    return Number((row as { n: number }).n);
  }

  it('redirects to the platform with every OIDC parameter and records one state row', async () => {
    const before = await stateCount();
    const login = await driver.login();
    assert.equal(login.status, 302);
    const url = new URL(login.location as string);
    assert.equal(`${url.origin}${url.pathname}`, `${platform.url}/auth`);
    const p = url.searchParams;
    assert.equal(p.get('scope'), 'openid');
    assert.equal(p.get('response_type'), 'id_token');
    assert.equal(p.get('response_mode'), 'form_post');
    assert.equal(p.get('prompt'), 'none');
    assert.equal(p.get('client_id'), 'beacon-client');
    assert.equal(p.get('redirect_uri'), `${beacon.url}/lti/launch`);
    assert.equal(p.get('login_hint'), 'hint-1');
    assert.equal(p.get('lti_message_hint'), 'message-hint');
    assert.ok((p.get('state') ?? '').length >= 40, 'state is long and random');
    assert.ok((p.get('nonce') ?? '').length >= 40, 'nonce is long and random');
    assert.notEqual(p.get('state'), p.get('nonce'));
    assert.equal(await stateCount(), before + 1);
  });

  it('accepts the login initiation as a form POST too', async () => {
    const res = await request(beacon.url).post('/lti/login').type('form').send(platform.loginParams(beacon));
    assert.equal(res.status, 302);
    assert.match(res.headers.location as string, /state=/);
  });

  it("accepts Canvas's deployment_id in place of lti_deployment_id", async () => {
    const login = await driver.login({ lti_deployment_id: undefined, deployment_id: 'deployment-1' });
    assert.equal(login.status, 302);
    const row = await beacon.db('oidc_states').where({ state: login.state }).first();
    assert.equal(row.deployment_id, 'deployment-1');
  });

  it('finds the registration by issuer alone when the issuer has exactly one', async () => {
    const login = await driver.login({ client_id: undefined });
    assert.equal(login.status, 302);
  });

  const refusals: Array<[string, Record<string, string | undefined>, number, string]> = [
    ['L1 iss missing', { iss: undefined }, 400, 'missing_iss'],
    ['L2 login_hint missing', { login_hint: undefined }, 400, 'missing_login_hint'],
    ['L3 target_link_uri missing', { target_link_uri: undefined }, 400, 'missing_target_link_uri'],
    ['L3 target_link_uri on another host', { target_link_uri: 'https://evil.example/lti/launch' }, 400, 'bad_target_link_uri'],
    ['L3 target_link_uri is the login URL', { target_link_uri: 'LOGIN' }, 400, 'bad_target_link_uri'],
    ['L4 unknown issuer', { iss: 'https://unknown.example' }, 400, 'platform_not_registered'],
    ['L4 unknown client id', { client_id: 'someone-else' }, 400, 'platform_not_registered'],
    ['L6 unknown deployment', { lti_deployment_id: 'deployment-9' }, 400, 'deployment_not_registered'],
  ];
  for (const [name, overrides, status, code] of refusals) {
    it(`refuses ${name} with ${status} and writes no state`, async () => {
      const before = await stateCount();
      const fixed = overrides.target_link_uri === 'LOGIN' ? { target_link_uri: `${beacon.url}/lti/login` } : overrides;
      const login = await driver.login(fixed);
      assert.equal(login.status, status);
      assert.match(login.text, new RegExp(code));
      assert.match(login.text, /Reference: [0-9a-f]{12}/);
      assert.equal(await stateCount(), before);
    });
  }

  it('L5 refuses a login without client_id when the issuer has several registrations', async () => {
    await beacon.deps.platforms.register({
      issuer: platform.issuer,
      clientId: 'second-client',
      authUrl: `${platform.url}/auth`,
      tokenUrl: `${platform.url}/token`,
      jwksUrl: `${platform.url}/jwks`,
      deploymentIds: ['deployment-1'],
    });
    const login = await driver.login({ client_id: undefined });
    assert.equal(login.status, 400);
    assert.match(login.text, /client_id_required/);
    assert.equal((await driver.login()).status, 302, 'with the client id it still works');
  });

  it('L7 refuses a disabled registration with 401', async () => {
    await beacon.deps.platforms.setStatus(platform.issuer, 'beacon-client', 'disabled');
    try {
      const login = await driver.login();
      assert.equal(login.status, 401);
      assert.match(login.text, /platform_disabled/);
    } finally {
      await beacon.deps.platforms.setStatus(platform.issuer, 'beacon-client', 'active');
    }
  });

  it('answers JSON errors to clients that ask for JSON', async () => {
    const res = await request(beacon.url).get('/lti/login').set('accept', 'application/json').query({ login_hint: 'x' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'missing_iss');
    assert.match(res.body.error.ref, /^[0-9a-f]{12}$/);
  });
});
