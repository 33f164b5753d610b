import autocannon from 'autocannon';
import { measureCpu } from './cpu.js';

export interface LoadRow {
  name: string;
  /** Picks the path of the next request (ids at random, keywords in turn). */
  nextPath: () => string;
  /** Request headers, e.g. the Accept-Encoding a browser sends. */
  headers?: Record<string, string>;
  /** Paths requested once each before the warm-up: a cache's steady state, not its first minute. */
  prime?: string[];
}

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface RowResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx answers plus connection errors and timeouts: should be 0 for the numbers to mean anything. */
  failures: number;
  statusCodes: string;
  /** CPU of the server process during the measured run, % of one core. */
  serverCpu: number;
  /** Whole machine busy during the measured run, % of all cores. */
  hostCpu: number;
}

export function rotate(paths: string[]): () => string {
  let next = 0;
  return () => {
    const path = paths[next % paths.length] as string;
    next++;
    return path;
  };
}

export function pickAtRandom(paths: string[]): () => string {
  return () => paths[Math.floor(Math.random() * paths.length)] as string;
}

/** `/jobs?q=…` with the keyword percent-encoded, as a browser sends it. */
export function searchPath(query: string): string {
  const params = new URLSearchParams(query);
  return `/jobs?${params.toString()}`;
}

async function cannon(
  baseUrl: string,
  row: LoadRow,
  connections: number,
  run: { duration: number } | { amount: number; nextPath: () => string },
) {
  const nextPath = 'nextPath' in run ? run.nextPath : row.nextPath;
  return autocannon({
    url: baseUrl,
    connections,
    pipelining: 1,
    ...('amount' in run ? { amount: run.amount } : { duration: run.duration }),
    timeout: 30,
    headers: row.headers ?? {},
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }],
  });
}

/** A short warm-up (JIT, template cache, buffer cache), then the measured run. */
export async function runRow(
  baseUrl: string,
  row: LoadRow,
  options: LoadOptions,
  serverPid?: number,
): Promise<RowResult> {
  if (row.prime?.length)
    await cannon(baseUrl, row, options.connections, {
      amount: row.prime.length,
      nextPath: rotate(row.prime),
    });
  if (options.warmupSeconds > 0)
    await cannon(baseUrl, row, options.connections, { duration: options.warmupSeconds });
  const [result, cpu] = await measureCpu(serverPid, () =>
    cannon(baseUrl, row, options.connections, { duration: options.durationSeconds }),
  );
  const statusCodes = Object.entries(result.statusCodeStats ?? {})
    .map(([code, { count }]) => `${code}×${count}`)
    .join(' ');
  return {
    name: row.name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
    statusCodes,
    serverCpu: cpu.serverPercent,
    hostCpu: cpu.hostPercent,
  };
}
