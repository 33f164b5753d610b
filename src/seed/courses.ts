import holidayJp from '@holiday-jp/holiday_jp';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  type CourseType,
  courseEnrolmentsTable,
  courseSessionsTable,
  coursesTable,
  organisationsTable,
} from '../db/schema/index.js';
import { addDays, todayInTokyo } from '../lib/dates.js';
import { randomToken, sha256 } from '../lib/secrets.js';

interface DemoCourse {
  type: CourseType;
  title: string;
  audience: string;
  description: string;
  prefectureCode: string;
  capacity: number;
  feeYen: number;
  feeWaiver: string;
  /** Days from today of each session; online sessions are marked. */
  sessions: { inDays: number; start: string; end: string; online?: boolean; required?: boolean }[];
  /** People already enrolled: past the capacity they wait in order. */
  enrolled: number;
  /** Organised by the secretariat (true) or by one of the demo co-ops. */
  bySecretariat: boolean;
}

const venues: Record<string, { venueName: string; address: string; access: string }> = {
  '13': {
    venueName: '協同会館 3階ホール',
    address: '東京都豊島区池袋1-2-3',
    access: 'JR池袋駅東口から徒歩7分。エレベーターあり',
  },
  '14': {
    venueName: 'みなと地域ケアプラザ 多目的室',
    address: '神奈川県横浜市中区本町2-4',
    access: 'みなとみらい線日本大通り駅から徒歩3分',
  },
  '27': {
    venueName: '生活協同組合 なにわ会館 研修室',
    address: '大阪府大阪市北区天満3-5-1',
    access: '地下鉄南森町駅から徒歩5分。段差のない入口は北側',
  },
  '01': {
    venueName: 'さっぽろ市民活動プラザ 会議室B',
    address: '北海道札幌市中央区北1条西5-1',
    access: '地下鉄大通駅から徒歩4分',
  },
  '40': {
    venueName: 'ふくおか協同労働センター',
    address: '福岡県福岡市博多区博多駅前4-8',
    access: 'JR博多駅から徒歩8分',
  },
  '04': {
    venueName: 'せんだい市民センター 和室',
    address: '宮城県仙台市青葉区一番町2-1',
    access: '地下鉄青葉通一番町駅から徒歩2分',
  },
};

const demoCourses: DemoCourse[] = [
  {
    type: 'public_lecture',
    title: '協同労働ってなに？ はじめての公開講座',
    audience: 'どなたでも。協同組合や協同労働に関心のある方',
    description:
      '働く人どうしが出資し、話し合って経営し、ともに働く「協同労働」。労働者協同組合法のしくみと、地域の実例をやさしく紹介します。',
    prefectureCode: '13',
    capacity: 30,
    feeYen: 0,
    feeWaiver: '',
    sessions: [{ inDays: 6, start: '14:00', end: '16:00' }],
    enrolled: 12,
    bySecretariat: true,
  },
  {
    type: 'job_creation',
    title: '仕事おこし講座 ― 仲間と地域で仕事をつくる（全4回）',
    audience: '地域で仕事をつくりたい方、求職中の方、定年後に地域で働きたい方',
    description:
      '地域の困りごとから仕事を考え、仲間づくり、事業計画、出資、設立の手続きまでを4回で学びます。修了後は事務局が立ち上げを伴走します。',
    prefectureCode: '14',
    capacity: 16,
    feeYen: 4000,
    feeWaiver: '受講料無料：求職中の方・生活保護を受けている方',
    sessions: [
      { inDays: 9, start: '13:30', end: '16:30' },
      { inDays: 16, start: '13:30', end: '16:30' },
      { inDays: 23, start: '13:30', end: '16:30', online: true },
      { inDays: 30, start: '13:30', end: '16:30' },
    ],
    enrolled: 20,
    bySecretariat: true,
  },
  {
    type: 'qualification',
    title: '介護職員初任者研修（受講料補助あり）',
    audience: '介護の仕事をはじめたい方。未経験の方歓迎',
    description:
      '介護の仕事に必要な基礎を学ぶ130時間の研修のうち、はじめの2回の説明・演習の日程です。修了後、ワーカーズコープの事業所で働く道があります。',
    prefectureCode: '27',
    capacity: 12,
    feeYen: 60000,
    feeWaiver: '修了後にワーカーズコープで働く方は受講料を全額補助',
    sessions: [
      { inDays: 12, start: '09:30', end: '16:30' },
      { inDays: 13, start: '09:30', end: '16:30' },
    ],
    enrolled: 12,
    bySecretariat: false,
  },
  {
    type: 'supporter_dementia',
    title: '認知症サポーター養成講座',
    audience: '地域の方、お店や職場で働く方',
    description: '認知症について正しく知り、地域で見守り、手助けするための90分の講座です。',
    prefectureCode: '01',
    capacity: 40,
    feeYen: 0,
    feeWaiver: '',
    sessions: [{ inDays: 4, start: '10:00', end: '11:30' }],
    enrolled: 8,
    bySecretariat: false,
  },
  {
    type: 'supporter_childcare',
    title: '子育てサポーター養成講座（全3回）',
    audience: '地域で子育てを応援したい方',
    description:
      '子どもの発達、安全、保護者との関わり方を学び、子育てひろばや放課後の居場所で活動できるようにします。',
    prefectureCode: '40',
    capacity: 20,
    feeYen: 1500,
    feeWaiver: '教材費のみ。生活保護を受けている方は無料',
    sessions: [
      { inDays: 10, start: '10:00', end: '12:00' },
      { inDays: 17, start: '10:00', end: '12:00' },
      { inDays: 24, start: '10:00', end: '12:00', required: false },
    ],
    enrolled: 23,
    bySecretariat: false,
  },
  {
    type: 'supporter_living',
    title: 'くらしのサポーター養成講座（オンライン）',
    audience: '買い物や家事の手助けなど、近所のくらしを支えたい方',
    description:
      '高齢の方や子育て中の家庭の、ちょっとした困りごとを手伝う「くらしのサポーター」の心がまえと実際を学びます。',
    prefectureCode: '04',
    capacity: 25,
    feeYen: 0,
    feeWaiver: '',
    sessions: [
      { inDays: 8, start: '19:00', end: '20:30', online: true },
      { inDays: 15, start: '19:00', end: '20:30', online: true },
    ],
    enrolled: 5,
    bySecretariat: false,
  },
  {
    type: 'donated',
    title: '寄付講座「協同組合と地域の未来」（大学生向け）',
    audience: '大学生・専門学校生',
    description: '協同組合の現場で働く人をゲストに招き、地域の仕事と協同のかたちを考えます。',
    prefectureCode: '13',
    capacity: 60,
    feeYen: 0,
    feeWaiver: '',
    sessions: [
      { inDays: 14, start: '10:40', end: '12:10' },
      { inDays: 21, start: '10:40', end: '12:10' },
    ],
    enrolled: 35,
    bySecretariat: true,
  },
  {
    type: 'outreach',
    title: '出前講座「はたらくってなんだろう」（高校生向け）',
    audience: '高校生',
    description: '学校に出向いて、協同組合で働く人の話と、仕事を自分たちでつくるワークショップを行います。',
    prefectureCode: '27',
    capacity: 10,
    feeYen: 0,
    feeWaiver: '',
    sessions: [{ inDays: 19, start: '13:20', end: '15:10' }],
    enrolled: 14,
    bySecretariat: true,
  },
];

