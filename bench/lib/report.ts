import type { Dataset } from './datasets.js';
import type { PlanSummary } from './explain.js';
import type { RowResult } from './load.js';
import { seconds } from './processes.js';

const pct = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)}%` : '–');
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');

export function loadTable(rows: RowResult[], ceiling: number): string {
  const lines = [
    '| row | req/s | p50 ms | p99 ms | vs ceiling | requests | non-2xx/errors | server CPU | host CPU |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const ratio = ceiling > 0 ? `${((row.requestsPerSecond / ceiling) * 100).toFixed(1)}%` : '–';
    const failures = row.failures === 0 ? '0' : `**${row.failures}** (${row.statusCodes})`;
    lines.push(
      `| ${row.name} | ${row.requestsPerSecond.toFixed(0)} | ${ms(row.p50)} | ${ms(row.p99)} | ${ratio} | ${row.requests} | ${failures} | ${pct(row.serverCpu)} | ${pct(row.hostCpu)} |`,
    );
  }
  return lines.join('\n');
}

export function datasetTable(datasets: Dataset[]): string {
  const lines = [
    '| engine | postings | this run | seed (migrate + seedDemo) s | VACUUM ANALYZE s | seeded at |',
    '|---|---:|---|---:|---:|---|',
  ];
  for (const dataset of datasets) {
    const seed = dataset.seedMs === null ? '?' : seconds(dataset.seedMs);
    const vacuum = dataset.vacuumMs === null ? '?' : seconds(dataset.vacuumMs);
    lines.push(
      `| ${dataset.engine} | ${dataset.postings} | ${dataset.reused ? 'reused' : 'seeded'} | ${seed} | ${vacuum} | ${dataset.seededAt ?? '?'} |`,
    );
  }
  return lines.join('\n');
}

export function planTable(plans: PlanSummary[]): string {
  const lines = [
    '| search | query | GIN search_terms_idx | seq scan on job_postings | scans on job_postings | exec ms |',
    '|---|---|---|---|---|---:|',
  ];
  for (const plan of plans) {
    lines.push(
      `| ${plan.name} | ${plan.part} | ${plan.usesGin ? 'yes' : 'no'} | ${plan.seqScanOnPostings ? '**yes**' : 'no'} | ${plan.access} | ${ms(plan.executionMs)} |`,
    );
  }
  return lines.join('\n');
}

export function fullPlans(plans: PlanSummary[]): string {
  return plans.map((plan) => `### ${plan.name} — ${plan.part}\n\n${plan.plan}\n`).join('\n');
}
