import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signIn } from '../support/session-client.js';
import { ADMINISTRATOR, startWithPlatform } from '../support/platform.js';

const ADMIN = { ...ADMINISTRATOR, sub: 'revoked-admin' };

describe('a disabled registration ends its sessions at once', () => {
  let started: Awaited<ReturnType<typeof startWithPlatform>>;
  before(async () => {
    started = await startWithPlatform();
  });
  after(async () => started.stop());

  it('refuses the next request of a session whose platform was disabled; a new launch signs in once it is enabled again', async () => {
    const { beacon, platform } = started;
    const admin = await signIn(beacon, platform, ADMIN);
    assert.equal((await admin.get('/help')).status, 200);

    await beacon.deps.platforms.setStatus(platform.issuer, platform.sim.clientId, 'disabled');
    const refused = await admin.get('/help');
    assert.equal(refused.status, 401);
    assert.match(refused.text, /session has ended/);

    await beacon.deps.platforms.setStatus(platform.issuer, platform.sim.clientId, 'active');
    const fresh = await signIn(beacon, platform, ADMIN);
    assert.equal((await fresh.get('/help')).status, 200, 'a new launch signs in again');
  });

  it('refuses the next request of a session whose deployment was disabled', async () => {
    const { beacon, platform } = started;
    const admin = await signIn(beacon, platform, ADMIN);
    assert.equal((await admin.get('/help')).status, 200);

    await beacon.deps.platforms.setDeploymentStatus(platform.issuer, platform.sim.clientId, platform.sim.deploymentId, 'disabled');
    assert.equal((await admin.get('/help')).status, 401);
    await beacon.deps.platforms.setDeploymentStatus(platform.issuer, platform.sim.clientId, platform.sim.deploymentId, 'active');
  });
});
