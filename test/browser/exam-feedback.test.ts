import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { readCoursePackage, type CoursePackage } from '../../src/courses/index.js';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { browserMissing, launchBrowser, launchAsDemoLearner, startExam } from '../support/browser.js';

describe('after a failed exam, a real browser follows the feedback to the module', { skip: browserMissing }, () => {
  let beacon: RunningBeacon;
  let browser: Browser;
  let bundled: CoursePackage;
  before(async () => {
    const read = readCoursePackage('courses/victim-identification');
    assert.ok(read.ok);
    bundled = read.pkg;
    beacon = await startBeacon({ env: { COURSES_DIR: 'courses' } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await beacon?.stop();
  });

  it('shows each module to review by its number in the track and opens it, where a cross-reference is numbered the same way', async () => {
    const page = await browser.newPage();
    await launchAsDemoLearner(page, beacon.url, 'victim-identification');
    await startExam(page, beacon.url, 'victim-identification', (p) => p.getByLabel('Investigator'));
    // Nothing answered: every objective of the form is to be reviewed.
    await page.getByTestId('submit-exam').click();
    await page.getByTestId('submit-anyway').click();
    await page.waitForURL(/\/exam\/[0-9a-f-]{36}\/result$/);
    assert.match((await page.getByTestId('outcome').textContent()) ?? '', /Not passed/);

    const review = page.getByTestId('missed-objectives');
    assert.doesNotMatch((await review.textContent()) ?? '', /\bM\d-O\d\b/, 'no bare objective codes');
    // The course puts Module 5's file third; an investigator sees it as Module 3 of 8.
    const heading = review.getByRole('heading', { name: 'Module 3 of 8: Victim-centred, trauma-informed contact and interviewing' });
    assert.equal(await heading.count(), 1);
    const shown = await page.locator('section.review-module', { has: page.getByRole('heading', { name: /^Module 3 of 8:/ }) }).locator('li').allTextContents();
    const m5 = bundled.modules.find((m) => m.key === 'm5')?.front.objectives.map((o) => o.text) ?? [];
    assert.ok(shown.length > 0 && shown.every((text) => m5.includes(text)), `the objectives under Module 3 are Module 5's, in words: ${shown.join(' | ')}`);
    await heading.getByRole('link').click();
    await page.waitForURL(/\/courses\/victim-identification\/modules\/m5$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Victim-centred, trauma-informed contact and interviewing');

    // The reference is in the module's "Role emphasis" section: read on until it is there.
    const reference = page.getByRole('link', { name: 'Module 8: Prosecution, adjudication and human-rights safeguards' });
    while ((await reference.count()) === 0) await page.getByTestId('next-section').click();
    await reference.click();
    await page.waitForURL(/\/courses\/victim-identification\/modules\/m8$/);
  });
});
