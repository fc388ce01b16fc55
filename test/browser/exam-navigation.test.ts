import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { browserMissing, launchBrowser, launchAsDemoLearner, startExam } from '../support/browser.js';

describe('taking the exam in a real browser in Bucharest', { skip: browserMissing }, () => {
  let beacon: RunningBeacon;
  let browser: Browser;
  let page: Page;
  let attempt: string;

  before(async () => {
    beacon = await startBeacon();
    browser = await launchBrowser();
    page = await (await browser.newContext({ timezoneId: 'Europe/Bucharest' })).newPage();
    await launchAsDemoLearner(page, beacon.url, 'sample');
    attempt = (await startExam(page, beacon.url, 'sample', (p) => p.getByRole('radio').first())).split('/').pop() as string;
  });
  after(async () => {
    await browser?.close();
    await beacon?.stop();
  });

  const indexLink = (n: number, state: string) => page.locator('nav.question-index').getByRole('link', { name: new RegExp(`^${n}\\s*, ${state}$`) });

  it('counts answers as they are given and moves between questions by keyboard', async () => {
    const progress = page.getByTestId('progress');
    assert.equal(await progress.textContent(), 'Answered: 0 of 4');
    assert.equal(await progress.getAttribute('aria-live'), 'polite');
    const saved = page.waitForResponse((r) => r.url().endsWith('/answers') && r.ok());
    await page.locator('#question-1 input').first().check();
    await page.waitForFunction(() => document.getElementById('exam-progress')?.textContent === 'Answered: 1 of 4');
    await saved;
    assert.equal(await indexLink(1, 'answered').count(), 1, 'the index says which are answered in words');

    await indexLink(2, 'not answered').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#question-2$/);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('section.question')?.id), 'question-2', 'Tab goes on inside the question the index opened');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.getElementById('exam-progress')?.textContent === 'Answered: 2 of 4');
    assert.equal(await indexLink(2, 'answered').count(), 1);

    await page.locator('#question-2').getByRole('link', { name: 'Next question' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#question-3$/);
  });

  it('lists the blank questions when the learner submits, keeps the answers, and submits anyway on request', async () => {
    await page.getByTestId('submit-exam').click();
    await page.waitForURL(/\?unanswered=1#unanswered$/);
    const warning = page.getByTestId('unanswered');
    assert.equal(await warning.getByRole('heading').textContent(), 'Questions without an answer: 2');
    assert.deepEqual(await warning.getByRole('listitem').allTextContents(), ['Question 3', 'Question 4']);
    assert.equal(await page.getByTestId('progress').textContent(), 'Answered: 2 of 4', 'the answers survived the round trip');
    assert.equal((await beacon.db('attempts').where({ id: attempt }).first()).status, 'in_progress');

    await warning.getByRole('link', { name: 'Go back to the questions' }).click();
    await page.waitForURL(/#question-3$/);
    await page.getByTestId('submit-anyway').click();
    await page.waitForURL(/\/result$/);
    assert.equal((await beacon.db('attempts').where({ id: attempt }).first()).status, 'submitted');
  });

  it('shows times in the browser\'s zone, named, from the server', async () => {
    assert.ok((await page.context().cookies()).some((c) => c.name === 'beacon_tz' && decodeURIComponent(c.value) === 'Europe/Bucharest'), 'the browser told its zone');
    // Rendered by the server: the same text reaches a browser without JavaScript.
    const html = await (await page.request.get(`${beacon.url}/courses/sample/exam`)).text();
    const retake = /data-testid="retake">[^<]*<time datetime="([^"]+)" data-style="datetime">([^<]+)<\/time>/.exec(html);
    assert.ok(retake, 'the retake time is a <time> element');
    const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Bucharest', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(retake[1]!));
    assert.ok(retake[2]!.endsWith(`${hour} (Europe/Bucharest)`), `retake shown as ${retake[2]}, expected ${hour} Bucharest time`);
  });
});
