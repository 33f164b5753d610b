import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  organisationsTable,
  placementRequestsTable,
  requestProvisionsTable,
  schoolRequestDetailsTable,
  usersTable,
  workplacesTable,
} from '../db/schema/index.js';
import { addDays, todayInTokyo } from '../lib/dates.js';
import { tokyoInstant } from '../modules/requests/requests.rules.js';
import { DEMO_SCHOOL_EMAIL, seedDemoSchoolAccount } from './accounts.js';

/**
 * The demo school's requests to the first demo co-op (the demo staff account's): a group internship waiting
 * for the co-op's answer, and a workplace visit the co-op accepted and the school confirmed. The teachers
 * and contacts are made up.
 */
export async function seedDemoSchoolRequests(db: Db, now = new Date()): Promise<void> {
  const schoolId = await seedDemoSchoolAccount(db);
  if (!schoolId) return;
  const [coop] = await db
    .select({ id: organisationsTable.id })
    .from(organisationsTable)
    .where(and(eq(organisationsTable.kind, 'coop'), eq(organisationsTable.approvalState, 'approved')))
    .orderBy(asc(organisationsTable.id))
    .limit(1);
  if (!coop) return;
  const [workplace] = await db
    .select({ id: workplacesTable.id })
    .from(workplacesTable)
    .where(eq(workplacesTable.organisationId, coop.id))
    .orderBy(asc(workplacesTable.id))
    .limit(1);
  if (!workplace) return;
  const [coordinator] = await db
    .select({ id: usersTable.id })
    .from(usersTable)
    .where(eq(usersTable.email, DEMO_SCHOOL_EMAIL));
  const today = todayInTokyo(now);
  const demo = [
    {
      state: 'submitted' as const,
      kind: 'internship' as const,
      groupSize: 4,
      start: addDays(today, 21),
      end: addDays(today, 23),
      days: '',
      goals:
        '地域で働く人の思いを知り、協同で働くことの意味を考える。あいさつと報告・連絡・相談を実際にやってみる。',
      names: '',
      waited: 1,
    },
    {
      state: 'accepted' as const,
      kind: 'visit' as const,
      groupSize: 6,
      start: addDays(today, 10),
      end: addDays(today, 10),
      days: '',
      goals: '職場を見学し、仕事の工夫と働く人の一日を知る。',
      names: 'あおい\nいつき\nうた\nえいた\nおと\nかな',
      waited: 6,
    },
  ];
  for (const [index, item] of demo.entries()) {
    const waitingSince = new Date(now.getTime() - item.waited * 86_400_000);
    const scheduled = item.state === 'accepted';
    const [request] = await db
      .insert(placementRequestsTable)
      .values({
        kind: item.kind,
        state: item.state,
        intent: 'try_then_decide',
        requesterKind: 'school',
        onBehalfOrganisationId: schoolId,
        groupSize: item.groupSize,
        organisationId: coop.id,
        workplaceId: workplace.id,
        preferredTimes: [{ date: item.start, start: '09:30', end: '12:00' }],
        scheduledStart: scheduled ? tokyoInstant(item.start, '09:30') : null,
        scheduledEnd: scheduled ? tokyoInstant(item.start, '12:00') : null,
        scheduledPlace: scheduled ? '正面入口の受付' : '',
        contactName: index === 0 ? '山田 先生（デモ）' : '佐藤 先生（デモ）',
        contactEmail: `demo-teacher${index + 1}@minami-jh.example.jp`,
        contactPhone: '03-0000-1234',
        locale: 'ja',
        formId: crypto.randomUUID(),
        createdAt: waitingSince,
        confirmedAt: waitingSince,
        waitingSince,
        updatedAt: now,
      })
      .returning({ id: placementRequestsTable.id });
    if (!request) continue;
    await db.insert(schoolRequestDetailsTable).values({
      requestId: request.id,
      periodStart: item.start,
      periodEnd: item.end,
      dailyStart: '09:30',
      dailyEnd: '12:00',
      days: item.days,
      schoolType: 'junior_high',
      grade: '2年生',
      learningGoals: item.goals,
      insuranceConfirmed: true,
      insuranceKind: index === 0 ? 'internship' : 'gakkensai',
      emergencyContact: 'みなみ中学校 職員室 03-0000-1234（平日 8:00〜17:00）',
      studentNames: item.names,
      agreementConfirmedAt: scheduled ? now : null,
      agreementConfirmedBy: scheduled ? (coordinator?.id ?? null) : null,
      createdBy: coordinator?.id ?? null,
    });
    await db.insert(requestProvisionsTable).values({
      requestId: request.id,
      recipientOrganisationId: coop.id,
      items: [
        'teacher_name',
        'teacher_email',
        'teacher_phone',
        'emergency_contact',
        ...(item.names ? ['student_names'] : []),
      ],
      consentBasis: ['school_submission'],
      consentAt: waitingSince,
      providedAt: waitingSince,
    });
  }
}
