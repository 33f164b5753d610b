import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import {
  auditLogTable,
  type CourseType,
  courseEnrolmentsTable,
  courseSessionsTable,
  coursesTable,
  mailOutboxTable,
  type NewOrganisation,
} from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { randomToken } from '../../src/lib/secrets.js';
import type { TestContext } from '../helpers/app.js';
import { addMembership, createUser, signedInAgent } from '../helpers/auth.js';
import { createOrganisation } from '../helpers/factories.js';

/** A course straight in the database (published unless told), with sessions from `inDays`. */
export async function createCourseRow(
  db: Db,
  organisationId: number,
  options: {
    capacity?: number;
    status?: 'draft' | 'published' | 'cancelled';
    type?: CourseType;
    title?: string;
    prefectureCode?: string;
    feeYen?: number;
    feeWaiver?: string;
    sessions?: { inDays: number; online?: boolean; required?: boolean }[];
    today?: string;
  } = {},
) {
  const now = new Date();
  const today = options.today ?? todayInTokyo(now);
  const [course] = await db
    .insert(coursesTable)
    .values({
      organisationId,
      type: options.type ?? 'public_lecture',
      status: options.status ?? 'published',
      title: options.title ?? 'テスト講座',
      audience: 'どなたでも',
      description: 'テスト用の講座です。',
      prefectureCode: options.prefectureCode ?? '13',
      capacity: options.capacity ?? 10,
      feeYen: options.feeYen ?? 0,
      feeWaiver: options.feeWaiver ?? '',
      createdAt: now,
      updatedAt: now,
      publishedAt: options.status === 'draft' ? null : now,
    })
    .returning();
  const sessions = await db
    .insert(courseSessionsTable)
    .values(
      (options.sessions ?? [{ inDays: 7 }]).map((session) => ({
        courseId: course!.id,
        date: addDays(today, session.inDays),
        startTime: '10:00',
        endTime: '12:00',
        online: session.online ?? false,
        venueName: session.online ? '' : 'テスト会館',
        address: session.online ? '' : '東京都千代田区1-1',
        onlineUrl: session.online ? 'https://meet.example.jp/secret-room' : '',
        required: session.required ?? true,
      })),
    )
    .returning();
  return { course: course!, sessions };
}

/** A fresh form id, as the course page would carry. */
export const formId = () => randomToken(18);

/** The enrolments of a course in queue order. */
export async function enrolmentsOf(db: Db, courseId: number) {
  return db
    .select()
    .from(courseEnrolmentsTable)
    .where(eq(courseEnrolmentsTable.courseId, courseId))
    .orderBy(asc(courseEnrolmentsTable.queueNumber), asc(courseEnrolmentsTable.id));
}

/** Every mail to one address, oldest first. */
export async function mailsTo(db: Db, recipient: string) {
  return db
    .select()
    .from(mailOutboxTable)
    .where(eq(mailOutboxTable.recipient, recipient))
    .orderBy(asc(mailOutboxTable.id));
}

/** The token of a `…?token=` link in a mail body, for the given path. */
export function linkToken(body: string, path: string): string {
  const match = body.match(new RegExp(`${path.replace(/[/?]/g, '\\$&')}\\?token=([A-Za-z0-9_-]+)`));
  if (!match?.[1]) throw new Error(`no ${path} link in mail`);
  return match[1];
}

export async function auditActions(db: Db, action: string) {
  return db
    .select()
    .from(auditLogTable)
    .where(and(eq(auditLogTable.action, action)));
}

/** A co-op with one signed-in staff member, and the base path of its courses. */
export async function coopOrganiser(context: TestContext, overrides: Partial<NewOrganisation> = {}) {
  const db = context.database.db;
  const organisation = await createOrganisation(db, { name: '講座を開く協同組合', ...overrides });
  const user = await createUser(db);
  await addMembership(db, user.id, organisation.id, 'member');
  const agent = await signedInAgent(context, user);
  return { organisation, user, agent, base: `/workspace/${organisation.id}/courses` };
}

/** The course form filled in completely. */
export function completeCourseForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    formId: formId(),
    type: 'job_creation',
    title: '仕事おこし講座（全2回）',
    audience: '地域で仕事をつくりたい方',
    description: '仲間と地域で仕事をつくる方法を学びます。',
    prefectureCode: '14',
    capacity: '2',
    feeYen: '3,000',
    feeWaiver: '受講料無料：求職中の方・生活保護を受けている方',
    ...overrides,
  };
}
