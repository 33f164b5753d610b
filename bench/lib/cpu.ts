import { readFileSync } from 'node:fs';

/** Linux clock ticks per second (USER_HZ); 100 on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;

interface Snapshot {
  at: number;
  hostBusy: number;
  hostTotal: number;
  processTicks: number;
}

function hostTicks(): { busy: number; total: number } {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

function processTicks(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    // The command name may hold spaces; fields after ") " are fixed: utime is the 12th, stime the 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return Number.NaN;
  }
}

function snapshot(pid: number | undefined): Snapshot {
  const host = hostTicks();
  return { at: Date.now(), hostBusy: host.busy, hostTotal: host.total, processTicks: processTicks(pid) };
}

export interface CpuUsage {
  /** CPU of the server under test, in % of one core (100 = one core flat out). */
  serverPercent: number;
  /** Whole machine busy, in % of all cores: includes the database, autocannon and anything else running. */
  hostPercent: number;
}

/** Measures CPU use while `work` runs (Linux /proc; NaN elsewhere). */
export async function measureCpu<T>(pid: number | undefined, work: () => Promise<T>): Promise<[T, CpuUsage]> {
  const before = snapshot(pid);
  const result = await work();
  const after = snapshot(pid);
  const seconds = (after.at - before.at) / 1000;
  return [
    result,
    {
      serverPercent: ((after.processTicks - before.processTicks) / TICKS_PER_SECOND / seconds) * 100,
      hostPercent: ((after.hostBusy - before.hostBusy) / (after.hostTotal - before.hostTotal)) * 100,
    },
  ];
}
