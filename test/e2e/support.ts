import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { seedDemoAccounts } from '../../src/seed/accounts.js';
import { seedDemo, smallDemo } from '../../src/seed/demo.js';
import { createTestDatabase, dropTemplateDatabase, prepareTemplateDatabase } from '../helpers/db.js';

/** The Debian package `chromium`; never a downloaded browser. CHROMIUM_PATH overrides it. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumAvailable = existsSync(chromiumPath);
export const chromiumMissingMessage =
  `End-to-end tests skipped: no Chromium at ${chromiumPath}. ` +
  'Install it with `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH).';

const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** axe-core's browser bundle, evaluated in each page (page.evaluate is not subject to the app's CSP). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface E2eEnvironment {
  baseUrl: string;
  browser: Browser;
  /** The app's database, for a journey that needs time to pass (the hourly maintenance on moved dates). */
  db: Db;
  close(): Promise<void>;
}

/** The real app on a random port with the small demo data set, and one Chromium for the whole file. */
export async function startEnvironment(): Promise<E2eEnvironment> {
  await prepareTemplateDatabase(); // only does something when TEST_DATABASE_URL is set
  const database = await createTestDatabase();
  await seedDemo(database.db, smallDemo);
  await seedDemoAccounts(database.db);
  const app = await buildApp({
    config: testConfig({ PUBLIC_URL: 'http://127.0.0.1', NOT_FOUND_RATE_LIMIT: 10_000 }),
    database,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: launchArgs });
  } catch (error) {
    await app.close();
    await database.close();
    throw error;
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    db: database.db,
    async close() {
      await browser.close();
      await app.close();
      await database.close();
      await dropTemplateDatabase(); // only does something when TEST_DATABASE_URL is set
    },
  };
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; html: string; summary: string }>;
}

/**
 * With JavaScript off, code evaluated by the test still runs and promise callbacks too, but callbacks the
 * browser calls later (timers, queueMicrotask) never do, so axe.run would never finish. These stand-ins
 * run short timers as promise callbacks; longer ones are axe's own time limits and are dropped.
 */
const timerStandIns = `(() => {
  const later = (callback) => Promise.resolve().then(callback);
  const cancelled = new Set();
  let nextId = 1;
  window.queueMicrotask = (callback) => void later(callback);
  window.setTimeout = (callback, delay, ...args) => {
    const id = nextId++;
    if (!(delay > 1)) later(() => { if (!cancelled.has(id) && typeof callback === 'function') callback(...args); });
    return id;
  };
  window.clearTimeout = (id) => void cancelled.add(id);
})()`;

const AXE_TIME_LIMIT_MS = 30_000;

/** Injects axe-core (once per page) and runs every rule it enables by default. */
async function runAxe(page: Page, javaScriptEnabled: boolean): Promise<Violation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) {
    if (!javaScriptEnabled) await page.evaluate(timerStandIns);
    await page.evaluate(axeSource);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeLimit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`axe.run did not finish within ${AXE_TIME_LIMIT_MS} ms on ${page.url()}`)),
      AXE_TIME_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([evaluateAxe(page), timeLimit]);
  } finally {
    clearTimeout(timer);
  }
}

async function evaluateAxe(page: Page): Promise<Violation[]> {
  return (await page.evaluate(`
    window.axe.run(document, { resultTypes: ['violations'] }).then((results) =>
      results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary || '' })),
      })),
    )
  `)) as Violation[];
}

function describeViolations(violations: Violation[]): string {
  return violations
    .map(
      (violation) =>
        `  [${violation.impact}] ${violation.id}: ${violation.help}\n` +
        violation.nodes
          .map(
            (node) =>
              `      at ${JSON.stringify(node.target)}  ${node.html.slice(0, 160)}\n        ${node.summary.replaceAll('\n', '\n        ')}`,
          )
          .join('\n'),
    )
    .join('\n');
}

/**
 * One browser tab with bookkeeping: every page it lands on must be checked with axe-core before the
 * session closes, and console errors, CSP reports, failed sub-resources and 5xx answers fail the test.
 */
