import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import {
  auditLogTable,
  jobPostingsTable,
  type MembershipRole,
  type NewOrganisation,
  type NewWorkplace,
} from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import type { TestContext } from '../helpers/app.js';
import { addMembership, createUser, postForm, signedInAgent } from '../helpers/auth.js';
import { createCoopWithWorkplace } from '../helpers/factories.js';

/** A co-op with one workplace (Tokyo, minimum wage ¥1,226) and a signed-in member of its staff. */
export async function coopStaff(
  context: TestContext,
  organisation: Partial<NewOrganisation> = {},
  workplace: Partial<NewWorkplace> = {},
  role: MembershipRole = 'member',
) {
  const db = context.database.db;
  const created = await createCoopWithWorkplace(db, { trusted: true, ...organisation }, workplace);
  const user = await createUser(db);
  await addMembership(db, user.id, created.organisation.id, role);
  const agent = await signedInAgent(context, user);
  const base = `/workspace/${created.organisation.id}`;
  return { ...created, user, agent, base };
}

export type Staff = Awaited<ReturnType<typeof coopStaff>>;

/** Every field of the posting form filled in, ready to publish in Tokyo today. */
export function completePostingForm(
  workplaceId: number,
  overrides: Record<string, string> = {},
  today = todayInTokyo(),
): Record<string, string> {
  return {
    formId: randomUUID(),
    title: '配食サービスの調理スタッフ',
    occupation: '調理補助',
    field: 'food_agriculture',
    duties: '高齢の方へのお弁当づくりと盛り付け、配達の準備',
    changeScope: '雇入れ直後：配食の調理／変更の範囲：法人の定める業務',
    employmentForm: 'part_time',
    contractType: 'indefinite',
    contractDetails: '',
    workplaceId: String(workplaceId),
    wageMin: '1300',
    wageMax: '1400',
    wageUnit: 'hour',
    allowances: '',
    commutingPay: '実費支給',
    workStart: '09:00',
    workEnd: '15:00',
    breakMinutes: '45',
    shiftNotes: '',
    weeklyHours: '20',
    workDays: '月〜金のうち週4日',
    overtime: 'なし',
    daysOff: '土日祝',
    insuranceEmployment: 'yes',
    insuranceWorkersComp: 'yes',
    insuranceHealth: 'no',
    insurancePension: 'no',
    requirements: '未経験の方も歓迎します',
    openings: '2',
    membershipTerms: '',
    acceptsVisit: '1',
    validThrough: addDays(today, 30),
    intent: 'publish',
    ...overrides,
  };
}

/** Creates a posting through the form and returns its id. */
export async function createThroughForm(staff: Staff, overrides: Record<string, string> = {}) {
  const response = await postForm(
    staff.agent,
    `${staff.base}/postings`,
    completePostingForm(staff.workplace.id, overrides),
  );
  if (response.status !== 303) throw new Error(`create answered ${response.status}`);
  const match = String(response.headers.location).match(/\/postings\/(\d+)/);
  return Number(match?.[1]);
}

export async function postingsOf(db: Db, organisationId: number) {
  return db.select().from(jobPostingsTable).where(eq(jobPostingsTable.organisationId, organisationId));
}

export async function postingById(db: Db, id: number) {
  const [posting] = await db.select().from(jobPostingsTable).where(eq(jobPostingsTable.id, id));
  if (!posting) throw new Error(`no posting ${id}`);
  return posting;
}

export async function auditActions(db: Db, subjectId: number) {
  const rows = await db
    .select({
      action: auditLogTable.action,
      actor: auditLogTable.actorUserId,
      details: auditLogTable.details,
    })
    .from(auditLogTable)
    .where(and(eq(auditLogTable.subjectType, 'job_posting'), eq(auditLogTable.subjectId, subjectId)))
    .orderBy(auditLogTable.id);
  return rows;
}
