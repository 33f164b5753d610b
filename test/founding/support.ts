import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import {
  courseEnrolmentsTable,
  foundingGroupsTable,
  foundingMembersTable,
} from '../../src/db/schema/index.js';
import { randomToken, sha256 } from '../../src/lib/secrets.js';
import { createCourseRow } from '../courses/support.js';
import { createOrganisation } from '../helpers/factories.js';

export const formId = () => randomToken(18);

/** A 仕事おこし講座 with one confirmed enrolment of the user; returns its private link's token. */
export async function jobCreationEnrolment(db: Db, userId: number | null, email = 'learner@example.jp') {
  const organiser = await createOrganisation(db, { name: '仕事おこし講座の協同組合' });
  const { course } = await createCourseRow(db, organiser.id, {
    type: 'job_creation',
    title: '仕事おこし講座 入門',
  });
  const manageToken = randomToken();
  const [enrolment] = await db
    .insert(courseEnrolmentsTable)
    .values({
      courseId: course.id,
      userId,
      nickname: '受講者',
      email,
      state: 'confirmed',
      queueNumber: 1,
      formId: randomToken(18),
      manageTokenHash: sha256(manageToken),
      createdAt: new Date(),
      placedAt: new Date(),
    })
    .returning();
  return { course, enrolment: enrolment!, manageToken };
}

/** The group form filled in. */
export function groupForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    formId: formId(),
    name: 'みんなの食堂ワーカーズ（仮称）',
    field: 'community_space',
    prefectureCode: '13',
    municipality: '豊島区',
    idea: '商店街の空き店舗で、誰でも来られる食堂を開きたい。',
    ...overrides,
  };
}

export async function groupsIn(db: Db) {
  return db.select().from(foundingGroupsTable);
}

export async function membersOf(db: Db, groupId: number) {
  return db.select().from(foundingMembersTable).where(eq(foundingMembersTable.groupId, groupId));
}
