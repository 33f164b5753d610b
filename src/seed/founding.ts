import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  cofounderCardsTable,
  type FoundingStage,
  foundingChecksTable,
  foundingGroupsTable,
  foundingMembersTable,
  foundingMilestonesTable,
  foundingStages,
  type JobField,
  membershipsTable,
  usersTable,
} from '../db/schema/index.js';
import { hashPassword } from '../lib/passwords.js';
import { randomToken } from '../lib/secrets.js';
import { CARD_DAYS, stageChecklists } from '../modules/founding/founding.rules.js';
import { DEMO_FOUNDER_EMAIL, DEMO_PASSWORD, DEMO_SECRETARIAT_EMAIL, DEMO_STAFF_EMAIL } from './accounts.js';

const DAY = 86_400_000;

interface DemoGroup {
  name: string;
  field: JobField;
  prefectureCode: string;
  municipality: string;
  idea: string;
  stage: FoundingStage;
  supporter: 'secretariat' | 'staff' | null;
  withFounderDemo: boolean;
  names: string[];
  /** Days ago the group asked for accompaniment; stages are dated between then and today. */
  startedDaysAgo: number;
}

const groups: DemoGroup[] = [
  {
    name: 'みんなの食堂ワーカーズ（仮称）',
    field: 'community_space',
    prefectureCode: '13',
    municipality: '豊島区',
    idea: '商店街の空き店舗で、子どもから高齢の方まで誰でも来られる食堂を開きたい。昼は配食、夕方は子ども食堂にして、仲間の働く場にします。',
    stage: 'business_plan',
    supporter: 'secretariat',
    withFounderDemo: true,
    names: ['山田 花子', '佐藤 健'],
    startedDaysAgo: 120,
  },
  {
    name: 'あおば介護ワーカーズ',
    field: 'elderly_care',
    prefectureCode: '04',
    municipality: '仙台市青葉区',
    idea: '訪問介護の経験者4人で、地域の高齢の方の暮らしを支える訪問介護と生活支援の事業を始める。',
    stage: 'operating',
    supporter: 'staff',
    withFounderDemo: false,
    names: ['高橋 和子', '伊藤 誠', '渡辺 由美', '小林 直樹'],
    startedDaysAgo: 540,
  },
  {
    name: 'さとやま農園の会',
    field: 'food_agriculture',
    prefectureCode: '20',
    municipality: '上田市',
    idea: '耕作放棄地を借りて野菜を育て、加工品づくりと直売所で、若い人と移住者の仕事をつくる。',
    stage: 'registration',
    supporter: 'staff',
    withFounderDemo: false,
    names: ['中村 大地', '加藤 みのり', '吉田 翔'],
    startedDaysAgo: 300,
  },
  {
    name: 'ひまわり子育てひろば準備会',
    field: 'childcare',
    prefectureCode: '14',
    municipality: '横浜市港北区',
    idea: '仕事おこし講座で出会った3人で、放課後の子どもの居場所と一時預かりを始めたい。',
    stage: 'consultation',
    supporter: null,
    withFounderDemo: true,
    names: ['松本 さくら'],
    startedDaysAgo: 6,
  },
];

const cards: {
  email: string;
  name: string;
  nickname: string;
  prefectureCode: string;
  municipality: string;
  field: JobField;
  wish: string;
  availability: string;
  daysAgo: number;
}[] = [
  {
    email: DEMO_FOUNDER_EMAIL,
    name: '仕事おこしデモ',
    nickname: 'ゆう',
    prefectureCode: '13',
    municipality: '豊島区',
    field: 'community_space',
    wish: '子ども食堂と配食をいっしょに仕事にしてくれる仲間、とくに調理の経験がある方をさがしています。',
    availability: '平日の午後、週2日くらい',
    daysAgo: 10,
  },
  {
    email: 'nakama1@yoishigoto.example.jp',
    name: '仲間さがしデモ1',
    nickname: 'はるさん',
    prefectureCode: '27',
    municipality: '大阪市北区',
    field: 'building_maintenance',
    wish: 'ビル清掃の仕事を20年してきました。定年のあと、仲間と清掃の協同組合をつくりたいです。',
    availability: '土日以外ならいつでも',
    daysAgo: 3,
  },
  {
    email: 'nakama2@yoishigoto.example.jp',
    name: '仲間さがしデモ2',
    nickname: 'みどり',
    prefectureCode: '14',
    municipality: '横浜市港北区',
    field: 'childcare',
    wish: '放課後の子どもの居場所づくりに関わりたい。保育士の資格があります。',
    availability: '平日の夕方',
    daysAgo: 21,
  },
  {
    email: 'nakama3@yoishigoto.example.jp',
    name: '仲間さがしデモ3',
    nickname: 'たけし',
    prefectureCode: '40',
    municipality: '福岡市博多区',
    field: 'food_agriculture',
    wish: '農業と加工品づくりで、ひきこもりの経験がある若い人とも一緒に働ける場をつくりたい。',
    availability: '月に2〜3回、週末',
    daysAgo: 40,
  },
];

