import { Worker } from 'node:worker_threads';
import { normaliseForSearch } from './search-text.js';

/**
 * Readings (読み) of Japanese text, so that a seeker who types かいご, カイゴ or kaigo finds 介護 (DESIGN.md
 * §6: many of our seekers read kana better than kanji). The analyser runs in a worker started on first use
 * and ended after a minute idle: it is needed only when a posting's search document is built, never to
 * answer a search, and its dictionary is far larger than the rest of the app.
 */

interface Token {
  surface: string;
  /** Katakana reading from the dictionary; null for words it does not know (PC, Excel, names). */
  reading: string | null;
}

const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The readings text of tokenised text: each word's reading in hiragana, words separated by a space and
 * runs broken (a new line) wherever the text had a word without a reading or a non-word (punctuation,
 * spaces), so a reading query can only match whole consecutive words.
 */
export function readingsFromTokens(tokens: Token[]): string {
  const lines: string[] = [];
  let words: string[] = [];
  const breakLine = () => {
    if (words.length) lines.push(words.join(' '));
    words = [];
  };
  for (const token of tokens) {
    if (!LETTER_OR_DIGIT.test(token.surface)) {
      breakLine();
      continue;
    }
    const surface = normaliseForSearch(token.surface);
    const reading = token.reading
      ? normaliseForSearch(token.reading)
      : HIRAGANA_ONLY.test(surface)
        ? surface
        : null;
    if (!reading || !HIRAGANA_ONLY.test(reading)) {
      breakLine();
      continue;
    }
    words.push(reading);
  }
  breakLine();
  return lines.join('\n');
}

type Pending = { resolve: (tokens: Token[][]) => void; reject: (error: Error) => void };

/** How long the worker stays after its last use: a burst of saves or a seed reuses it. */
const IDLE_MS = 60_000;
/** Distinct texts remembered: the demo seed repeats its templates, and a rename repeats the name. */
const MEMO_SIZE = 20_000;

export class ReadingAnalyser {
  #worker: Worker | null = null;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #idleTimer: NodeJS.Timeout | null = null;
  #memo = new Map<string, string>();

  /** The readings text of each text, in order. */
  async readingsOf(texts: string[]): Promise<string[]> {
    const unknown = [...new Set(texts.filter((text) => !this.#memo.has(text)))];
    if (unknown.length) {
      const tokens = await this.#tokenize(unknown);
      for (const [index, text] of unknown.entries())
        this.#remember(text, readingsFromTokens(tokens[index] ?? []));
    }
    return texts.map((text) => this.#memo.get(text) ?? '');
  }

  /** Ends the worker now (shutdown, tests); the next use starts it again. */
  async close(): Promise<void> {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }

  #remember(text: string, readings: string) {
    if (this.#memo.size >= MEMO_SIZE) this.#memo.delete(this.#memo.keys().next().value as string);
    this.#memo.set(text, readings);
  }

  #tokenize(texts: string[]): Promise<Token[][]> {
    const worker = this.#start();
    const id = this.#nextId++;
    // While an answer is awaited the worker keeps the process alive: a command-line seed on PGlite has
    // nothing else pending (no socket), and Node would otherwise exit in the middle of it.
    worker.ref();
    return new Promise<Token[][]>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, texts });
    }).finally(() => {
      if (this.#pending.size === 0) worker.unref();
      this.#scheduleIdleStop();
    });
  }

  #start(): Worker {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./readings.worker.mjs', import.meta.url));
    worker.on('message', (message: { id: number; tokens?: Token[][]; error?: string }) => {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (message.error || !message.tokens) pending.reject(new Error(message.error ?? 'no tokens'));
      else pending.resolve(message.tokens);
    });
    const failAll = (error: Error) => {
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      if (this.#worker === worker) this.#worker = null;
    };
    worker.on('error', failAll);
    worker.on('exit', () => failAll(new Error('reading analyser stopped')));
    // An idle worker never keeps the process alive: shutdown does not wait for it.
    worker.unref();
    this.#worker = worker;
    return worker;
  }

  #scheduleIdleStop() {
    if (this.#pending.size > 0) return;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => void this.close(), IDLE_MS);
    this.#idleTimer.unref();
  }
}

/**
 * The app's one analyser: every search document built in this process shares its worker and its memo.
 * buildApp ends the worker when the app closes.
 */
export const readingAnalyser = new ReadingAnalyser();
