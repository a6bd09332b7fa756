import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadStarterTenant, type StarterLogin } from '../../src/modules/org/starter.js';
import { loadConfig } from '../../src/platform/config.js';
import { type AppContext, createContext } from '../../src/platform/context.js';
import type { Database } from '../../src/platform/db/database.js';
import { createTestDatabase } from '../../src/platform/db/testing.js';
import { buildApp } from '../../src/platform/http/app.js';

/**
 * The browser-test harness: the real server (every module, the built web app) on a fresh
 * database of the engine the run uses (PGlite, or PostgreSQL when DATABASE_URL is set) with the
 * starter province loaded, and Debian's Chromium driven by playwright-core. See README.md here.
 */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.MOTCUA_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
export const SCREENSHOTS = path.join(ROOT, 'test-results/screenshots');
export const PHONE = { width: 360, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

/**
 * Whether the browser journeys can run here. Without Chromium they are skipped with a message,
 * except in CI (CI=true), where a missing browser is a failure: .ci/run installs it.
 */
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  const message = `browser tests: ${CHROMIUM} not found (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI must run them`);
  process.stderr.write(`${message}; skipping them\n`);
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtime(full));
    else newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return newest;
}

/** Builds dist/web with Vite when it is missing or older than any file of src/web. */
export async function ensureWebBuilt(): Promise<void> {
  const index = path.join(ROOT, 'dist/web/index.html');
  const sources = Math.max(
    await newestMtime(path.join(ROOT, 'src/web')),
    statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const { build } = await import('vite');
  // Vite switches NODE_ENV to production for its build; the server under test must stay in test.
  const nodeEnv = process.env.NODE_ENV;
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  process.env.NODE_ENV = nodeEnv;
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  ctx: AppContext;
  database: Database;
  /** The starter province's staff logins (password MotCua@2025). */
  logins: StarterLogin[];
  close(): Promise<void>;
}

/** Starts the real server on 127.0.0.1 and a free port, on a fresh database with the starter tenant. */
export async function startServer(): Promise<TestServer> {
  await ensureWebBuilt();
  const database = await createTestDatabase();
  const logins = await loadStarterTenant(database.db);
  const config = loadConfig(
    { host: '127.0.0.1', port: 0 },
    { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  );
  const ctx = createContext(database, config);
  const app = await buildApp({ ctx, serveWeb: true, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    ctx,
    database,
    logins,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Launches Debian's Chromium headless (never a downloaded browser). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A fresh context (its own cookies and storage) and page at `viewport`, with reduced motion so
 * screenshots are steady. Console errors and failed requests to the app are collected in
 * `problems` so a journey can assert the page ran clean.
 */
export async function openPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    locale: options.locale ?? 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  // Fail a stuck step with Playwright's message (what it waited for) well before the test timeout.
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return { context, page, problems };
}

let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and throws, listing each one, when it
 * finds a serious or critical violation. Returns all violations for the caller to inspect.
 */
export async function axeCheck(page: Page, label = page.url()): Promise<AxeViolation[]> {
  axeSource ??= await readFile(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, so the app's Content-Security-Policy stays on.
  await page.evaluate(`${axeSource}\n;void 0`);
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    });
    return result.violations;
  })) as AxeViolation[];
  const blocking = violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  if (blocking.length > 0) {
    const text = blocking
      .map(
        (v) =>
          `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`,
      )
      .join('\n');
    throw new Error(`axe found serious or critical accessibility violations on ${label}:\n${text}`);
  }
  return violations;
}

/** Saves a full-page PNG as test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** True when the page is wider than the viewport (a horizontal scroll bar on a phone). */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
  );
}

/**
 * Console problems other than the browser's own line about a refused request ("Failed to load
 * resource": the 401 of /me before sign-in, and the 4xx a journey provokes on purpose).
 */
export function realProblems(problems: string[]): string[] {
  return problems.filter((problem) => !problem.includes('Failed to load resource'));
}

/** No sideways scrolling; when there is, the message names the elements sticking out. */
export async function expectNoSidewaysScroll(
  page: Page,
  name: string,
  within = 'main *',
): Promise<void> {
  const wide = await page.evaluate((selector) => {
    return [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 5)
      .map((e) => `${e.tagName}.${e.className}`);
  }, within);
  expect(await hasHorizontalScroll(page), `${name} scrolls sideways: ${wide.join(', ')}`).toBe(
    false,
  );
}

/**
 * Fails when a table is wider than its frame: at a desktop's width a wide column would sit
 * outside the frame, to be scrolled to on every row (a phone may scroll a table sideways).
 */
export async function expectTablesFitFrames(page: Page, name: string): Promise<void> {
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.table-frame')]
      .filter((frame) => frame.scrollWidth > frame.clientWidth + 1)
      .map(
        (frame) =>
          `${frame.getAttribute('aria-label')}: ${frame.scrollWidth} > ${frame.clientWidth}`,
      ),
  );
  expect(overflowing, `${name}: tables wider than their frames`).toEqual([]);
}

/**
 * Looks at a screen at both widths: a screenshot `<prefix>-<name>-phone`, no sideways scroll and
 * axe clean on the phone; axe clean and `<prefix>-<name>-desktop` on the desktop; then the
 * viewport `after`.
 */
export async function lookAtBothWidths(
  page: Page,
  prefix: string,
  name: string,
  after: { width: number; height: number },
): Promise<void> {
  await page.setViewportSize(PHONE);
  await screenshot(page, `${prefix}-${name}-phone`);
  await expectNoSidewaysScroll(page, `${name} on a phone`);
  await axeCheck(page, `${name} (phone)`);
  await page.setViewportSize(DESKTOP);
  await axeCheck(page, `${name} (desktop)`);
  await screenshot(page, `${prefix}-${name}-desktop`);
  await page.setViewportSize(after);
}

/** Signs a staff member in through the sign-in page and waits for the back office. */
export async function signInAsStaff(
  page: Page,
  baseUrl: string,
  username: string,
  password = 'MotCua@2025',
): Promise<void> {
  await page.goto(`${baseUrl}/dang-nhap`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL(`${baseUrl}/quan-tri**`);
}
