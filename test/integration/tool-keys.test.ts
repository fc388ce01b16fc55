import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import request from 'supertest';
import { fixedClock } from '../../src/lib/clock.js';
import { createToolKeys } from '../../src/lti/index.js';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';

describe('tool keys and the published JWKS', () => {
  let beacon: RunningBeacon;
  before(async () => {
    beacon = await startBeacon();
  });
  after(async () => beacon.stop());

  it('publishes the public half only, with kid, alg RS256 and use sig', async () => {
    const res = await request(beacon.url).get('/.well-known/jwks.json');
    assert.equal(res.status, 200);
    assert.equal(res.body.keys.length, 1);
    const [key] = res.body.keys;
    assert.equal(key.kty, 'RSA');
    assert.equal(key.alg, 'RS256');
    assert.equal(key.use, 'sig');
    assert.ok(key.kid);
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(key[secret], undefined, `${secret} is not published`);
  });

  it('rotates: the new key is published at once, signs after the overlap, and the old one stays until retired', async () => {
    const clock = fixedClock(Date.now());
    const keys = createToolKeys({ db: beacon.db, clock, overlapHours: 24 });
    const oldKid = await keys.currentKid();
    const { kid: newKid } = await keys.rotate();

    let jwks = (await request(beacon.url).get('/.well-known/jwks.json')).body;
    assert.deepEqual(jwks.keys.map((k: { kid: string }) => k.kid).sort(), [oldKid, newKid].sort());
    assert.equal(await keys.currentKid(), oldKid, 'the old key still signs during the overlap');

    clock.advance(24 * 3_600_000 + 1);
    assert.equal(await keys.currentKid(), newKid);
    const signer = await keys.signingKey();
    const token = await new SignJWT({ hello: 'world' }).setProtectedHeader({ alg: 'RS256', kid: signer.kid }).sign(signer.key);
    const verified = await jwtVerify(token, createLocalJWKSet(jwks));
    assert.equal(verified.payload.hello, 'world', 'a JWT signed with the new key verifies against the published JWKS');

    await assert.rejects(keys.retire(newKid), /signs now/);
    await keys.retire(oldKid);
    jwks = (await request(beacon.url).get('/.well-known/jwks.json')).body;
    assert.deepEqual(jwks.keys.map((k: { kid: string }) => k.kid), [newKid]);
  });
});
