// Runs the morphological analyser (kuromoji with IPADIC) off the main thread. Its dictionary costs about
// 300 MB and 0.7 s to load, so it lives in this worker, which the app starts only when it builds a search
// document and ends when idle (src/lib/readings.ts). Plain JavaScript so that it runs the same under node,
// tsx and vitest.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const kuromoji = require('kuromoji');
const dicPath = join(dirname(require.resolve('kuromoji/package.json')), 'dict');

const tokenizer = new Promise((resolve, reject) => {
  kuromoji.builder({ dicPath }).build((error, built) => (error ? reject(error) : resolve(built)));
});

parentPort?.on('message', async ({ id, texts }) => {
  try {
    const analyser = await tokenizer;
    const tokens = texts.map((text) =>
      analyser
        .tokenize(text)
        .map((token) => ({ surface: token.surface_form, reading: token.reading ?? null })),
    );
    parentPort?.postMessage({ id, tokens });
  } catch (error) {
    parentPort?.postMessage({ id, error: String(error) });
  }
});
