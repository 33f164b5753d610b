const mb = (n: number) => Math.round(n / 1048576);
const show = (label: string) => {
  const m = process.memoryUsage();
  console.log(label, 'rss', mb(m.rss), 'heapUsed', mb(m.heapUsed));
};
show('start');
const { loadConfig } = await import('/work/main/src/config.ts');
const { buildApp } = await import('/work/main/src/app.ts');
show('app modules');
const { openDatabase } = await import('/work/main/src/db/client.ts');
const config = loadConfig({ ...process.env });
const database = await openDatabase({ databaseUrl: config.DATABASE_URL });
const app = await buildApp({ config, database });
await app.ready();
show('app ready');
await app.inject('/jobs/2');
show('one page');
await app.close();
await database.close();
