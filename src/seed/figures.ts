import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  consultationEventOutcomesTable,
  consultationEventsTable,
  courseAttendanceTable,
  courseEnrolmentsTable,
  courseSessionsTable,
  coursesTable,
  type EventOutcomeKind,
  organisationsTable,
  placementRequestsTable,
  type RequestKind,
  type RequestOutcome,
  type RequestState,
  workplacesTable,
} from '../db/schema/index.js';
import { addDays, todayInTokyo } from '../lib/dates.js';
import { randomToken, sha256 } from '../lib/secrets.js';
import { tokyoInstant } from '../modules/requests/requests.rules.js';

/** The first of the month `months` before today's (Tokyo), plus `day - 1` days: "2026-08-14". */
function dayInMonthBefore(today: string, months: number, day: number): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - months;
  const first = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
  const date = addDays(first, day - 1);
  // Never in the future: this month's events are at most today.
  return date > today ? today : date;
}

/** 相談交流会 with figures like the real ones, across the last six months and five prefectures. */
const demoEvents: {
  monthsAgo: number;
  day: number;
  title: string;
  prefectureCode: string;
  municipality: string;
  place: string;
  online?: boolean;
  organisers: string;
  participants: number;
  consulted: number;
  outcomes: [EventOutcomeKind, number, string][];
  notes?: string;
}[] = [
  {
    monthsAgo: 5,
    day: 12,
    title: '仕事おこし相談交流会 in 世田谷',
    prefectureCode: '13',
    municipality: '世田谷区',
    place: '区民会館 第1会議室',
    organisers: 'ワーカーズコープ東京中部事業本部、よいしごとステーション事務局',
    participants: 16,
    consulted: 9,
    outcomes: [
      ['coop_work', 5, '介護事業所で2人、配食で3人'],
      ['visit_or_trial', 3, ''],
    ],
  },
  {
    monthsAgo: 4,
    day: 20,
    title: '協同労働を知る・相談する会（横浜）',
    prefectureCode: '14',
    municipality: '横浜市中区',
    place: '市民活動支援センター',
    organisers: 'ワーカーズ・コレクティブ連合会（神奈川）',
    participants: 22,
    consulted: 11,
    outcomes: [
      ['joined_member', 2, ''],
      ['course', 4, '仕事おこし講座へ'],
    ],
  },
  {
    monthsAgo: 3,
    day: 8,
    title: 'はたらく相談会 なんば',
    prefectureCode: '27',
    municipality: '大阪市浪速区',
    place: '地域福祉センター',
    organisers: 'ワーカーズコープ関西事業本部',
    participants: 14,
    consulted: 8,
    outcomes: [
      ['coop_work', 3, ''],
      ['other_support', 2, 'ハローワークと生活困窮者自立支援窓口へ'],
    ],
  },
  {
    monthsAgo: 3,
    day: 25,
    title: 'オンライン相談交流会（全国）',
    prefectureCode: '13',
    municipality: '',
    place: '',
    online: true,
    organisers: 'よいしごとステーション事務局',
    participants: 31,
    consulted: 12,
    outcomes: [
      ['visit_or_trial', 6, ''],
      ['founding', 2, '子ども食堂を始めたい3人組'],
    ],
  },
  {
    monthsAgo: 2,
    day: 14,
    title: '仕事おこし相談交流会 in 札幌',
    prefectureCode: '01',
    municipality: '札幌市北区',
    place: '区民センター 和室',
    organisers: '高齢者生活協同組合（北海道）',
    participants: 12,
    consulted: 7,
    outcomes: [['coop_work', 4, '配食と清掃で']],
  },
  {
    monthsAgo: 1,
    day: 9,
    title: '協同労働と地域の仕事 相談会（福岡）',
    prefectureCode: '40',
    municipality: '福岡市博多区',
    place: '市民福祉プラザ',
    organisers: 'ワーカーズコープ九州事業本部',
    participants: 18,
    consulted: 10,
    outcomes: [
      ['coop_work', 5, ''],
      ['joined_member', 1, ''],
      ['course', 2, ''],
    ],
  },
  {
    monthsAgo: 1,
    day: 23,
    title: '仕事おこし相談交流会 in 世田谷（第2回）',
    prefectureCode: '13',
    municipality: '世田谷区',
    place: '区民会館 第1会議室',
    organisers: 'ワーカーズコープ東京中部事業本部、よいしごとステーション事務局',
    participants: 20,
    consulted: 12,
    outcomes: [
      ['coop_work', 6, ''],
      ['founding', 3, ''],
    ],
    notes: '前回の参加者の紹介で来た人が多かった。次回は託児を用意する。',
  },
  {
    monthsAgo: 0,
    day: 1,
    title: 'はたらく相談会 なんば（冬）',
    prefectureCode: '27',
    municipality: '大阪市浪速区',
    place: '地域福祉センター',
    organisers: 'ワーカーズコープ関西事業本部',
    participants: 9,
    consulted: 5,
    outcomes: [],
  },
];

