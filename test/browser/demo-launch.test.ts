import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { browserMissing, launchBrowser, launchAsDemoLearner, startExam } from '../support/browser.js';

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
    await launchAsDemoLearner(page, beacon.url, 'sample');
    assert.equal(await page.getByTestId('who').textContent(), 'Dana Learner');
    assert.equal(await page.getByTestId('role').textContent(), 'Learner');
    const cookies = await page.context().cookies();
    assert.ok(cookies.some((cookie) => cookie.name === 'beacon_session'), 'the browser kept the session cookie');
    await page.reload();
    assert.equal(await page.getByTestId('who').textContent(), 'Dana Learner', 'the session survives a reload');
  });
  it('tells a Romanian learner in Romanian when an answer could not be saved', async () => {
    const page = await browser.newPage();
    await launchAsDemoLearner(page, beacon.url, 'sample');
    const attempt = await startExam(page, beacon.url, 'sample', (p) => p.getByRole('radio').first());
    await page.getByLabel('Language').selectOption('ro');
    await page.getByRole('button', { name: 'Change language' }).click();
    await page.goto(attempt);
    await page.route(/\/answers$/, (route) => route.fulfill({ status: 503, body: '' }));
    await page.locator('#exam-form input[type=radio], #exam-form input[type=checkbox]').first().check();
    await page.waitForFunction(() => document.querySelector('.autosave-status')?.textContent !== '');
    assert.equal(await page.locator('.autosave-status').textContent(), 'Nesalvat: verificați conexiunea.');
  });
});
