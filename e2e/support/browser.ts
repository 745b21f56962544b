import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '@chrono/testkit';

/** Debian's Chromium (package `chromium`): no browser can be downloaded here, so Playwright drives this one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the console tests write their screenshots (git-ignored; the README names it). */
export const SCREENSHOTS = path.join(repoRoot, 'console', 'screenshots');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** A headless Chromium with one page at desktop size, its clock and zone fixed to the test's. */
export async function openBrowser(): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: DESKTOP, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { browser, page };
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations of impact serious or critical on the page as it is now, as `rule: selectors`. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the console's Content-Security-Policy does not apply to it.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<{ id: string; impact: string; targets: string[] }[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) => ({
      id: v.id, impact: v.impact, targets: v.nodes.map((node) => node.target.join(' ')),
    })))`,
  );
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.targets.join(', ')}`);
}

/**
 * Screenshots of the page at desktop and phone size (`<name>-desktop.png`, `<name>-phone.png`), each
 * checked with axe-core first, so every page is checked at both sizes; leaves the page at desktop size.
 */
export async function captureAndCheck(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const violations: string[] = [];
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    violations.push(...(await seriousViolations(page)).map((v) => `${name} (${size}) ${v}`));
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
  return violations;
}