/** A closed request of the past, as it stays after the retention period: a count, no person. */
interface PastRequest {
  monthsAgo: number;
  day: number;
  kind: RequestKind;
  state: RequestState;
  outcome?: RequestOutcome;
}

/** Per co-op, a few months of requests that happened, so the figures have a history by month. */
const pastRequests: PastRequest[] = [
  { monthsAgo: 5, day: 10, kind: 'visit', state: 'completed', outcome: 'continuing_trials' },
  { monthsAgo: 5, day: 18, kind: 'visit', state: 'declined' },
  { monthsAgo: 4, day: 6, kind: 'experience', state: 'completed', outcome: 'employed' },
  { monthsAgo: 4, day: 15, kind: 'visit', state: 'completed', outcome: 'not_proceeding' },
  { monthsAgo: 4, day: 27, kind: 'short_trial', state: 'withdrawn' },
  { monthsAgo: 3, day: 3, kind: 'short_trial', state: 'completed', outcome: 'joined_member' },
  { monthsAgo: 3, day: 12, kind: 'visit', state: 'no_show' },
  { monthsAgo: 3, day: 21, kind: 'experience', state: 'completed', outcome: 'employed' },
  { monthsAgo: 2, day: 5, kind: 'visit', state: 'completed', outcome: 'continuing_trials' },
  { monthsAgo: 2, day: 19, kind: 'experience', state: 'expired' },
  { monthsAgo: 1, day: 7, kind: 'visit', state: 'completed', outcome: 'joined_member' },
  { monthsAgo: 1, day: 16, kind: 'short_trial', state: 'completed' },
];

/**
 * The figures' demo history: consultation events, and past requests and a finished 仕事おこし講座 at
 * co-ops in several prefectures (the other demo data is all about the coming weeks). Runs after the other
 * demo seeds; does nothing if events exist.
 */
export async function seedDemoFigures(db: Db, now = new Date()): Promise<void> {
  const [existing] = await db
    .select({ id: consultationEventsTable.id })
    .from(consultationEventsTable)
    .limit(1);
  if (existing) return;
  const today = todayInTokyo(now);

  for (const [index, demo] of demoEvents.entries()) {
    const [event] = await db
      .insert(consultationEventsTable)
      .values({
        title: demo.title,
        heldOn: dayInMonthBefore(today, demo.monthsAgo, demo.day),
        online: demo.online ?? false,
        prefectureCode: demo.prefectureCode,
        municipality: demo.municipality,
        place: demo.place,
        organisers: demo.organisers,
        participants: demo.participants,
        consulted: demo.consulted,
        notes: demo.notes ?? '',
        formId: `demo-event-${index + 1}-${randomToken(9)}`,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: consultationEventsTable.id });
    if (event && demo.outcomes.length)
      await db
        .insert(consultationEventOutcomesTable)
        .values(demo.outcomes.map(([kind, people, note]) => ({ eventId: event.id, kind, people, note })));
  }

  // Past requests at the approved co-ops after the first (the demo staff's co-op keeps its live inbox),
  // one workplace each, in whichever prefectures the demo data put them.
  const coops = await db
    .select({ id: organisationsTable.id })
    .from(organisationsTable)
    .where(and(eq(organisationsTable.kind, 'coop'), eq(organisationsTable.approvalState, 'approved')))
    .orderBy(asc(organisationsTable.id))
    .limit(7);
  for (const [coopIndex, coop] of coops.slice(1).entries()) {
    const [workplace] = await db
      .select({ id: workplacesTable.id })
      .from(workplacesTable)
      .where(eq(workplacesTable.organisationId, coop.id))
      .orderBy(asc(workplacesTable.id))
      .limit(1);
    if (!workplace) continue;
    // Each co-op gets a different share of the list, so the months and prefectures differ.
    const rows = pastRequests.filter((_, index) => (index + coopIndex) % 3 !== 0);
    await db.insert(placementRequestsTable).values(
      rows.map((past) => {
        const day = dayInMonthBefore(today, past.monthsAgo, past.day);
        const happened = ['completed', 'no_show'].includes(past.state);
        const askedOn = addDays(day, -10);
        return {
          kind: past.kind,
          state: past.state,
          outcome: past.outcome ?? null,
          intent: 'listen_first' as const,
          organisationId: coop.id,
          workplaceId: workplace.id,
          scheduledStart: happened ? tokyoInstant(day, '10:00') : null,
          scheduledEnd: happened ? tokyoInstant(day, '12:00') : null,
          contactName: '',
          formId: crypto.randomUUID(),
          createdAt: tokyoInstant(askedOn, '09:30'),
          confirmedAt: tokyoInstant(askedOn, '09:40'),
          closedAt: tokyoInstant(day, '13:00'),
          anonymisedAt: now,
          updatedAt: now,
        };
      }),
    );
  }

  await seedPastCourse(db, today, now);
}

