/**
 * npm run bench:prepare -- --jobs 1000000 --engine postgres
 * Seeds (or checks) a bench data set without load-testing it, so a long seed can run on its own.
 */
import { parseArgs } from 'node:util';
import { preparePglite, preparePostgres } from './lib/datasets.js';
import { seconds } from './lib/processes.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '100000' },
    engine: { type: 'string', default: 'postgres' },
    fresh: { type: 'boolean', default: false },
  },
});
const postings = Number(values.jobs);
const started = Date.now();
const log = (line: string) => console.log(`[prepare ${seconds(Date.now() - started).padStart(6)} s] ${line}`);
const dataset =
  values.engine === 'pglite'
    ? await preparePglite(postings, values.fresh, log)
    : await preparePostgres(postings, values.fresh, log);
log(
  `${dataset.engine} ${postings}: ${dataset.reused ? 'reused' : 'seeded'}; seed ${dataset.seedMs === null ? '?' : seconds(dataset.seedMs)} s, vacuum ${dataset.vacuumMs === null ? '?' : seconds(dataset.vacuumMs)} s`,
);
