import type { TestContext } from './app.js';
import { addMembership, createUser, signedInAgent } from './auth.js';
import { createOrganisation } from './factories.js';

/** A secretariat organisation with one signed-in admin: the person who uses /console. */
export async function secretariatAdmin(context: TestContext, displayName = '事務局のやまだ') {
  const db = context.database.db;
  const secretariat = await createOrganisation(db, {
    kind: 'secretariat',
    legalForm: 'general_association',
    name: '事務局',
  });
  const staff = await createUser(db, { displayName });
  await addMembership(db, staff.id, secretariat.id, 'admin');
  return { staff, secretariat, agent: await signedInAgent(context, staff) };
}
