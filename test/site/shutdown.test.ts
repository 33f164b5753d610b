import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';

describe('graceful shutdown', () => {
  it('lets a request in flight finish and refuses new connections', async () => {
    const context = await createTestApp({}, (app) => {
      app.get('/slow', async () => {
        await sleep(300);
        return 'finished';
      });
    });
    await context.app.listen({ port: 0, host: '127.0.0.1' });
    const address = context.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
    await sleep(50);
    const closing = context.app.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('finished');
    await closing;
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    await context.database.close();
  });
});