/** A 仕事おこし講座 that finished two months ago, with its enrolments, attendance and completions. */
async function seedPastCourse(db: Db, today: string, now: Date) {
  const [secretariat] = await db
    .select({ id: organisationsTable.id })
    .from(organisationsTable)
    .where(eq(organisationsTable.kind, 'secretariat'))
    .orderBy(asc(organisationsTable.id))
    .limit(1);
  if (!secretariat) return;
  const dates = [
    dayInMonthBefore(today, 3, 6),
    dayInMonthBefore(today, 3, 20),
    dayInMonthBefore(today, 2, 4),
  ];
  await db.transaction(async (tx) => {
    const [course] = await tx
      .insert(coursesTable)
      .values({
        organisationId: secretariat.id,
        type: 'job_creation',
        status: 'published',
        title: '仕事おこし講座（秋期）：協同労働で地域の仕事をつくる',
        audience: '地域で仕事をつくりたい方、協同労働に関心のある方',
        description: '3回の講座で、地域の困りごとから仕事を考え、仲間と事業計画をつくります。',
        prefectureCode: '13',
        capacity: 15,
        placementCounter: 12,
        createdAt: tokyoInstant(addDays(dates[0] as string, -40), '10:00'),
        updatedAt: now,
        publishedAt: tokyoInstant(addDays(dates[0] as string, -40), '10:00'),
      })
      .returning({ id: coursesTable.id });
    if (!course) return;
    const sessions = await tx
      .insert(courseSessionsTable)
      .values(
        dates.map((date) => ({
          courseId: course.id,
          date,
          startTime: '13:30',
          endTime: '16:30',
          venueName: 'よいしごとステーション 相談室',
          address: '東京都豊島区東池袋1-1-1',
          reminderSentAt: now,
        })),
      )
      .returning({ id: courseSessionsTable.id });
    const enrolments = await tx
      .insert(courseEnrolmentsTable)
      .values(
        Array.from({ length: 12 }, (_, index) => {
          const placed = tokyoInstant(addDays(dates[0] as string, -30 + index * 2), '20:00');
          // Nine came to every session; three missed one.
          const completed = index < 9 ? tokyoInstant(dates[2] as string, '16:30') : null;
          return {
            courseId: course.id,
            nickname: `受講者${index + 1}`,
            email: `demo-past-course-${index + 1}@example.jp`,
            state: 'confirmed' as const,
            queueNumber: index + 1,
            formId: randomToken(18),
            manageTokenHash: sha256(randomToken()),
            createdAt: placed,
            placedAt: placed,
            completedAt: completed,
          };
        }),
      )
      .returning({ id: courseEnrolmentsTable.id });
    await tx.insert(courseAttendanceTable).values(
      enrolments.flatMap((enrolment, index) =>
        sessions.map((session, sessionIndex) => ({
          enrolmentId: enrolment.id,
          sessionId: session.id,
          attended: index < 9 || sessionIndex !== index % 3,
          markedAt: now,
        })),
      ),
    );
  });
}
