import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { browserMissing, launchBrowser } from '../support/browser.js';

describe('a real browser launches Beacon through the demo', { skip: browserMissing }, () => {
  let beacon: RunningBeacon;
  let browser: Browser;
  before(async () => {
    beacon = await startBeacon();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await beacon?.stop();
  });

  it('keeps the session cookie over plain http and lands on the signed-in page', async () => {
    const page = await browser.newPage();
    await page.goto(`${beacon.url}/demo`);
    await page.getByRole('button', { name: 'Launch as Learner' }).first().click();
    await page.waitForURL(`${beacon.url}/courses/sample`);
    assert.equal(await page.getByTestId('who').textContent(), 'Dana Learner');
    assert.equal(await page.getByTestId('role').textContent(), 'Learner');
    const cookies = await page.context().cookies();
    assert.ok(cookies.some((cookie) => cookie.name === 'beacon_session'), 'the browser kept the session cookie');
    await page.reload();
    assert.equal(await page.getByTestId('who').textContent(), 'Dana Learner', 'the session survives a reload');
  });
});
