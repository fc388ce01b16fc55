import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import request from 'supertest';
import { fixedClock } from '../../src/lib/clock.js';
import { createToolKeys } from '../../src/lti/index.js';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { createTestDatabase } from '../support/database.js';

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
    const keys = createToolKeys({ db: beacon.db, clock, overlapHours: 24, secret: beacon.config.sessionSecret });
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

describe('tool private keys at rest', () => {
  const SECRET = 'a-stable-session-secret-of-at-least-32-characters';

  it('stores the private key encrypted, and serves the same JWKS and signatures after a restart with the same secret', async () => {
    const database = await createTestDatabase();
    try {
      const first = await startBeacon({ database, env: { SESSION_SECRET: SECRET } });
      const jwksBefore = (await request(first.url).get('/.well-known/jwks.json')).body;
      const rows = await first.db('tool_keys').select('kid', 'private_jwk');
      await first.stop();
      assert.ok(rows.length >= 1);
      for (const row of rows) {
        assert.match(row.private_jwk, /^enc:v1:/, 'an encrypted envelope');
        assert.doesNotMatch(row.private_jwk, /"d"|"p"|"q"/, 'no private JWK member in clear');
        assert.throws(() => JSON.parse(row.private_jwk));
      }

      const second = await startBeacon({ database, env: { SESSION_SECRET: SECRET } });
      try {
        const jwks = (await request(second.url).get('/.well-known/jwks.json')).body;
        assert.deepEqual(jwks, jwksBefore);
        const signer = await second.deps.toolKeys.signingKey();
        const token = await new SignJWT({ hello: 'again' }).setProtectedHeader({ alg: 'RS256', kid: signer.kid }).sign(signer.key);
        assert.equal((await jwtVerify(token, createLocalJWKSet(jwks))).payload.hello, 'again');
      } finally {
        await second.stop();
      }
    } finally {
      await database.drop();
    }
  });

  it('encrypts a key stored in clear by an older Beacon when it starts, and still signs with it', async () => {
    const database = await createTestDatabase();
    try {
      const first = await startBeacon({ database, env: { SESSION_SECRET: SECRET } });
      const { kid, privateJwk } = await (async () => {
        const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
        const pub = await exportJWK(publicKey);
        const id = await calculateJwkThumbprint(pub);
        await first.db('tool_keys').del();
        await first.db('tool_keys').insert({ kid: id, alg: 'RS256', public_jwk: JSON.stringify({ ...pub, kid: id, alg: 'RS256', use: 'sig' }), private_jwk: JSON.stringify(await exportJWK(privateKey)), created_at: 1, signing_from: 1, retired_at: null });
        return { kid: id, privateJwk: await exportJWK(privateKey) };
      })();
      assert.equal((await first.deps.toolKeys.signingKey()).kid, kid, 'a plain row is still read');
      await first.stop();

      const second = await startBeacon({ database, env: { SESSION_SECRET: SECRET } });
      try {
        const row = await second.db('tool_keys').where({ kid }).first('private_jwk');
        assert.match(row.private_jwk, /^enc:v1:/);
        assert.ok(!row.private_jwk.includes(privateJwk.d as string));
        const signer = await second.deps.toolKeys.signingKey();
        const jwks = (await request(second.url).get('/.well-known/jwks.json')).body;
        const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: signer.kid }).sign(signer.key);
        await jwtVerify(token, createLocalJWKSet(jwks));
      } finally {
        await second.stop();
      }
    } finally {
      await database.drop();
    }
  });

  it('refuses to start, naming SESSION_SECRET, when the secret does not open the stored keys', async () => {
    const database = await createTestDatabase();
    try {
      const first = await startBeacon({ database, env: { SESSION_SECRET: SECRET } });
      await first.stop();
      const started = startBeacon({ database, env: { SESSION_SECRET: 'another-secret-that-is-also-32-characters-long' } });
      await assert.rejects(started.then((beacon) => beacon.stop()), /SESSION_SECRET/);
    } finally {
      await database.drop();
    }
  });
});
