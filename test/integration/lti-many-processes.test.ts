import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { sessionCookieFrom } from '../support/browser-cookies.js';
import { launchDriver } from '../support/launch-driver.js';
import { TestPlatform } from '../support/platform.js';

describe('two Beacon instances on one database', () => {
  let first: RunningBeacon;
  let second: RunningBeacon;
  let platform: TestPlatform;

  before(async () => {
    first = await startBeacon();
    second = await startBeacon({ database: first.database, env: { PUBLIC_URL: first.url } });
    platform = await TestPlatform.start();
    await platform.registerWith(first);
  });
  after(async () => {
    await platform.stop();
    await second.stop();
    await first.stop();
  });

  it('completes a launch whose login ran on the other instance, and either instance serves the session', async () => {
    const driver = launchDriver(first, platform);
    const login = await driver.login({}, first);
    assert.equal(login.status, 302);
    // The platform posts back to the launch URL; a load balancer sends it to the second instance.
    const token = await platform.sim.sign({
      ...platform.claims(first, login.nonce),
    });
    const res = await driver.post({ id_token: token, state: login.state }, second);
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const cookie = sessionCookieFrom(res.headers['set-cookie']);
    for (const instance of [first, second]) {
      const page = await request(instance.url).get('/').set('cookie', cookie);
      assert.match(page.text, /data-testid="who">Ioana Popescu</);
    }
  });

  it('refuses the replay of that launch on the first instance', async () => {
    const driver = launchDriver(first, platform);
    const login = await driver.login({}, second);
    const token = await platform.sim.sign(platform.claims(first, login.nonce));
    assert.equal((await driver.post({ id_token: token, state: login.state }, first)).status, 303);
    const replay = await driver.post({ id_token: token, state: login.state }, second);
    assert.equal(replay.status, 400);
    assert.match(replay.text, /state_used/);
  });
});
