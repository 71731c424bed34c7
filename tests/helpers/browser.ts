/**
 * Browser tests: Debian's Chromium driven by playwright-core (as the documents module launches it), full-page
 * screenshots under tests/browser/screenshots/ (git-ignored) to look at, and axe on every page visited.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../documents/pdf-renderer';

export const SCREENSHOTS = path.resolve(__dirname, '../browser/screenshots');

export const PHONE_VIEWPORT = { width: 390, height: 844 } as const;
export const DESKTOP_VIEWPORT = { width: 1280, height: 900 } as const;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

export async function newContext(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; javaScript?: boolean } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: options.viewport ?? DESKTOP_VIEWPORT,
    javaScriptEnabled: options.javaScript ?? true,
    locale: 'vi-VN',
    acceptDownloads: true,
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The serious and critical axe violations of the page, as short lines (an empty list passes). */
export async function seriousA11yViolations(
  page: Page,
  options: { skipFrames?: readonly string[] } = {},
): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  for (const selector of options.skipFrames ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .map((node) => node.target.join(' '))
          .slice(0, 3)
          .join('; ')}`,
    );
}

/**
 * Screenshot + axe: what every browser test does on every page it visits. `skipFrames`: iframes axe must not
 * enter, such as a document preview sandboxed without scripts (axe would wait on it forever); the frame
 * element itself is still checked (its title).
 */
export async function checkPage(
  page: Page,
  name: string,
  options: { skipFrames?: readonly string[] } = {},
): Promise<void> {
  await screenshot(page, name);
  const violations = await seriousA11yViolations(page, options);
  if (violations.length) throw new Error(`axe on ${name} (${page.url()}):\n${violations.join('\n')}`);
}

/** Opens `path` as an officer: the login page comes first (the page asked for is remembered), then `path`. */
export async function openAsOfficer(
  page: Page,
  baseUrl: string,
  path: string,
  login: { username: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForURL(/\/can-bo\/dang-nhap/);
  await page.getByLabel('Tên đăng nhập').fill(login.username);
  await page.getByLabel('Mật khẩu').fill(login.password);
  await Promise.all([
    page.waitForURL(`${baseUrl}${path}`),
    page.getByRole('button', { name: 'Đăng nhập' }).click(),
  ]);
}

/**
 * Screenshot + axe for a page shown with JavaScript turned off. axe runs inside the page, which such a page
 * cannot do, so the page's HTML as that browser holds it is served at the same address to a page of a
 * JavaScript-enabled context of the same browser and viewport (styles and images still come from the server),
 * and axe runs there.
 */
export async function checkPageWithoutScripts(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const html = await page.content();
  const address = page.url();
  const browser = page.context().browser();
  if (!browser) throw new Error('checkPageWithoutScripts needs a page of a launched browser');
  const context = await newContext(browser, { viewport: page.viewportSize() ?? DESKTOP_VIEWPORT });
  try {
    const copy = await context.newPage();
    await copy.route(
      (url) => url.href === address,
      (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await copy.goto(address);
    const violations = await seriousA11yViolations(copy);
    if (violations.length) {
      throw new Error(`axe on ${name} (${address}, JavaScript off):\n${violations.join('\n')}`);
    }
  } finally {
    await context.close();
  }
}
