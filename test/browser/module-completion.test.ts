import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { browserMissing, launchBrowser, launchAsDemoLearner } from '../support/browser.js';

describe('a learner completes a module in a real browser only after reading it and trying its check', { skip: browserMissing }, () => {
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

  async function introProgress() {
    return beacon.db('module_progress as p').join('learner_courses as lc', 'lc.id', 'p.learner_course_id').join('users as u', 'u.id', 'lc.user_id').where({ 'u.name': 'Dana Learner', 'p.module_key': 'intro' }).first('p.status');
  }

  it('walks the sections, is refused before the check, tries it, and completes', async () => {
    const page = await browser.newPage();
    await launchAsDemoLearner(page, beacon.url, 'sample');
    await page.getByRole('link', { name: 'Introduction' }).first().click();
    await page.waitForURL(/\/modules\/intro$/);
    assert.equal(await page.getByTestId('section-number').textContent(), 'Section 1 of 2');
    assert.equal(await page.getByRole('button', { name: 'Mark this module as completed' }).count(), 0, 'no completion before the last section');

    await page.getByRole('link', { name: 'Next section: The child rule' }).click();
    await page.waitForURL(/\/modules\/intro\/sections\/the-child-rule$/);
    assert.match((await page.getByTestId('missing').textContent()) ?? '', /Try the check at the end of the module/);
    assert.doesNotMatch((await page.getByTestId('missing').textContent()) ?? '', /Read the section/, 'both sections were reached');

    await page.getByRole('button', { name: 'Mark this module as completed' }).click();
    await page.getByRole('heading', { name: '“Introduction” is not completed yet' }).waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Nothing was recorded[\s\S]*Try the check/);
    assert.equal((await introProgress()).status, 'in_progress');

    await page.getByRole('link', { name: 'Try the check at the end of the module' }).click();
    await page.locator('#check input[type=radio]').first().check();
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await page.getByTestId('check-score').waitFor();
    await page.getByRole('link', { name: 'Try the check again' }).click();
    await page.waitForURL(/\/modules\/intro\/sections\/the-child-rule#check$/);
    assert.match((await page.getByTestId('completion').textContent()) ?? '', /You have done everything this module asks for/);
    await page.getByRole('button', { name: 'Mark this module as completed' }).click();
    await page.waitForURL(/\/modules\/evidence$/);
    assert.equal((await introProgress()).status, 'completed');
  });
});
