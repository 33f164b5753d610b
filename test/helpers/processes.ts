import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

/** The machine's PostgreSQL, on which the several-process tests make a database of their own. */
export const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL of a database named `name` on the machine's PostgreSQL. */
export function databaseUrlFor(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function serverReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** One statement on the server's maintenance database (create or drop a test database). */
export async function admin(statement: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

export interface AppProcess {
  origin: string;
  child: ChildProcess;
  /** The last 20 kB the process wrote to stdout and stderr. */
  log: () => string;
}

/**
 * The app as a real child process (`tsx src/server.ts`) in production mode on its own port, with the
 * given settings on top; resolves once /readyz answers.
 */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), ['src/server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: origin,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_MAX: '4',
      // Counters in PostgreSQL unless a test asks for Redis, whatever the caller's environment says.
      REDIS_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    log = (log + chunk).slice(-20_000);
  });
  child.stderr?.on('data', (chunk) => {
    log = (log + chunk).slice(-20_000);
  });
  const until = Date.now() + 45_000;
  while (Date.now() < until) {
    const ready = await fetch(`${origin}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { origin, child, log: () => log };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`an app process did not start:\n${log}`);
}

/** SIGTERM, as a process manager stops the app; resolves with the exit code (null if it was killed). */
export async function stopAppProcess(app: AppProcess | undefined): Promise<number | null> {
  if (!app) return null;
  if (app.child.exitCode !== null || app.child.signalCode !== null) return app.child.exitCode;
  const exited = new Promise<number | null>((resolve) => app.child.once('exit', (code) => resolve(code)));
  app.child.kill('SIGTERM');
  return exited;
}

/** A sign-in form posted as a browser on the app's own origin would post it. */
export function signIn(app: AppProcess, email: string, password: string, signal?: AbortSignal) {
  return fetch(`${app.origin}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: app.origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }),
    ...(signal ? { signal } : {}),
  });
}
