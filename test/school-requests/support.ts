import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/client.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import type { TestContext } from '../helpers/app.js';
import { addMembership, createUser, signedInAgent } from '../helpers/auth.js';
import { createOrganisation } from '../helpers/factories.js';

/** An approved school with a signed-in coordinator. */
export async function schoolStaff(
  context: TestContext,
  overrides: { approvalState?: 'approved' | 'pending' } = {},
) {
  const db: Db = context.database.db;
  const organisation = await createOrganisation(db, {
    kind: 'school',
    legalForm: 'local_government',
    name: `テスト中学校${randomUUID().slice(0, 4)}`,
    nameKana: 'てすとちゅうがっこう',
    approvalState: overrides.approvalState ?? 'approved',
  });
  const user = await createUser(db, { displayName: '進路の先生' });
  await addMembership(db, user.id, organisation.id, 'admin');
  const agent = await signedInAgent(context, user);
  return { organisation, user, agent, base: `/workspace/${organisation.id}` };
}

/** The school's form, filled in; override any field. */
export function schoolFormBody(
  workplaceId: number,
  overrides: Record<string, string> = {},
  today = todayInTokyo(),
) {
  return {
    formId: randomUUID(),
    workplaceId: String(workplaceId),
    kind: 'internship',
    slotId: '',
    groupSize: '4',
    periodStart: addDays(today, 20),
    periodEnd: addDays(today, 22),
    dailyStart: '09:30',
    dailyEnd: '15:00',
    days: '3日間',
    schoolType: 'junior_high',
    grade: '2年生',
    teacherName: '山田 花子',
    teacherEmail: `teacher-${randomUUID().slice(0, 8)}@school.example.jp`,
    teacherPhone: '03-1234-5678',
    learningGoals: '働く人の思いを知る',
    insuranceKind: 'gakkensai',
    insuranceOther: '',
    insuranceConfirmed: 'yes',
    emergencyContact: '職員室 03-1234-0000',
    studentNames: '',
    notes: '',
    ...overrides,
  };
}