export class Session {
  readonly navigated = new Set<string>();
  readonly checked = new Set<string>();
  readonly problems: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    /** Whether the page runs JavaScript; axe still needs it, for the moment it checks. */
    readonly javaScriptEnabled: boolean,
  ) {
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && frame.url() !== 'about:blank')
        this.navigated.add(withoutHash(frame.url()));
    });
    page.on('console', (message) => {
      // Failed loads are reported (with their URL) by the response listener below.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        this.problems.push(`console error on ${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`page error on ${page.url()}: ${error.message}`));
    page.on('requestfailed', (request) =>
      this.problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
    );
    page.on('response', (response) => {
      const request = response.request();
      const isPage = request.isNavigationRequest() && request.frame() === page.mainFrame();
      // A page may rightly be a 404 (the tests check its status); its parts (CSS, icon) may not.
      if (response.status() >= 500 || (!isPage && response.status() >= 400))
        this.problems.push(`${response.status()} for ${request.method()} ${response.url()}`);
    });
  }

  static async open(
    browser: Browser,
    baseUrl: string,
    options: BrowserContextOptions = {},
  ): Promise<Session> {
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'ja-JP', ...options });
    context.setDefaultTimeout(15_000);
    context.setDefaultNavigationTimeout(30_000);
    return new Session(context, await context.newPage(), options.javaScriptEnabled !== false);
  }

  /** Goes to a URL, checks the page with axe and returns the HTTP status. */
  async visit(path: string): Promise<number> {
    const response = await this.page.goto(path);
    await this.checkAccessibility();
    return response?.status() ?? 0;
  }

  /** Clicks something that leads to another page, waits for it and checks it with axe. */
  async follow(action: () => Promise<unknown>, url: string | RegExp | ((url: URL) => boolean)) {
    await Promise.all([this.page.waitForURL(url, { waitUntil: 'load' }), action()]);
    await this.checkAccessibility();
  }

  /** Runs axe-core on the current page; fails on any serious or critical violation, naming each node. */
  async checkAccessibility(): Promise<void> {
    const page = this.page;
    await page.waitForLoadState('load');
    const violations = await runAxe(page, this.javaScriptEnabled);
    const url = withoutHash(page.url());
    this.checked.add(url);
    const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const minor = violations.filter((v) => !blocking.includes(v));
    if (minor.length) console.warn(`axe (moderate/minor) on ${url}:\n${describeViolations(minor)}`);
    if (blocking.length)
      throw new Error(`axe found serious/critical violations on ${url}:\n${describeViolations(blocking)}`);
  }

  /** Width of the page's content; more than the viewport means the person must scroll sideways. */
  async overflow(): Promise<{ scrollWidth: number; wide: string[] }> {
    return (await this.page.evaluate(`(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > width + 0.5)
        .slice(0, 10)
        .map((element) => element.tagName.toLowerCase() + (element.className ? '.' + String(element.className).split(' ').join('.') : '') + ' right=' + Math.round(element.getBoundingClientRect().right));
      return { scrollWidth: document.documentElement.scrollWidth, wide };
    })()`)) as { scrollWidth: number; wide: string[] };
  }

  /** Closes the tab; fails if a page was left unchecked or something went wrong in the browser. */
  async close(): Promise<void> {
    await this.context.close();
    this.assertClean();
  }

  assertClean(): void {
    const unchecked = [...this.navigated].filter((url) => !this.checked.has(url));
    const problems = [
      ...this.problems,
      ...unchecked.map((url) => `page visited but not checked with axe: ${url}`),
    ];
    if (problems.length) throw new Error(`Browser session problems:\n  ${problems.join('\n  ')}`);
  }
}

/** Runs a journey in a fresh browser context and closes it, reporting the journey's own error first. */
export async function inSession(
  environment: E2eEnvironment,
  options: BrowserContextOptions,
  journey: (session: Session) => Promise<void>,
): Promise<void> {
  const session = await Session.open(environment.browser, environment.baseUrl, options);
  try {
    await journey(session);
  } catch (error) {
    await session.context.close().catch(() => {});
    if (session.problems.length && error instanceof Error)
      error.message += `\nAlso seen in the browser:\n  ${session.problems.join('\n  ')}`;
    throw error;
  }
  await session.close();
}

function withoutHash(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.toString();
}

/** The number in "37件の求人" / "37 jobs". */
export function countFrom(text: string | null): number {
  const match = text?.replace(/[,，]/g, '').match(/\d+/);
  if (!match) throw new Error(`no result count in ${JSON.stringify(text)}`);
  return Number(match[0]);
}
