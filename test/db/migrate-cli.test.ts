import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.js';

const run = promisify(execFile);

describe('npm run db:migrate', () => {
  it('names a script that applies the migrations and exits', async () => {
    const scripts = JSON.parse(await readFile('package.json', 'utf8')).scripts as Record<string, string>;
    const [command, script] = (scripts['db:migrate'] ?? '').split(' ');
    expect(command).toBe('tsx');
    const directory = await mkdtemp(join(tmpdir(), 'yss-migrate-'));
    try {
      const env = { ...process.env, PGLITE_DIR: directory, DATABASE_URL: '', NODE_ENV: 'development' };
      const { stdout } = await run(join('node_modules', '.bin', 'tsx'), [String(script)], { env });
      expect(stdout).toContain('Migrations applied to pglite');
      const database = await openDatabase({ pgliteDir: directory });
      try {
        const [wages] = await queryRows<{ count: number }>(
          database.db,
          sql`select count(*)::int as count from minimum_wages`,
        );
        expect(wages?.count).toBe(47);
      } finally {
        await database.close();
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 60_000);
});
