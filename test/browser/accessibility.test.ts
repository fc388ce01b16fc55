import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startBeacon, type RunningBeacon } from '../support/beacon.js';
import { browserMissing, launchBrowser, launchAsDemoLearner } from '../support/browser.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type Violation = { id: string; impact: string; help: string; nodes: Array<{ target: string[] }> };

async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: unknown[] }> } }).axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations),
  )) as Violation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

describe('the bundled course in a real browser: accessibility, phone width and page weight', { skip: browserMissing }, () => {
  let beacon: RunningBeacon;
  let browser: Browser;
  let page: Page;

  before(async () => {
    beacon = await startBeacon({ env: { COURSES_DIR: 'courses' } });
    browser = await launchBrowser();
    // axe is injected by the test; Beacon's CSP rightly forbids injected scripts.
    page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await launchAsDemoLearner(page, beacon.url, 'victim-identification');
  });
  after(async () => {
    await browser?.close();
    await beacon?.stop();
  });

  it('the course page has no serious or critical WCAG 2.1 AA violation', async () => {
    const violations = await seriousViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it('a module page has none either, fits a phone screen, and weighs under 100 KB with its CSS', async (t) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole('link', { name: 'Trafficking in persons and its online dimension' }).click();
    await page.waitForLoadState('load');
    await page.waitForTimeout(200);
    const violations = await seriousViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px on a phone`);
    // What a first visit downloads: the page, its stylesheet and its one script.
    const urls = [page.url(), ...(await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet], script[src]')].map((el) => (el as HTMLLinkElement).href || (el as HTMLScriptElement).src)))];
    let bytes = 0;
    for (const url of urls) bytes += (await (await page.request.get(url)).body()).length;
    t.diagnostic(`module page weight with CSS and script: ${(bytes / 1024).toFixed(1)} KB (${urls.length} files)`);
    assert.ok(bytes > 10_000 && bytes < 100 * 1024, `module page weighs ${bytes} bytes`);
  });

  it('the glossary page has none either', async () => {
    await page.goto(`${beacon.url}/courses/victim-identification/glossary`);
    const violations = await seriousViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.equal(await page.locator('dl.glossary dt').count(), 30);
  });

  it('the exam page, the certificates page and the public verification page have none either', async () => {
    await page.goto(`${beacon.url}/courses/victim-identification`);
    await page.getByLabel('Investigator').check();
    await page.getByRole('button', { name: 'Save my track' }).click();
    await page.goto(`${beacon.url}/courses/victim-identification/exam`);
    let violations = await seriousViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.getByRole('button', { name: 'Start an attempt' }).click();
    await page.waitForURL(/\/exam\/[0-9a-f-]{36}$/);
    assert.ok((await page.locator('fieldset.item').count()) >= 30, 'the form has the items of the blueprint');
    violations = await seriousViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.goto(`${beacon.url}/courses/victim-identification/certificates`);
    violations = await seriousViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.goto(`${beacon.url}/verify`);
    violations = await seriousViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it('progress is saved on the server as the learner reads, and Resume returns to the place', async () => {
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.goto(`${beacon.url}/courses/victim-identification/modules/m2`);
    const lastHeading = page.locator('.module-body h2[id]').last();
    const id = await lastHeading.getAttribute('id');
    await lastHeading.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.waitForResponse((response) => response.url().endsWith('/modules/m2/position') && response.status() === 204, { timeout: 5000 });
    await page.goto(`${beacon.url}/courses/victim-identification`);
    const resume = await page.getByRole('link', { name: /^Resume:/ }).getAttribute('href');
    assert.ok(resume?.includes(`/modules/m2/sections/${id}`), `resume goes to the section of m2, got ${resume}`);
    assert.ok(id, 'the module has sections');
  });
});
