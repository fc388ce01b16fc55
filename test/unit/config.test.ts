import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('defaults to SQLite under data/, port 3000 and http://localhost:3000 with the demo on', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.publicUrl, 'http://localhost:3000');
    assert.deepEqual(config.database, { kind: 'sqlite', file: 'data/beacon.sqlite' });
    assert.equal(config.demoEnabled, true);
    assert.equal(config.secureCookies, false);
    assert.ok(Object.isFrozen(config));
  });

  it('uses MySQL when DATABASE_URL is a mysql:// URL', () => {
    const config = loadConfig({ DATABASE_URL: 'mysql://beacon:secret@db:3306/beacon' });
    assert.deepEqual(config.database, { kind: 'mysql', url: 'mysql://beacon:secret@db:3306/beacon' });
  });

  it('names the variable that is wrong', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), (error: Error) => error instanceof ConfigError && /PORT/.test(error.message));
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://x' }), /DATABASE_URL/);
    assert.throws(() => loadConfig({ PUBLIC_URL: 'not a url' }), /PUBLIC_URL/);
  });

  it('refuses production without an https PUBLIC_URL or a strong SESSION_SECRET, and turns the demo off', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'http://beacon.example', SESSION_SECRET: 'x'.repeat(40) }), /PUBLIC_URL: must be an https/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://beacon.example' }), /SESSION_SECRET/);
    const config = loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://beacon.example/', SESSION_SECRET: 'x'.repeat(40) });
    assert.equal(config.publicUrl, 'https://beacon.example');
    assert.equal(config.secureCookies, true);
    assert.equal(config.demoEnabled, false);
  });
});
