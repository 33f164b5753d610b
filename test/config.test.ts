import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('starts with no settings at all: PGlite, port 3000, demo data', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
    expect(config.PGLITE_DIR).toBe('./data/pglite');
    expect(config.SEED_DEMO).toBe(true);
  });

  it('never seeds the demo accounts in production, and refuses to start when asked to', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).SEED_DEMO).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'false' }).SEED_DEMO).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' })).toThrowError(
      /SEED_DEMO: .*never created in production.*admin:create/,
    );
    expect(loadConfig({ NODE_ENV: 'development', SEED_DEMO: 'true' }).SEED_DEMO).toBe(true);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names every bad variable in one clear message', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', SEED_DEMO: 'maybe', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('"eighty"');
    expect(message).toContain('SEED_DEMO');
    expect(message).toContain('LOG_LEVEL');
  });

  it('refuses a database URL that is not PostgreSQL, without echoing it', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/app' })).toThrowError(
      /DATABASE_URL: must be a postgres URL/,
    );
    try {
      loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/app' });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('takes a redis:// or rediss:// REDIS_URL, treats an empty one as unset, and never echoes a bad one', () => {
    expect(loadConfig({}).REDIS_URL).toBeUndefined();
    expect(loadConfig({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2' }).REDIS_URL).toBe('redis://127.0.0.1:6379/2');
    expect(loadConfig({ REDIS_URL: 'rediss://:secret@cache.example.jp:6380' }).REDIS_URL).toBe(
      'rediss://:secret@cache.example.jp:6380',
    );
    expect(loadConfig({}).REDIS_KEY_PREFIX).toBe('yss:rate-limit:');
    expect(() => loadConfig({ REDIS_URL: 'http://:hunter2@cache/0' })).toThrowError(
      /REDIS_URL: must be a redis URL/,
    );
    try {
      loadConfig({ REDIS_URL: 'http://:hunter2@cache/0' });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
    expect(() => loadConfig({ REDIS_KEY_PREFIX: 'two words' })).toThrowError(/REDIS_KEY_PREFIX/);
  });

  it('strips a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://yoishigoto.example.jp/' }).PUBLIC_URL).toBe(
      'https://yoishigoto.example.jp',
    );
  });

  it('derives PUBLIC_URL from PORT and HOST when it is not set, so mail links point where the app listens', () => {
    expect(loadConfig({}).PUBLIC_URL).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '8080', HOST: '127.0.0.1' }).PUBLIC_URL).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ PORT: '8080', PUBLIC_URL: 'https://yoishigoto.example.jp' }).PUBLIC_URL).toBe(
      'https://yoishigoto.example.jp',
    );
  });
});
