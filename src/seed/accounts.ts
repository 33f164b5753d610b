import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { membershipsTable, organisationsTable, usersTable } from '../db/schema/index.js';
import { hashPassword } from '../lib/passwords.js';
import { secretariatOrganisation } from '../modules/accounts/admin.service.js';

/** The documented demo password (README.md). Demo data only: never seeded into a database in use. */
export const DEMO_PASSWORD = 'yoishigoto-demo-2026';
export const DEMO_SECRETARIAT_EMAIL = 'secretariat@yoishigoto.example.jp';
export const DEMO_STAFF_EMAIL = 'staff@yoishigoto.example.jp';
export const DEMO_SCHOOL_EMAIL = 'school@yoishigoto.example.jp';
export const DEMO_COUNSELOR_EMAIL = 'counselor@yoishigoto.example.jp';
/** A person preparing a co-op: a member of two demo founding groups, with a co-founder card. */
export const DEMO_FOUNDER_EMAIL = 'founder@yoishigoto.example.jp';

/**
 * Demo accounts (secretariat and co-op staff), documented in README.md: the secretariat organisation
 * with its admin, and an admin of the first demo co-op. Called only when the database was empty
 * (seedDemoIfEmpty), after the demo co-ops were created.
 */
export async function seedDemoAccounts(db: Db): Promise<void> {
  const [seeded] = await db
    .select({ id: usersTable.id })
    .from(usersTable)
    .where(eq(usersTable.email, DEMO_SECRETARIAT_EMAIL));
  if (seeded) return;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date();
  await db.transaction(async (tx) => {
    const [secretariat] = await tx
      .insert(organisationsTable)
      .values({
        ...secretariatOrganisation,
        description: '参加団体の承認、求人の審査、講座や相談交流会の運営を行う事務局です。',
        contactEmail: 'info@yoishigoto.example.jp',
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: organisationsTable.id });
    const [firstCoop] = await tx
      .select({ id: organisationsTable.id })
      .from(organisationsTable)
      .where(and(eq(organisationsTable.kind, 'coop'), eq(organisationsTable.approvalState, 'approved')))
      .orderBy(asc(organisationsTable.id))
      .limit(1);

    const people = [
      { email: DEMO_SECRETARIAT_EMAIL, displayName: '事務局デモ', organisationId: secretariat?.id },
      { email: DEMO_STAFF_EMAIL, displayName: '協同組合スタッフデモ', organisationId: firstCoop?.id },
      { email: DEMO_FOUNDER_EMAIL, displayName: '仕事おこしデモ', organisationId: undefined },
    ];
    for (const person of people) {
      const [user] = await tx
        .insert(usersTable)
        .values({
          email: person.email,
          displayName: person.displayName,
          passwordHash,
          locale: 'ja',
          emailVerifiedAt: now,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: usersTable.id });
      if (!user || person.organisationId === undefined) continue;
      await tx
        .insert(membershipsTable)
        .values({ userId: user.id, organisationId: person.organisationId, role: 'admin', createdAt: now })
        .onConflictDoNothing();
    }
  });
}

/**
 * The demo counselor (README.md): staff of an approved support organisation (自立相談支援機関), whose
 * workspace has the caseload. Returns the organisation and the user, or null when already seeded.
 */
export async function seedDemoCounselor(db: Db): Promise<{ organisationId: number; userId: number } | null> {
  const [seeded] = await db
    .select({ id: usersTable.id })
    .from(usersTable)
    .where(eq(usersTable.email, DEMO_COUNSELOR_EMAIL));
  if (seeded) return null;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date();
  return db.transaction(async (tx) => {
    const [support] = await tx
      .insert(organisationsTable)
      .values({
        kind: 'support',
        legalForm: 'npo',
        name: 'NPO法人 みなと自立相談支援センター',
        nameKana: 'みなとじりつそうだんしえんせんたー',
        description: '生活や仕事の困りごとの相談を受け、就労に向けて一緒に歩む自立相談支援機関です。',
        prefectureCode: '13',
        contactEmail: 'soudan@minato-support.example.jp',
        contactPhone: '03-0000-1234',
        approvalState: 'approved',
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: organisationsTable.id });
    const [user] = await tx
      .insert(usersTable)
      .values({
        email: DEMO_COUNSELOR_EMAIL,
        displayName: '相談員デモ',
        passwordHash,
        locale: 'ja',
        emailVerifiedAt: now,
        createdAt: now,
      })
      .returning({ id: usersTable.id });
    if (!support || !user) throw new Error('demo counselor not created');
    await tx
      .insert(membershipsTable)
      .values({ userId: user.id, organisationId: support.id, role: 'admin', createdAt: now });
    return { organisationId: support.id, userId: user.id };
  });
}

/**
 * A demo school (an approved `school` organisation) with its coordinator, an admin, so the school's side of
 * group visits and internships can be tried (issue 9). Its requests are seeded by seed/school-requests.ts.
 */
export async function seedDemoSchoolAccount(db: Db): Promise<number | null> {
  const [seeded] = await db
    .select({ id: usersTable.id })
    .from(usersTable)
    .where(eq(usersTable.email, DEMO_SCHOOL_EMAIL));
  if (seeded) return null;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date();
  return db.transaction(async (tx) => {
    const [school] = await tx
      .insert(organisationsTable)
      .values({
        kind: 'school',
        legalForm: 'local_government',
        name: 'あおば市立みなみ中学校',
        nameKana: 'あおばしりつみなみちゅうがっこう',
        description: '2年生の職場体験学習を、地域の協同組合にお願いしています。',
        contactEmail: 'office@minami-jh.example.jp',
        contactPhone: '03-0000-1234',
        prefectureCode: '13',
        approvalState: 'approved',
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: organisationsTable.id });
    if (!school) return null;
    const [user] = await tx
      .insert(usersTable)
      .values({
        email: DEMO_SCHOOL_EMAIL,
        displayName: '進路指導デモ（みなみ中）',
        passwordHash,
        locale: 'ja',
        emailVerifiedAt: now,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: usersTable.id });
    if (user)
      await tx
        .insert(membershipsTable)
        .values({ userId: user.id, organisationId: school.id, role: 'admin', createdAt: now })
        .onConflictDoNothing();
    return school.id;
  });
}
