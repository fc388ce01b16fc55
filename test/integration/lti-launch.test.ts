import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SignJWT, generateKeyPair, base64url } from 'jose';
import request from 'supertest';
import { CLAIM } from '../../src/lti/index.js';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { sessionCookieFrom } from '../support/browser-cookies.js';
import { countWrites, launchDriver, stateCookieFrom } from '../support/launch-driver.js';
import { INSTRUCTOR, MEMBERSHIP, startWithPlatform, TestPlatform } from '../support/platform.js';

type Claims = Record<string, unknown>;
const now = () => Math.floor(Date.now() / 1000);
const without = (name: string) => (claims: Claims) => {
  const copy = { ...claims };
  delete copy[name];
  return copy;
};
const withClaims = (extra: Claims) => (claims: Claims) => ({ ...claims, ...extra });

describe('LTI resource-link launch', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  let driver: ReturnType<typeof launchDriver>;

  let stop: () => Promise<void>;
  before(async () => {
    ({ beacon, platform, stop } = await startWithPlatform());
    driver = launchDriver(beacon, platform);
  });
  after(() => stop());
  beforeEach(() => {
    platform.jwksMode = 'ok';
  });

  describe('a valid launch', () => {
    it('creates the learner, context, enrolment and a session, and lands on a page that says who is signed in', async () => {
      const { res } = await driver.launch();
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/');
      const cookie = sessionCookieFrom(res.headers['set-cookie']);
      const setCookie = String(res.headers['set-cookie']);
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Lax/, 'plain http development uses Lax, which browsers keep');

      const user = await beacon.db('users').where({ sub: 'learner-1' }).first();
      assert.equal(user.name, 'Ioana Popescu');
      const enrolment = await beacon.db('enrolments').where({ user_id: user.id }).first();
      assert.equal(enrolment.role, 'learner');
      const context = await beacon.db('contexts').where({ id: enrolment.context_id }).first();
      assert.equal(context.title, 'Training course');

      const page = await request(beacon.url).get('/').set('cookie', cookie);
      assert.equal(page.status, 200, 'a learner on a link without a course is told so, signed in');
      assert.match(page.text, /data-testid="who">Ioana Popescu</);
      assert.match(page.text, /data-testid="course">Training course</);
      assert.match(page.text, /data-testid="role">Learner</);
    });

    it('stores the AGS and NRPS endpoints of the launch for later use', async () => {
      const ags = { scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'], lineitem: `${platform.url}/lineitems/7?type_id=3` };
      const nrps = { context_memberships_url: `${platform.url}/memberships`, service_versions: ['2.0'] };
      const { res } = await driver.launch(withClaims({ [CLAIM.AGS_ENDPOINT]: ags, [CLAIM.NRPS]: nrps }));
      assert.equal(res.status, 303);
      const launch = await beacon.db('launches').orderBy('created_at', 'desc').first();
      assert.deepEqual(JSON.parse(launch.ags), ags);
      assert.deepEqual(JSON.parse(launch.nrps), nrps);
    });

    const roleCases: Array<[string, string[], string]> = [
      ['an empty role list', [], 'learner'],
      ['an unknown role', ['http://example.org/roles#Wizard'], 'learner'],
      ['the short role name Instructor', ['Instructor'], 'trainer'],
      ['TeachingAssistant', ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'], 'trainer'],
      ['ContentDeveloper', [`${MEMBERSHIP}ContentDeveloper`], 'trainer'],
      ['institution Administrator', ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'], 'administrator'],
      ['system Administrator', ['http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator'], 'administrator'],
    ];
    for (const [name, roles, expected] of roleCases) {
      it(`maps ${name} to ${expected}`, async () => {
        const sub = `role-${expected}-${roles.length}-${name.length}`;
        const { res } = await driver.launch(withClaims({ sub, [CLAIM.ROLES]: roles }));
        assert.equal(res.status, 303);
        const launch = await beacon.db('launches as l').join('users as u', 'u.id', 'l.user_id').where('u.sub', sub).first('l.role');
        assert.equal(launch.role, expected);
      });
    }

    it('accepts an instructor launch with no context and no personal data', async () => {
      const { res } = await driver.launch((claims) => {
        const copy = without(CLAIM.CONTEXT)(claims);
        return { ...copy, sub: 'no-pii', [CLAIM.ROLES]: INSTRUCTOR.roles, name: undefined, email: undefined };
      });
      assert.equal(res.status, 303);
      const page = await request(beacon.url).get('/').set('cookie', sessionCookieFrom(res.headers['set-cookie'])).redirects(1);
      assert.match(page.text, /data-testid="course">no course/);
      assert.match(page.text, /data-testid="role">Trainer</);
    });

    it('keeps LMS ids that differ only in case apart, on every database', async () => {
      await driver.launch(withClaims({ sub: 'CaseUser' }));
      await driver.launch(withClaims({ sub: 'caseuser' }));
      const users = await beacon.db('users').whereIn('sub', ['CaseUser', 'caseuser']);
      assert.equal(users.length, 2);
    });

    it('lets a whole class launch a new course at the same moment', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => driver.launch(withClaims({ sub: `class-${i}`, [CLAIM.CONTEXT]: { id: 'brand-new-course', title: 'New' }, [CLAIM.RESOURCE_LINK]: { id: 'brand-new-link' } }))),
      );
      assert.deepEqual(results.map((r) => r.res.status), Array(12).fill(303));
      const contexts = await beacon.db('contexts').where({ lti_context_id: 'brand-new-course' });
      assert.equal(contexts.length, 1);
    });

    it('accepts an audience array that contains our client id when azp names us', async () => {
      const { res } = await driver.launch(withClaims({ aud: ['beacon-client', 'other'], azp: 'beacon-client' }));
      assert.equal(res.status, 303);
    });

    it('accepts an iat slightly in the future, within the clock tolerance', async () => {
      const { res } = await driver.launch(withClaims({ iat: now() + 30 }));
      assert.equal(res.status, 303);
    });
  });

  describe('refused launches (LTI.md 3B-3E): a 4xx page with a reference, no session, nothing written', () => {
    async function expectRefused(res: request.Response, status: number, code: string, before: Record<string, number>) {
      assert.equal(res.status, status, `expected ${status} for ${code}, got ${res.status}: ${res.text.slice(0, 300)}`);
      assert.match(res.text, new RegExp(code));
      assert.match(res.text, /Reference: [0-9a-f]{12}/);
      assert.equal(res.headers['set-cookie'], undefined, 'no cookie is set');
      assert.deepEqual(await countWrites(beacon), before, 'nothing was written');
    }

    const claimCases: Array<[string, (claims: Claims) => Claims, string]> = [
      ['S7 nonce missing', without('nonce'), 'bad_claim'],
      ['S8 nonce of another login', withClaims({ nonce: 'not-the-nonce' }), 'bad_nonce'],
      ['J9 exp in the past', withClaims({ iat: now() - 200, exp: now() - 100 }), 'token_expired'],
      ['J9 exp missing', withClaims({ exp: undefined }), 'token_expired'],
      ['J10 iat missing', withClaims({ iat: undefined }), 'bad_iat'],
      ['J10 iat older than the maximum age', withClaims({ iat: now() - 900, exp: now() + 60 }), 'bad_iat'],
      ['J10 iat in the future beyond the tolerance', withClaims({ iat: now() + 300, exp: now() + 600 }), 'bad_iat'],
      ['J11 nbf in the future', withClaims({ nbf: now() + 300 }), 'token_not_yet_valid'],
      ['C1 iss not the registered issuer', withClaims({ iss: 'https://other.example' }), 'bad_iss'],
      ['C2 aud is another client', withClaims({ aud: 'other-client' }), 'bad_aud'],
      ['C3 aud array without our client id', withClaims({ aud: ['a', 'b'] }), 'bad_aud'],
      ['C4 aud array with untrusted audiences and no azp', withClaims({ aud: ['beacon-client', 'other'] }), 'missing_azp'],
      ['C5 azp is not our client id', withClaims({ azp: 'other-client' }), 'bad_azp'],
      ['C6 sub is empty', withClaims({ sub: '' }), 'bad_claim'],
      ['C7 sub absent (anonymous launch)', without('sub'), 'bad_claim'],
      ['C8 sub longer than 255 characters', withClaims({ sub: 'x'.repeat(256) }), 'bad_claim'],
      ['C8 sub not a string', withClaims({ sub: 12345 }), 'bad_claim'],
      ['C8 sub with non-ASCII characters', withClaims({ sub: 'utilizator-ștefan' }), 'bad_claim'],
      ['C8 sub of 255 characters, one of them non-ASCII', withClaims({ sub: `${'x'.repeat(254)}é` }), 'bad_claim'],
      ['C8 sub with a control character', withClaims({ sub: 'user\n42' }), 'bad_claim'],
      ['C8 resource_link.id longer than 255', withClaims({ [CLAIM.RESOURCE_LINK]: { id: 'r'.repeat(256) } }), 'bad_claim'],
      ['C8 resource_link.id with non-ASCII characters', withClaims({ [CLAIM.RESOURCE_LINK]: { id: 'lecție-1' } }), 'bad_claim'],
      ['M1 message_type missing', without(CLAIM.MESSAGE_TYPE), 'missing_message_type'],
      ['M2 message_type unknown', withClaims({ [CLAIM.MESSAGE_TYPE]: 'LtiSomethingElse' }), 'unsupported_message_type'],
      ['M3 version missing', without(CLAIM.VERSION), 'missing_version'],
      ['M4 version is not 1.3.0', withClaims({ [CLAIM.VERSION]: '1.2.0' }), 'bad_version'],
      ['M5 message_type and version both missing', (c) => without(CLAIM.VERSION)(without(CLAIM.MESSAGE_TYPE)(c)), 'not_lti'],
      ['M6 deployment_id missing', without(CLAIM.DEPLOYMENT_ID), 'bad_claim'],
      ['M7 deployment_id not registered', withClaims({ [CLAIM.DEPLOYMENT_ID]: 'deployment-9' }), 'deployment_mismatch'],
      ['M8 roles missing', without(CLAIM.ROLES), 'bad_claim'],
      ['M8 roles not an array of strings', withClaims({ [CLAIM.ROLES]: 'Learner' }), 'bad_claim'],
      ['M9 resource_link missing', without(CLAIM.RESOURCE_LINK), 'bad_claim'],
      ['M9 resource_link.id empty', withClaims({ [CLAIM.RESOURCE_LINK]: { id: '' } }), 'bad_claim'],
      ['M10 target_link_uri claim missing', without(CLAIM.TARGET_LINK_URI), 'bad_claim'],
      ['M10 target_link_uri differs from the login', withClaims({ [CLAIM.TARGET_LINK_URI]: 'https://evil.example/lti/launch' }), 'bad_target_link_uri'],
      ['M11 context without id', withClaims({ [CLAIM.CONTEXT]: { title: 'No id' } }), 'bad_claim'],
      ['M12-M15 deep-linking request (not offered by this tool yet)', withClaims({ [CLAIM.MESSAGE_TYPE]: 'LtiDeepLinkingRequest' }), 'unsupported_message_type'],
      ['M16 submission review request', withClaims({ [CLAIM.MESSAGE_TYPE]: 'LtiSubmissionReviewRequest' }), 'unsupported_message_type'],
    ];
    for (const [name, shape, code] of claimCases) {
      it(`refuses ${name}`, async () => {
        const before = await countWrites(beacon);
        const { res } = await driver.launch(shape);
        await expectRefused(res, 400, code, before);
      });
    }

    it('M7 refuses a deployment that is registered nowhere even when the login named none', async () => {
      const before = await countWrites(beacon);
      const login = await driver.login({ lti_deployment_id: undefined });
      const token = await platform.sim.sign({ ...platform.claims(beacon, login.nonce), [CLAIM.DEPLOYMENT_ID]: 'deployment-9' });
      await expectRefused(await driver.post({ id_token: token, state: login.state }), 400, 'deployment_not_registered', before);
    });

    it('S1 refuses a launch without id_token and shows the platform error description', async () => {
      const before = await countWrites(beacon);
      const login = await driver.login();
      await expectRefused(await driver.post({ state: login.state }), 400, 'missing_id_token', before);
      const refused = await driver.post({ state: login.state, error: 'login_required', error_description: 'User is not logged in' });
      await expectRefused(refused, 400, 'platform_error', before);
      assert.match(refused.text, /User is not logged in/);
    });

    it('refuses a launch posted from a browser that did not start the login, and offers a new window', async () => {
      const before = await countWrites(beacon);
      const login = await driver.login();
      const token = await platform.sim.sign(platform.claims(beacon, login.nonce));
      // Someone else's launch posted into this browser, or a browser that dropped the cookie.
      const res = await driver.post({ id_token: token, state: login.state }, beacon, { browser: false });
      assert.equal(res.status, 401);
      assert.equal(res.headers['set-cookie'], undefined, 'no session');
      assert.deepEqual(await countWrites(beacon), before, 'nothing was written');
      const relaunch = /href="(\/lti\/relaunch\?state=[^"]+)" target="_blank"/.exec(res.text)?.[1];
      assert.ok(relaunch, 'the page offers to open Beacon in a new window');

      // In its own window the browser keeps cookies: a fresh login with the same hints.
      const again = await request(beacon.url).get(relaunch.replace(/&amp;/g, '&'));
      assert.equal(again.status, 302);
      const fresh = new URL(again.headers.location as string).searchParams;
      assert.equal(fresh.get('login_hint'), 'hint-1');
      assert.equal(fresh.get('lti_message_hint'), 'message-hint');
      assert.notEqual(fresh.get('state'), login.state);
      const cookie = stateCookieFrom(again.headers['set-cookie']);
      const done = await request(beacon.url).post('/lti/launch').set('cookie', cookie).type('form')
        .send({ id_token: await platform.sim.sign(platform.claims(beacon, fresh.get('nonce') ?? '')), state: fresh.get('state') ?? '' });
      assert.equal(done.status, 303);
      assert.equal((await request(beacon.url).get(relaunch.replace(/&amp;/g, '&'))).status, 400, 'the first login cannot be restarted twice');
    });

    it('S2 refuses a launch by GET with 405', async () => {
      const res = await request(beacon.url).get('/lti/launch');
      assert.equal(res.status, 405);
    });

    it('S3 refuses a launch without state', async () => {
      const before = await countWrites(beacon);
      const login = await driver.login();
      const token = await platform.sim.sign(platform.claims(beacon, login.nonce));
      await expectRefused(await driver.post({ id_token: token }), 400, 'missing_state', before);
    });

    it('S4 refuses an unknown state', async () => {
      const before = await countWrites(beacon);
      const login = await driver.login();
      const token = await platform.sim.sign(platform.claims(beacon, login.nonce));
      await expectRefused(await driver.post({ id_token: token, state: 'forged-state' }), 400, 'unknown_state', before);
    });

    it('S5 refuses a token from another registration posted with this registration\'s state', async () => {
      const other = await TestPlatform.start({ clientId: 'other-client' });
      try {
        await other.registerWith(beacon);
        const before = await countWrites(beacon);
        const login = await driver.login();
        const token = await other.sim.sign(other.claims(beacon, login.nonce));
        const res = await driver.post({ id_token: token, state: login.state });
        assert.equal(res.status, 400);
        assert.match(res.text, /unknown_kid|bad_iss|bad_aud/);
        assert.deepEqual(await countWrites(beacon), before);
      } finally {
        await other.stop();
      }
    });

    it('S9 refuses the same launch posted twice; the first one stands', async () => {
      const { res, login, token } = await driver.launch();
      assert.equal(res.status, 303);
      const before = await countWrites(beacon);
      await expectRefused(await driver.post({ id_token: token, state: login.state }), 400, 'state_used', before);
    });

    it('S9 lets only one of two simultaneous posts of one launch through', async () => {
      const login = await driver.login();
      const token = await platform.sim.sign(platform.claims(beacon, login.nonce));
      const results = await Promise.all([1, 2, 3].map(() => driver.post({ id_token: token, state: login.state })));
      assert.deepEqual(results.map((r) => r.status).sort(), [303, 400, 400]);
    });

    it('S10 refuses an oversized launch body with 413 before parsing it', async () => {
      const login = await driver.login();
      const res = await driver.post({ id_token: 'x'.repeat(70 * 1024), state: login.state });
      assert.equal(res.status, 413);
    });

    it('J1 refuses a token that is not a three-part JWS, and a JWE', async () => {
      const before = await countWrites(beacon);
      const login = await driver.login();
      await expectRefused(await driver.post({ id_token: 'not-a-jwt', state: login.state }), 400, 'malformed_id_token', before);
      const header = base64url.encode(JSON.stringify({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: platform.sim.kid }));
      const jwe = `${header}.a.b.c.d`;
      const res = await driver.post({ id_token: jwe, state: (await driver.login()).state });
      assert.equal(res.status, 400);
      assert.match(res.text, /malformed_id_token|bad_alg/);
    });

    it('J2 refuses a token without kid', async () => {
      const before = await countWrites(beacon);
      const { res } = await driver.launch(undefined, { kid: undefined });
      await expectRefused(res, 400, 'missing_kid', before);
    });

    it('J3 refuses an unknown kid after re-fetching the platform keys once', async () => {
      const before = await countWrites(beacon);
      platform.jwksRequests = 0;
      const { res } = await driver.launch(undefined, { kid: 'unknown-kid' });
      await expectRefused(res, 400, 'unknown_kid', before);
      assert.ok(platform.jwksRequests <= 1, 'at most one re-fetch');
    });

    for (const mode of ['down', 'not-json', 'empty'] as const) {
      it(`J4 answers 502 when the platform key set is ${mode}`, async () => {
        const fresh = await startBeacon();
        try {
          await platform.registerWith(fresh);
          const freshDriver = launchDriver(fresh, platform);
          platform.jwksMode = mode;
          const before = await countWrites(fresh);
          const { res } = await freshDriver.launch();
          assert.equal(res.status, 502);
          assert.match(res.text, /platform_keys_(unavailable|invalid)/);
          assert.deepEqual(await countWrites(fresh), before);
        } finally {
          platform.jwksMode = 'ok';
          await fresh.stop();
        }
      });
    }

    it("J5 refuses alg 'none'", async () => {
      const before = await countWrites(beacon);
      const login = await driver.login();
      const header = base64url.encode(JSON.stringify({ alg: 'none', kid: platform.sim.kid }));
      const body = base64url.encode(JSON.stringify({ ...platform.claims(beacon, login.nonce), iss: platform.issuer, aud: 'beacon-client', iat: now(), exp: now() + 60 }));
      await expectRefused(await driver.post({ id_token: `${header}.${body}.`, state: login.state }), 400, 'bad_alg', before);
    });

    it('J6 refuses HS256 signed with the platform public key as the secret (key confusion)', async () => {
      const before = await countWrites(beacon);
      const login = await driver.login();
      const secret = new TextEncoder().encode(JSON.stringify(platform.sim.jwks().keys[0]));
      const token = await new SignJWT({ ...platform.claims(beacon, login.nonce), iss: platform.issuer, aud: 'beacon-client' })
        .setProtectedHeader({ alg: 'HS256', kid: platform.sim.kid })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(secret);
      await expectRefused(await driver.post({ id_token: token, state: login.state }), 400, 'bad_alg', before);
    });

    it('J7 ignores a jku header pointing at an attacker key set', async () => {
      const before = await countWrites(beacon);
      const login = await driver.login();
      const attacker = await generateKeyPair('RS256');
      const token = await new SignJWT({ ...platform.claims(beacon, login.nonce), iss: platform.issuer, aud: 'beacon-client' })
        .setProtectedHeader({ alg: 'RS256', kid: platform.sim.kid, jku: 'https://attacker.example/jwks' })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(attacker.privateKey);
      await expectRefused(await driver.post({ id_token: token, state: login.state }), 400, 'bad_signature', before);
    });

    it('J8 refuses a token whose payload was altered after signing', async () => {
      const before = await countWrites(beacon);
      const login = await driver.login();
      const token = await platform.sim.sign(platform.claims(beacon, login.nonce));
      const [h, p, s] = token.split('.') as [string, string, string];
      const payload = JSON.parse(new TextDecoder().decode(base64url.decode(p)));
      payload[CLAIM.ROLES] = ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'];
      const tampered = `${h}.${base64url.encode(JSON.stringify(payload))}.${s}`;
      await expectRefused(await driver.post({ id_token: tampered, state: login.state }), 400, 'bad_signature', before);
    });
  });
});
