import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type Config, testConfig } from '../../src/config.js';
import type { Clock } from '../../src/lib/clock.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface TestContext {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

/** buildApp on a fresh database for one test file; nothing listens unless supertest asks. */
export async function createTestApp(
  overrides: Partial<Config> = {},
  /** Extra routes a test needs (e.g. one that fails), added before the app is ready. */
  extend?: (app: FastifyInstance) => void,
  clock?: Clock,
  onRoute?: (route: RouteOptions) => void,
): Promise<TestContext> {
  const database = await createTestDatabase();
  const app = await buildApp({
    config: testConfig({ PUBLIC_URL: 'https://yoishigoto.example.jp', ...overrides }),
    database,
    ...(clock ? { clock } : {}),
    ...(onRoute ? { onRoute } : {}),
  });
  extend?.(app);
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** The origin tests send on POSTs: state-changing requests from anywhere else are refused (CSRF). */
export const TEST_ORIGIN = 'https://yoishigoto.example.jp';

/**
 * The usual set-up of a test file: one app on a fresh database for the whole file, emptied before each
 * test and closed at the end. The returned object is filled in before the first test runs.
 */
export function useTestApp(overrides: Partial<Config> = {}, clock?: Clock): TestContext {
  const context = {} as TestContext;
  beforeAll(async () => {
    Object.assign(context, await createTestApp(overrides, undefined, clock));
  });
  afterAll(async () => {
    await context.close();
  });
  beforeEach(async () => {
    await context.database.truncate();
  });
  return context;
}
