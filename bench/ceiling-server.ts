import Fastify from 'fastify';

/**
 * The "ceiling": a bare Fastify route answering a fixed HTML body the size of a real /jobs/:id page,
 * so each app row can be read as a share of what Node + Fastify + loopback manage on this machine.
 */
const port = Number(process.env.PORT ?? 0);
const bytes = Number(process.env.BODY_BYTES ?? 20_000);
const body = `<!doctype html>${'x'.repeat(Math.max(0, bytes - 15))}`;

const app = Fastify({ logger: false });
app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(body));
app.get('/readyz', async () => ({ status: 'ready' }));

await app.listen({ host: '127.0.0.1', port });
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0));
  });
}
