import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from here so `src/…` paths and ./data resolve as for `npm start`. */
export const rootDir = fileURLToPath(new URL('../../', import.meta.url));

const running = new Set<ChildProcess>();

/** Children are stopped if the benchmark is interrupted, so no server is left holding a port or PGlite dir. */
function stopAllOnExit() {
  for (const child of running) child.kill('SIGKILL');
}
process.once('exit', stopAllOnExit);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopAllOnExit();
    process.exit(130);
  });
}

/** Environment for a child: the parent's, with the database variables replaced (never inherited). */
export function childEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Starts a TypeScript entry point under tsx (`node --import tsx file`). */
export function startTs(file: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return startNode(['--import', 'tsx', file, ...args], env);
}

/** Starts node with these arguments in the project's folder, stopped with the bench if still running. */
function startNode(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: rootDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/**
 * Starts the app as `npm start` runs it: built to dist/ (npm run build) and run by plain node, so the
 * bench measures the memory and start-up a deployment sees, without tsx's loader.
 */
export function startBuiltServer(env: NodeJS.ProcessEnv): ChildProcess {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: rootDir, stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`npm run build exited with ${built.status}`);
  return startNode(['dist/server.js'], env);
}

/** Runs a TypeScript script to completion; rejects on a non-zero exit. */
export async function runTs(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = startTs(file, args, env);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new Error(`${file} ${args.join(' ')} exited with ${code}`);
}

export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** A free loopback port (asked of the OS, then released for the child to take). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls a URL until it answers 200, or fails after `timeoutMs` (or when the child exits first). */
export async function waitForOk(url: string, child: ChildProcess, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`child exited (${child.exitCode}) before ${url} was ready`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return Date.now() - started;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
