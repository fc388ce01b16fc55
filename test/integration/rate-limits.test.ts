import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { sweepExpired } from '../../src/jobs/housekeeping.js';
import { fixedClock } from '../../src/lib/clock.js';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';

const CHECK = '/verify/0000-0000-0000-0000-0000';

async function statuses(beacon: RunningBeacon, times: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) out.push((await request(beacon.url).get(CHECK)).status);
  return out;
}

describe('rate limits shared by every instance on one database', () => {
  // Both instances read the same clock, set to the start of a minute so no window ends mid-test.
  const clock = fixedClock(Date.UTC(2027, 0, 4, 9, 0, 0));
  let first: RunningBeacon;
  let second: RunningBeacon;

  before(async () => {
    first = await startBeacon({ outside: { clock } });
    second = await startBeacon({ database: first.database, outside: { clock }, env: { PUBLIC_URL: first.url } });
  });
  after(async () => {
    await second.stop();
    await first.stop();
  });

  it('counts checks from one address on either instance against one limit of 30 a minute', async () => {
    assert.deepEqual(new Set(await statuses(first, 20)), new Set([404]));
    const onSecond = await statuses(second, 15);
    assert.deepEqual(onSecond.slice(0, 10), Array(10).fill(404));
    assert.deepEqual(onSecond.slice(10), Array(5).fill(429));
    const refused = await request(first.url).get(CHECK);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['retry-after'], '60');
  });

  it('no longer counts a window that is over, and the sweep removes it', async () => {
    clock.advance(60_000);
    assert.equal((await request(second.url).get(CHECK)).status, 404);
    const swept = await sweepExpired(first.db, clock);
    assert.equal(swept.rateLimits, 1, 'the ended window is removed, the current one kept');
    assert.equal((await request(first.url).get(CHECK)).status, 404);
  });
});
