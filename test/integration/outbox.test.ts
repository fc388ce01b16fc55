import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { fixedClock } from '../../src/lib/clock.js';
import { enqueue } from '../../src/jobs/outbox.js';
import { SCORE_KIND, scoreHandler } from '../../src/jobs/grade-passback.js';
import { createOutboxWorker } from '../../src/jobs/worker.js';
import { createLogger } from '../../src/lib/logger.js';
import { until } from '../support/until.js';
import { ADMINISTRATOR, startWithPlatform, TestPlatform } from '../support/platform.js';
import { launchDriver } from '../support/launch-driver.js';
import { signIn } from '../support/session-client.js';

const AGS = 'https://purl.imsglobal.org/spec/lti-ags/scope/';
const MINUTE = 60_000;

describe('the outbox delivering scores to the LMS', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  const clock = fixedClock(Date.now());

  let stop: () => Promise<void>;
  before(async () => {
    ({ beacon, platform, stop } = await startWithPlatform({ outside: { clock }, now: () => clock.now() }));
  });
  after(() => stop());

  async function queue(userSub: string, scoreGiven = 90, lineitem: string | null = `${platform.url}/lineitems/7?type_id=3`, timestamp = clock.now()) {
    const row = await beacon.db('platforms').where({ issuer: platform.issuer }).first('id');
    const deployment = await beacon.db('deployments').where({ platform_id: row.id }).first('id');
    return enqueue(beacon.db, SCORE_KIND, {
      platformId: row.id,
      resourceLinkId: null,
      ltiResourceLinkId: 'rl-1',
      lineitem,
      lineitems: lineitem ? null : `${platform.url}/lineitems`,
      scopes: [`${AGS}lineitem`, `${AGS}score`],
      userSub,
      scoreGiven,
      scoreMaximum: 100,
      timestamp: new Date(timestamp).toISOString(),
      label: 'Sample course',
      resourceId: 'sample',
    }, clock.now(), { platformId: row.id, deploymentId: deployment.id });
  }
  const row = (id: string) => beacon.db('outbox').where({ id }).first();

  it('reuses the access token until it expires, and after a 401 clears it and tries once more', async () => {
    platform.scores = [];
    platform.tokenRequests = [];
    await queue('u-token-1');
    await queue('u-token-2');
    await beacon.deps.outbox.runOnce();
    assert.equal(platform.scores.length, 2);
    assert.equal(platform.tokenRequests.length, 1, 'one token for both scores');
    platform.scoreMode = 'unauthorized-once';
    const id = await queue('u-token-3');
    await beacon.deps.outbox.runOnce();
    assert.equal((await row(id)).status, 'sent');
    assert.equal(platform.tokenRequests.length, 2, 'a fresh token after the 401');
    assert.equal(platform.scores.at(-1)?.body.userId, 'u-token-3');
  });

  it('keeps retrying with backoff while the LMS is down, and a restarted Beacon delivers once it is up', async () => {
    platform.scores = [];
    platform.scoreMode = 'down';
    const id = await queue('u-down');
    await beacon.deps.outbox.runOnce();
    let state = await row(id);
    assert.equal(state.status, 'pending');
    assert.equal(Number(state.tries), 1);
    assert.equal(Number(state.next_attempt_at), clock.now() + 10_000, 'first retry after 10 s');
    assert.match(state.last_error, /503/);
    clock.advance(11_000);
    await beacon.deps.outbox.runOnce();
    state = await row(id);
    assert.equal(Number(state.next_attempt_at), clock.now() + 20_000, 'then 20 s');

    // Beacon restarts (a new process on the same database) while the LMS comes back.
    const restarted = await startBeacon({ database: beacon.database, outside: { clock }, env: { PUBLIC_URL: beacon.url } });
    try {
      platform.scoreMode = 'ok';
      clock.advance(30 * MINUTE);
      await restarted.deps.outbox.runOnce();
      assert.equal((await row(id)).status, 'sent');
      assert.equal(platform.scores.filter((s) => s.body.userId === 'u-down').length, 1);
    } finally {
      await restarted.stop();
    }
  });

  it('parks a score the LMS refuses (400) with the platform answer, and gives up after 24 hours of failures', async () => {
    platform.scoreMode = 'refuse';
    const refused = await queue('u-refused');
    await beacon.deps.outbox.runOnce();
    const parked = await row(refused);
    assert.equal(parked.status, 'parked');
    assert.match(parked.last_error, /400.*not enrolled/);

    platform.scoreMode = 'down';
    const id = await queue('u-forever');
    for (let hour = 0; hour < 26; hour++) {
      await beacon.deps.outbox.runOnce();
      clock.advance(61 * MINUTE);
    }
    const gaveUp = await row(id);
    assert.equal(gaveUp.status, 'parked');
    assert.match(gaveUp.last_error, /gave up after 24 hours/);
    platform.scoreMode = 'ok';
  });

  it("shows refused scores with the platform's answer to that platform's administrators, who can send them again", async () => {
    platform.scoreMode = 'refuse';
    const id = await queue('u-shown');
    await beacon.deps.outbox.runOnce();
    platform.scoreMode = 'ok';
    const admin = await signIn(beacon, platform, { ...ADMINISTRATOR, sub: 'outbox-admin' });
    const page = await admin.get('/admin/deliveries');
    assert.match(page.text, new RegExp(`data-testid="delivery-${id}"`));
    assert.match(page.text, /user is not enrolled/);
    const learner = await signIn(beacon, platform, { sub: 'outbox-learner', roles: [] });
    assert.equal((await learner.get('/admin/deliveries')).status, 403);
    assert.equal((await admin.post(`/admin/deliveries/${id}/retry`)).status, 303);
    await beacon.deps.outbox.runOnce();
    assert.equal((await row(id)).status, 'sent');
    assert.ok(await beacon.db('audit_log').where({ action: 'delivery_retried', subject: id }).first());
  });

  it("keeps refused scores out of reach of another deployment's administrators", async () => {
    platform.scoreMode = 'refuse';
    const id = await queue('u-not-theirs');
    await beacon.deps.outbox.runOnce();
    platform.scoreMode = 'ok';
    const elsewhere = await TestPlatform.start({ clientId: 'other-lms' });
    try {
      elsewhere.now = () => clock.now();
      await elsewhere.registerWith(beacon);
      const outsider = await signIn(beacon, elsewhere, { ...ADMINISTRATOR, sub: 'outbox-admin-2' });
      const page = await outsider.get('/admin/deliveries');
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.text, new RegExp(`data-testid="delivery-${id}"`));
      assert.equal((await outsider.post(`/admin/deliveries/${id}/retry`)).status, 404);
      assert.equal((await row(id)).status, 'parked');
    } finally {
      await elsewhere.stop();
    }
  });

  it('finds or creates the line item when the launch gave only the line items URL', async () => {
    platform.scores = [];
    platform.lineItems = [];
    await queue('u-container-1', 80, null);
    await beacon.deps.outbox.runOnce();
    assert.equal(platform.lineItems.length, 1);
    assert.equal(platform.lineItems[0]?.resourceId, 'sample');
    assert.equal(platform.lineItems[0]?.tag, 'beacon-exam');
    assert.equal(platform.scores[0]?.path, '/lineitems/100/scores');
    await queue('u-container-2', 70, null);
    await beacon.deps.outbox.runOnce();
    assert.equal(platform.lineItems.length, 1, 'the same line item is found again, not created twice');
  });

  it('creates one line item when several scores for a new link are sent at once', async () => {
    platform.scores = [];
    platform.lineItems = [];
    await launchDriver(beacon, platform).launch();
    const link = await beacon.db('resource_links').first('id', 'lti_resource_link_id');
    const row = await beacon.db('platforms').where({ issuer: platform.issuer }).first('id');
    for (let i = 0; i < 4; i++) {
      await enqueue(beacon.db, SCORE_KIND, { platformId: row.id, resourceLinkId: link.id, ltiResourceLinkId: 'rl-race', lineitem: null, lineitems: `${platform.url}/lineitems`, scopes: [`${AGS}lineitem`, `${AGS}score`], userSub: `u-li-${i}`, scoreGiven: 50, scoreMaximum: 100, timestamp: new Date(clock.now()).toISOString(), label: 'Sample course', resourceId: 'sample' }, clock.now());
    }
    await beacon.deps.outbox.runOnce();
    clock.advance(60_000);
    await beacon.deps.outbox.runOnce();
    assert.equal(platform.lineItems.length, 1, 'one gradebook column');
    assert.equal(new Set(platform.scores.map((s) => s.body.userId)).size, 4, 'every score arrives');
  });

  it('never sends one row twice when two Beacon processes work the outbox at once', async () => {
    platform.scores = [];
    const other = await startBeacon({ database: beacon.database, outside: { clock }, env: { PUBLIC_URL: beacon.url } });
    try {
      for (let i = 0; i < 30; i++) await queue(`u-race-${i}`);
      await Promise.all([beacon.deps.outbox.runOnce(), other.deps.outbox.runOnce()]);
      const users = platform.scores.map((s) => s.body.userId);
      assert.equal(users.length, 30);
      assert.equal(new Set(users).size, 30, 'each score exactly once');
    } finally {
      await other.stop();
    }
  });

  it('parks a 409 on a score never sent before: the LMS has a later one, which is a real refusal', async () => {
    platform.scoreMode = 'ok';
    await queue('u-later', 70, undefined, clock.now() + 5_000);
    await beacon.deps.outbox.runOnce();
    const earlier = await queue('u-later', 90);
    await beacon.deps.outbox.runOnce();
    const state = await row(earlier);
    assert.equal(state.status, 'parked');
    assert.match(state.last_error, /409.*Refusing score with an earlier timestamp/);
    assert.deepEqual(platform.scores.filter((s) => s.body.userId === 'u-later').map((s) => s.body.scoreGiven), [70]);
  });

  it('counts a 409 as delivered when a score that reached the LMS is sent again after it was parked', async () => {
    platform.scores = [];
    // The LMS stores the score but the answer is lost, then it is down for a day: Beacon gives up.
    platform.scoreMode = 'lost-answer';
    const id = await queue('u-arrived');
    const queuedAt = (await row(id)).payload;
    await beacon.deps.outbox.runOnce();
    platform.scoreMode = 'down';
    for (let hour = 0; hour < 26; hour++) {
      clock.advance(61 * MINUTE);
      await beacon.deps.outbox.runOnce();
    }
    assert.equal((await row(id)).status, 'parked');

    platform.scoreMode = 'ok';
    const admin = await signIn(beacon, platform, { ...ADMINISTRATOR, sub: 'outbox-admin-3' });
    assert.equal((await admin.post(`/admin/deliveries/${id}/retry`)).status, 303);
    await beacon.deps.outbox.runOnce();
    const state = await row(id);
    assert.equal(state.status, 'sent', state.last_error);
    assert.equal(state.payload, queuedAt, 'sent again as the same score, with the same timestamp');
    assert.equal(platform.scores.filter((s) => s.body.userId === 'u-arrived').length, 1, 'in the gradebook once');
  });

  it('keeps the claim of a slow send alive, so no other process takes the row while it is being sent', async () => {
    platform.scores = [];
    platform.scoreMode = 'ok';
    const leaseMs = 300;
    const slow = createOutboxWorker({
      db: beacon.db,
      clock,
      logger: createLogger('silent'),
      leaseMs,
      handlers: { [SCORE_KIND]: scoreHandler({ db: beacon.db, http: beacon.deps.http, tokens: beacon.deps.accessTokens, now: () => clock.now() }) },
    });
    let answer = () => {};
    platform.answerScore = () => new Promise<void>((resolve) => (answer = resolve));
    try {
      const id = await queue('u-slow');
      const sending = slow.runOnce();
      await until('the score reaches the LMS', () => platform.scores.some((s) => s.body.userId === 'u-slow'));
      // Far longer than any lease passes while the LMS takes its time to answer.
      clock.advance(10 * MINUTE);
      await until('the sending worker renews its claim', async () => Number((await row(id)).claimed_until) > clock.now());
      assert.equal(await beacon.deps.outbox.runOnce(), 0, 'another worker finds nothing to take');
      platform.answerScore = null;
      answer();
      assert.equal(await sending, 1);
      assert.equal((await row(id)).status, 'sent');
      assert.equal(platform.scores.filter((s) => s.body.userId === 'u-slow').length, 1);
    } finally {
      platform.answerScore = null;
      answer();
      await slow.stop();
    }
  });
});
