import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { TEST_PASSWORD, type PanelHarness, type TestActor } from './panel-harness.ts';

/** Where Debian's `chromium` package puts the browser; CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Screenshots of every page, for people to look at (not committed). */
export const SCREENSHOT_DIR = path.resolve('test-output/screenshots');

/**
 * Starts headless Chromium. Nothing is downloaded: the browser comes from the system
 * (`apt-get install -y chromium`, which `.ci/run` does when it is missing).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Browser tests need Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (Debian) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** One accessibility problem axe-core found. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

let axeSource: Promise<string> | undefined;

/**
 * Runs axe-core on the page and returns its serious and critical violations. The
 * script is evaluated through the DevTools protocol, so the page's CSP (which rightly
 * refuses inline scripts) stays on.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const page = (globalThis as unknown as { document: unknown }).document;
    const result = await axe.run(page, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Saves a full-page screenshot as `test-output/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // caret 'initial': hiding the caret leaves style="" on every input, which an htmx swap
  // keeping that input (same id) copies over, and the page's CSP then reports.
  await page.screenshot({ path: file, fullPage: true, caret: 'initial' });
  return file;
}

/** How a page's browser context is set up: Playwright's own options, over `locale: 'en-GB'`. */
export interface PanelPageOptions extends BrowserContextOptions {
  /**
   * Statuses the test provokes on purpose (a refused form answers 422): the browser logs
   * "the server responded with a status of N", which is then not counted as an error.
   */
  expectedStatuses?: number[];
}

/** A panel page in a browser context of its own (its own cookies), and what went wrong on it. */
export interface PanelPage {
  page: Page;
  /**
   * Errors seen on the page as they happen: uncaught script errors and console errors,
   * which include a script or style the CSP refused and a resource that failed to load.
   */
  errors: string[];
  /** Checks the page as a person meets it: no serious axe violation (named in the failure), and a screenshot `<name>.png`. */
  inspect: (name: string) => Promise<void>;
  /** Signs in through the form (email, test password, Enter) and waits for the actor's business home. */
  signIn: (actor: Exclude<TestActor, 'anonymous'>) => Promise<void>;
}

/** The harness's panel served over HTTP and open in headless Chromium, on a first page. */
export interface PanelInBrowser extends PanelPage {
  browser: Browser;
  /** The panel's origin, `http://127.0.0.1:<port>`. */
  base: string;
  /** The home of the harness's business, `<base>/admin/b/<slug>`. */
  home: string;
  /** Opens another page in a context of its own, with errors of its own. */
  newPage: (options?: PanelPageOptions) => Promise<PanelPage>;
  /** Closes the browser; the harness stays the caller's to close. */
  close: () => Promise<void>;
}

/**
 * Serves the harness's app on 127.0.0.1 (a free port), starts Chromium and opens a
 * first page, not signed in. Call it once per harness: the app can listen only once.
 */
export async function openPanelInBrowser(h: PanelHarness, options: PanelPageOptions = {}): Promise<PanelInBrowser> {
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  const home = `${base}/admin/b/${h.world.business.slug}`;
  // The outsider is a member of the other business only, so that is where they land.
  const homeOf = (actor: Exclude<TestActor, 'anonymous'>) => (actor === 'outsider' ? `${base}/admin/b/${h.other.business.slug}` : home);
  const browser = await launchBrowser();
  const newPage = async ({ expectedStatuses = [], ...contextOptions }: PanelPageOptions = {}): Promise<PanelPage> => {
    const page = await (await browser.newContext({ locale: 'en-GB', ...contextOptions })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      const expected = expectedStatuses.some((status) => message.text().includes(`status of ${status}`));
      if (message.type() === 'error' && !expected) errors.push(message.text());
    });
    return {
      page,
      errors,
      async inspect(name) {
        expect(await seriousAxeViolations(page), name).toEqual([]);
        await screenshot(page, name);
      },
      async signIn(actor) {
        await page.goto(`${base}/admin/sign-in`);
        await page.fill('#f-email', h.emails[actor]);
        await page.fill('#f-password', TEST_PASSWORD);
        await page.press('#f-password', 'Enter');
        await page.waitForURL(homeOf(actor));
      },
    };
  };
  try {
    return { ...(await newPage(options)), browser, base, home, newPage, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
