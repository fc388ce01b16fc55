import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { fixedClock } from '../../src/lib/clock.js';
import { capturedLog } from '../support/captured-log.js';
import { keyEnvelope } from '../../src/lti/key-envelope.js';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { sessionCookieFrom } from '../support/browser-cookies.js';
import { launchDriver, stateCookieFrom } from '../support/launch-driver.js';
import { TestPlatform } from '../support/platform.js';

function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[match[1] as string] = match[2] as string;
  return fields;
}

/** Follows the demo exactly as a browser would, without JavaScript: page, login, platform, launch. */
async function demoLaunch(beacon: RunningBeacon, role: string) {
  const page = await request(beacon.url).get('/demo');
  assert.equal(page.status, 200);
  const form = /<form method="get" action="([^"]+)">([\s\S]*?)<\/form>/g;
  const forms = [...page.text.matchAll(form)].map((m) => ({ action: m[1] as string, fields: hiddenFields(m[2] as string) }));
  const chosen = forms.find((f) => f.fields.login_hint === role && f.fields.lti_message_hint);
  assert.ok(chosen, `the demo offers ${role}`);
  const login = await request(chosen.action).get('').query(chosen.fields);
  assert.equal(login.status, 302);
  const auth = await request(login.headers.location as string).get('');
  assert.equal(auth.status, 200);
  const post = hiddenFields(auth.text);
  assert.ok(post.id_token && post.state);
  return request(beacon.url).post('/lti/launch').set('cookie', stateCookieFrom(login.headers['set-cookie'])).type('form').send(post);
}

describe('the demo platform', () => {
  let beacon: RunningBeacon;
  before(async () => {
    beacon = await startBeacon();
  });
  after(async () => beacon.stop());

  for (const [role, name, label] of [
    ['learner', 'Dana Learner', 'Learner'],
    ['trainer', 'Tomás Trainer', 'Trainer'],
    ['administrator', 'Ada Administrator', 'Administrator'],
  ] as const) {
    it(`launches as ${role} through the real login and launch and lands signed in`, async () => {
      const launch = await demoLaunch(beacon, role);
      assert.equal(launch.status, 303, launch.text.slice(0, 200));
      const home = await request(beacon.url).get('/').set('cookie', sessionCookieFrom(launch.headers['set-cookie']));
      if (role === 'learner') {
        assert.equal(home.status, 303);
        assert.equal(home.headers.location, '/courses/sample', 'the demo link shows the course placed on it');
      } else {
        assert.equal(home.status, 200, 'staff land on their overview of the course placed on the link');
        assert.match(home.text, /data-testid="staff-overview"/);
        assert.match(home.text, /<h1>Sample course<\/h1>/);
      }
      const course = await request(beacon.url).get('/courses/sample').set('cookie', sessionCookieFrom(launch.headers['set-cookie']));
      assert.match(course.text, new RegExp(`data-testid="who">${name}<`));
      assert.match(course.text, new RegExp(`data-testid="role">${label}<`));
      assert.match(course.text, /data-testid="course">Demo course/);
      assert.match(course.text, /<h1>Sample course<\/h1>/);
    });
  }
});

describe('sessions and logs', () => {
  it('treats a mangled session cookie as no session, not as an error', async () => {
    const beacon = await startBeacon();
    try {
      const res = await request(beacon.url).get('/').set('cookie', 'beacon_session=%E0%A4%A');
      assert.equal(res.status, 200);
    } finally {
      await beacon.stop();
    }
  });

  it('expires a login that took longer than ten minutes, and a session after eight hours', async () => {
    const clock = fixedClock(Date.now());
    const beacon = await startBeacon({ outside: { clock } });
    const platform = await TestPlatform.start();
    try {
      await platform.registerWith(beacon);
      const driver = launchDriver(beacon, platform);
      const slow = await driver.login();
      clock.advance(11 * 60_000);
      const token = await platform.sim.sign(platform.claims(beacon, slow.nonce));
      const refused = await driver.post({ id_token: token, state: slow.state });
      assert.equal(refused.status, 400);
      assert.match(refused.text, /state_expired/);

      clock.set(Date.now());
      const { res } = await driver.launch();
      const cookie = sessionCookieFrom(res.headers['set-cookie']);
      assert.match((await request(beacon.url).get('/').set('cookie', cookie)).text, /Ioana Popescu/);
      clock.advance(8 * 3_600_000 + 1000);
      const later = await request(beacon.url).get('/').set('cookie', cookie);
      assert.doesNotMatch(later.text, /Ioana Popescu/);
    } finally {
      await platform.stop();
      await beacon.stop();
    }
  });

  it('never writes a verification code to the log, not when rate limited, not in an error, not from the form', async () => {
    const { logger, text } = capturedLog('trace');
    const beacon = await startBeacon({ logger });
    const code = 'K7Q2M9XW4T3HNB8RPD6C';
    const grouped = 'k7q2-m9xw-4t3h-nb8r-pd6c';
    try {
      assert.equal((await request(beacon.url).get('/verify').query({ code: grouped })).status, 303);
      assert.equal((await request(beacon.url).get(`/verify/${code}/more`)).status, 404);
      const statuses: number[] = [];
      for (let i = 0; i < 35; i++) statuses.push((await request(beacon.url).get(`/verify/${code}`)).status);
      assert.ok(statuses.includes(429), 'the checks were rate limited');
      assert.equal((await request(beacon.url).get('/verify').query({ code })).status, 429);
      assert.equal((await request(beacon.url).get(`/verify/${grouped}`).set('accept', 'application/json')).status, 429);
      const log = text();
      assert.match(log, /rate_limited/, 'the refusals were logged');
      for (const secret of [code, grouped, code.toLowerCase(), grouped.toUpperCase()]) {
        assert.ok(!log.includes(secret), `the log does not contain the code ${secret}`);
      }
    } finally {
      await beacon.stop();
    }
  });

  it('never writes tokens, state, nonce, cookies or keys to the log', async () => {
    const { logger, lines, text } = capturedLog('trace');
    const beacon = await startBeacon({ logger });
    const platform = await TestPlatform.start();
    try {
      await platform.registerWith(beacon);
      const driver = launchDriver(beacon, platform);
      const { res, login, token } = await driver.launch();
      const cookie = sessionCookieFrom(res.headers['set-cookie']);
      await request(beacon.url).get('/').set('cookie', cookie);
      await driver.post({ id_token: token, state: login.state }); // a refused replay logs a warning
      const privateKey = await beacon.db('tool_keys').first('kid', 'private_jwk');
      const d = JSON.parse(keyEnvelope(beacon.config.sessionSecret).open(privateKey.kid, privateKey.private_jwk)).d as string;
      const log = text();
      assert.ok(lines.length > 3, 'requests were logged');
      assert.match(log, /state_used/, 'the refusal is logged with its code');
      for (const [name, secret] of [['id_token', token], ['state', login.state], ['nonce', login.nonce], ['cookie', cookie.split('=')[1] as string], ['private key', d]]) {
        assert.ok(!log.includes(secret as string), `the log does not contain the ${name}`);
      }
    } finally {
      await platform.stop();
      await beacon.stop();
    }
  });
});
