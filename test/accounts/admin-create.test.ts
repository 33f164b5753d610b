import { eq } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { membershipsTable, organisationsTable, usersTable } from '../../src/db/schema/index.js';
import { createSecretariatAdmin } from '../../src/modules/accounts/admin.service.js';
import { useTestApp } from '../helpers/app.js';
import { createUser, postForm, signedInAgent } from '../helpers/auth.js';

const context = useTestApp();

describe('npm run admin:create', () => {
  it('makes a secretariat admin whose password is set only through the single-use link', async () => {
    const db = context.database.db;
    const result = await createSecretariatAdmin(db, 'First.Admin@Example.jp', new Date(), {
      publicUrl: 'https://yoishigoto.example.jp',
    });
    expect(result.created).toBe(true);
    const [user] = await db.select().from(usersTable).where(eq(usersTable.email, 'first.admin@example.jp'));
    const [membership] = await db
      .select()
      .from(membershipsTable)
      .where(eq(membershipsTable.userId, user!.id));
    const [organisation] = await db
      .select()
      .from(organisationsTable)
      .where(eq(organisationsTable.id, membership!.organisationId));
    expect(membership?.role).toBe('admin');
    expect(organisation?.kind).toBe('secretariat');

    const token = new URL(result.link).searchParams.get('token') ?? '';
    const password = 'a long chosen passphrase';
    await postForm(request(context.app.server), '/password/reset', { token, password }).expect(303);
    // The link works once.
    await postForm(request(context.app.server), '/password/reset', { token, password }).expect(400);
    const agent = await signedInAgent(context, user!, password);
    await agent.get('/console').expect(200);
  });

  it('promotes an existing account, keeping its password', async () => {
    const db = context.database.db;
    const existing = await createUser(db);
    const result = await createSecretariatAdmin(db, existing.email, new Date(), {
      publicUrl: 'https://x.example.jp',
    });
    expect(result.created).toBe(false);
    const agent = await signedInAgent(context, existing);
    await agent.get('/console').expect(200);
  });
});