/**
 * Demo founding groups at different stages (one in business, one waiting for a supporter) and a few
 * co-founder cards, so the founding pages and the console are not empty. Called after the demo accounts.
 */
export async function seedDemoFounding(db: Db): Promise<void> {
  const now = new Date();
  const people = await db
    .select({ id: usersTable.id, email: usersTable.email, name: usersTable.displayName })
    .from(usersTable)
    .where(inArray(usersTable.email, [DEMO_FOUNDER_EMAIL, DEMO_SECRETARIAT_EMAIL, DEMO_STAFF_EMAIL]));
  const byEmail = new Map(people.map((person) => [person.email, person]));
  const founder = byEmail.get(DEMO_FOUNDER_EMAIL);
  const membershipOf = async (email: string) => {
    const user = byEmail.get(email);
    if (!user) return null;
    const [membership] = await db
      .select({ organisationId: membershipsTable.organisationId })
      .from(membershipsTable)
      .where(eq(membershipsTable.userId, user.id));
    return membership ? { userId: user.id, organisationId: membership.organisationId } : null;
  };
  const supporters = {
    secretariat: await membershipOf(DEMO_SECRETARIAT_EMAIL),
    staff: await membershipOf(DEMO_STAFF_EMAIL),
  };

  for (const demo of groups) {
    const started = new Date(now.getTime() - demo.startedDaysAgo * DAY);
    const supporter = demo.supporter ? supporters[demo.supporter] : null;
    const [group] = await db
      .insert(foundingGroupsTable)
      .values({
        name: demo.name,
        field: demo.field,
        prefectureCode: demo.prefectureCode,
        municipality: demo.municipality,
        idea: demo.idea,
        stage: demo.stage,
        supporterUserId: supporter?.userId ?? null,
        supporterOrganisationId: supporter?.organisationId ?? null,
        requestedBy: demo.withFounderDemo ? (founder?.id ?? null) : null,
        formId: randomToken(18),
        createdAt: started,
        updatedAt: now,
      })
      .returning({ id: foundingGroupsTable.id });
    if (!group) continue;
    const members = [
      ...(demo.withFounderDemo && founder ? [{ userId: founder.id, name: founder.name }] : []),
      ...demo.names.map((name) => ({ userId: null, name })),
    ];
    await db
      .insert(foundingMembersTable)
      .values(members.map((member) => ({ groupId: group.id, ...member, founder: true, addedAt: started })));
    // Every stage before the current one is done and dated; the current one is half done.
    const reached = foundingStages.slice(0, foundingStages.indexOf(demo.stage) + 1);
    const step = demo.startedDaysAgo / Math.max(1, reached.length);
    await db.insert(foundingMilestonesTable).values(
      reached.map((stage, index) => ({
        groupId: group.id,
        stage,
        date: new Date(started.getTime() + index * step * DAY).toISOString().slice(0, 10),
        notes: index === 0 ? '協同会館の相談窓口で最初の相談。' : '',
        updatedAt: now,
      })),
    );
    const done = reached.flatMap((stage) =>
      stage === demo.stage && stage !== 'operating'
        ? stageChecklists[stage].slice(0, Math.ceil(stageChecklists[stage].length / 2))
        : stageChecklists[stage],
    );
    if (done.length)
      await db
        .insert(foundingChecksTable)
        .values(
          done.map((item) => ({ groupId: group.id, item, doneAt: now, doneBy: supporter?.userId ?? null })),
        );
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const card of cards) {
    let owner = card.email === DEMO_FOUNDER_EMAIL ? founder : undefined;
    if (!owner) {
      const [created] = await db
        .insert(usersTable)
        .values({
          email: card.email,
          displayName: card.name,
          passwordHash,
          locale: 'ja',
          emailVerifiedAt: now,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: usersTable.id, email: usersTable.email, name: usersTable.displayName });
      owner = created;
    }
    if (!owner) continue;
    const renewed = new Date(now.getTime() - card.daysAgo * DAY);
    await db.insert(cofounderCardsTable).values({
      userId: owner.id,
      nickname: card.nickname,
      prefectureCode: card.prefectureCode,
      municipality: card.municipality,
      field: card.field,
      wish: card.wish,
      availability: card.availability,
      formId: randomToken(18),
      createdAt: renewed,
      renewedAt: renewed,
      expiresAt: new Date(renewed.getTime() + CARD_DAYS * DAY),
    });
  }
}
