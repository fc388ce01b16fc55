import { existsSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's chromium, as the machine and CI have it. On a machine without it the browser
 * tests are skipped with a reason, except under CI, where a missing browser is a failure.
 */
export const browserMissing: string | false =
  !existsSync(CHROMIUM) && !process.env.CI ? `no browser at ${CHROMIUM} (apt-get install chromium)` : false;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Launches Beacon as the demo platform's learner, who lands on the course placed on the demo link. */
export async function launchAsDemoLearner(page: Page, baseUrl: string, slug: string): Promise<void> {
  await page.goto(`${baseUrl}/demo`);
  await page.getByRole('button', { name: 'Launch as Learner' }).first().click();
  await page.waitForURL(new RegExp(`/courses/${slug}$`));
}

/** Chooses the learner's track and starts an exam attempt; returns the attempt page's URL. */
export async function startExam(page: Page, baseUrl: string, slug: string, track: (page: Page) => Locator): Promise<string> {
  await track(page).check();
  await page.getByRole('button', { name: 'Save my track' }).click();
  await page.goto(`${baseUrl}/courses/${slug}/exam`);
  await page.getByRole('button', { name: 'Start an attempt' }).click();
  await page.waitForURL(/\/exam\/[0-9a-f-]{36}$/);
  return page.url();
}