/** The day itself, or the next day that is neither a national holiday nor in the New Year break. */
function workingDay(isoDate: string): string {
  let day = isoDate;
  const newYearBreak = (date: string) => /-12-(29|30|31)$|-01-0[1-3]$/.test(date);
  while (holidayJp.isHoliday(new Date(`${day}T00:00:00+09:00`)) || newYearBreak(day)) day = addDays(day, 1);
  return day;
}

const nicknames = [
  'さくら',
  'たろう',
  'みどり',
  'ひかる',
  'ゆうき',
  'あおい',
  'はると',
  'けい',
  'なな',
  'しん',
];

/**
 * Demo courses of every type across several prefectures, with sessions in the coming weeks and some full
 * with a waitlist, so a newcomer sees a living catalogue. Runs once, after the demo accounts (it needs the
 * secretariat); does nothing if courses exist.
 */
export async function seedDemoCourses(db: Db, now = new Date()): Promise<number> {
  const [existing] = await db.select({ id: coursesTable.id }).from(coursesTable).limit(1);
  if (existing) return 0;
  const [secretariat] = await db
    .select({ id: organisationsTable.id })
    .from(organisationsTable)
    .where(eq(organisationsTable.kind, 'secretariat'))
    .orderBy(asc(organisationsTable.id))
    .limit(1);
  const coops = await db
    .select({ id: organisationsTable.id, prefectureCode: organisationsTable.prefectureCode })
    .from(organisationsTable)
    .where(and(eq(organisationsTable.kind, 'coop'), eq(organisationsTable.approvalState, 'approved')))
    .orderBy(asc(organisationsTable.id));
  if (!secretariat || coops.length === 0) return 0;
  const today = todayInTokyo(now);
  let coopIndex = 0;
  for (const demo of demoCourses) {
    // A co-op's course is run by a co-op of that prefecture where the demo data has one.
    const local = coops.find((coop) => coop.prefectureCode === demo.prefectureCode);
    const organisationId = demo.bySecretariat
      ? secretariat.id
      : (local?.id ?? coops[coopIndex++ % coops.length]?.id ?? secretariat.id);
    await db.transaction(async (tx) => {
      const [course] = await tx
        .insert(coursesTable)
        .values({
          organisationId,
          type: demo.type,
          status: 'published',
          title: demo.title,
          audience: demo.audience,
          description: demo.description,
          prefectureCode: demo.prefectureCode,
          capacity: demo.capacity,
          feeYen: demo.feeYen,
          feeWaiver: demo.feeWaiver,
          placementCounter: demo.enrolled,
          createdAt: now,
          updatedAt: now,
          publishedAt: now,
        })
        .returning({ id: coursesTable.id });
      if (!course) return;
      const venue = venues[demo.prefectureCode] ?? venues['13'];
      await tx.insert(courseSessionsTable).values(
        demo.sessions.map((session) => ({
          courseId: course.id,
          date: workingDay(addDays(today, session.inDays)),
          startTime: session.start,
          endTime: session.end,
          online: session.online ?? false,
          venueName: session.online ? '' : (venue?.venueName ?? ''),
          address: session.online ? '' : (venue?.address ?? ''),
          access: session.online ? '' : (venue?.access ?? ''),
          onlineUrl: session.online ? 'https://meet.example.jp/yoishigoto-course' : '',
          required: session.required ?? true,
        })),
      );
      if (demo.enrolled === 0) return;
      await tx.insert(courseEnrolmentsTable).values(
        Array.from({ length: demo.enrolled }, (_, index) => ({
          courseId: course.id,
          nickname: `${nicknames[index % nicknames.length]}${index + 1}`,
          email: `demo-course${course.id}-${index + 1}@example.jp`,
          state: index < demo.capacity ? ('confirmed' as const) : ('waitlisted' as const),
          queueNumber: index + 1,
          formId: randomToken(18),
          manageTokenHash: sha256(randomToken()),
          createdAt: now,
          placedAt: now,
        })),
      );
    });
  }
  return demoCourses.length;
}
