import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../src/lib/clock.js';
import { enqueue } from '../../src/jobs/outbox.js';
import { SCORE_KIND } from '../../src/jobs/grade-passback.js';
import type { RunningBeacon } from '../support/beacon.js';
import { startWithPlatform, type TestPlatform } from '../support/platform.js';
import { until } from '../support/until.js';

const AGS = 'https://purl.imsglobal.org/spec/lti-ags/scope/';
const SCORES = 8;
const ANSWERED_BEFORE_THE_CRASH = 3;

/** A Beacon process of its own (`src/main.ts`, worker running) on the test's database. */
function spawnBeacon(beacon: RunningBeacon): ChildProcess {
  const { BEACON_TEST_DB, TEST_DATABASE_URL, BEACON_TEST_SQLITE_TEMPLATE, ...inherited } = process.env;
  const settings = beacon.database.settings;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...inherited,
      NODE_ENV: 'test',
      PORT: '0',
      PUBLIC_URL: beacon.url,
      LOG_LEVEL: 'error',
      COURSES_DIR: 'test/fixtures/courses',
      ...(settings.kind === 'mysql' ? { DATABASE_URL: settings.url } : { SQLITE_FILE: settings.file }),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk) => process.stderr.write(`[killed beacon] ${String(chunk)}`));
  return child;
}

describe('score delivery when Beacon is killed while scores are in flight', () => {
  let beacon: RunningBeacon;
  let platform: TestPlatform;
  let stop: () => Promise<void>;
  let child: ChildProcess | null = null;
  let releaseHeldAnswers = () => {};
  const clock = fixedClock(Date.now());

  before(async () => {
    ({ beacon, platform, stop } = await startWithPlatform({ outside: { clock }, now: () => Date.now() }));
  });
  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    releaseHeldAnswers();
    await stop();
  });

  it('delivers every score exactly once to a Moodle-like LMS, and parks none, after kill -9 and a restart', async () => {
    const platformRow = await beacon.db('platforms').where({ issuer: platform.issuer }).first('id');
    const deployment = await beacon.db('deployments').where({ platform_id: platformRow.id }).first('id');
    const timestamp = new Date(clock.now()).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < SCORES; i++) {
      ids.push(
        await enqueue(beacon.db, SCORE_KIND, {
          platformId: platformRow.id,
          resourceLinkId: null,
          ltiResourceLinkId: 'rl-crash',
          lineitem: `${platform.url}/lineitems/7?type_id=3`,
          lineitems: null,
          scopes: [`${AGS}lineitem`, `${AGS}score`],
          userSub: `u-crash-${i}`,
          scoreGiven: 50 + i,
          scoreMaximum: 100,
          timestamp,
          label: 'Sample course',
          resourceId: 'sample',
        }, clock.now(), { platformId: platformRow.id, deploymentId: deployment.id }),
      );
    }

    // The LMS stores every score it gets, answers the first few and keeps the others waiting.
    const held = new Promise<void>((resolve) => (releaseHeldAnswers = resolve));
    let received = 0;
    platform.answerScore = () => (++received <= ANSWERED_BEFORE_THE_CRASH ? Promise.resolve() : held);

    child = spawnBeacon(beacon);
    const sentCount = async () => (await beacon.db('outbox').whereIn('id', ids).where({ status: 'sent' }).count({ n: '*' }))[0]!.n;
    await until('every score reaches the LMS and the answered ones are settled', async () => platform.scores.length === SCORES && Number(await sentCount()) === ANSWERED_BEFORE_THE_CRASH, 60_000);
    child.kill('SIGKILL');
    await once(child, 'exit');

    const inFlight = await beacon.db('outbox').whereIn('id', ids).where({ status: 'pending' });
    assert.equal(inFlight.length, SCORES - ANSWERED_BEFORE_THE_CRASH, 'the killed process left its unanswered rows claimed');
    for (const row of inFlight) assert.ok(Number(row.sends) >= 1, 'and recorded that each of them was sent');

    platform.answerScore = null;
    clock.set(Date.now());
    assert.equal(await beacon.deps.outbox.runOnce(), 0, "the dead process's claims hold until their lease runs out");
    // About a minute later (the lease, renewed by nobody), another process takes them and sends them again.
    clock.set(Date.now() + 61_000);
    assert.equal(await beacon.deps.outbox.runOnce(), SCORES - ANSWERED_BEFORE_THE_CRASH);

    const gradebook = new Map<string, number>();
    for (const score of platform.scores) {
      const key = `${score.path} ${String(score.body.userId)} ${String(score.body.timestamp)}`;
      gradebook.set(key, (gradebook.get(key) ?? 0) + 1);
    }
    assert.equal(gradebook.size, SCORES, 'every score is in the gradebook');
    assert.deepEqual([...gradebook.values()].filter((n) => n !== 1), [], 'each exactly once');
    const rows = await beacon.db('outbox').whereIn('id', ids).select('status', 'last_error');
    assert.deepEqual(rows.filter((row) => row.status !== 'sent'), [], 'every row is sent, none parked');
  });
});
