import type { Db } from '../../src/db/client.js';
import {
  type CoopGovernance,
  coopGovernanceTable,
  type JobPosting,
  type NewCoopGovernance,
  type NewOrganisation,
  type NewWorkplace,
  type Organisation,
  organisationsTable,
  type Workplace,
  workplacesTable,
} from '../../src/db/schema/index.js';
import { addDays, todayInTokyo } from '../../src/lib/dates.js';
import { createJobPosting, type JobPostingInput } from '../../src/modules/postings/postings.row.js';

let sequence = 0;
const next = () => ++sequence;

export async function createOrganisation(
  db: Db,
  overrides: Partial<NewOrganisation> = {},
): Promise<Organisation> {
  const n = next();
  const [organisation] = await db
    .insert(organisationsTable)
    .values({
      kind: 'coop',
      legalForm: 'workers_coop',
      name: `テスト協同組合${n}`,
      nameKana: `てすときょうどうくみあい${n}`,
      description: '',
      prefectureCode: '13',
      approvalState: 'approved',
      ...overrides,
    })
    .returning();
  return organisation as Organisation;
}

export async function createGovernance(
  db: Db,
  organisationId: number,
  overrides: Partial<NewCoopGovernance> = {},
): Promise<CoopGovernance> {
  const [governance] = await db
    .insert(coopGovernanceTable)
    .values({
      organisationId,
      memberCount: 24,
      workerCount: 30,
      decisionMaking: '総会で決めます',
      shareAmountYen: 10000,
      sharesRequired: 5,
      surplusByWorkShare: true,
      foundedUnder2022Law: true,
      foundedYear: 2023,
      ...overrides,
    })
    .returning();
  return governance as CoopGovernance;
}

export async function createWorkplace(
  db: Db,
  organisationId: number,
  overrides: Partial<NewWorkplace> = {},
): Promise<Workplace> {
  const n = next();
  const [workplace] = await db
    .insert(workplacesTable)
    .values({
      organisationId,
      name: `テスト事業所${n}`,
      postalCode: '100-0001',
      prefectureCode: '13',
      municipalityCode: '131016', // 千代田区
      addressLine: '千代田1-1',
      nearestStation: '東京駅',
      walkMinutes: 5,
      ...overrides,
    })
    .returning();
  return workplace as Workplace;
}

/** A complete, published, open posting; override any field. Text fields avoid common words on purpose. */
export async function createPosting(
  db: Db,
  workplaceId: number,
  overrides: Partial<JobPostingInput> = {},
): Promise<JobPosting> {
  const today = todayInTokyo();
  return createJobPosting(db, {
    workplaceId,
    status: 'published',
    title: 'テスト職',
    occupation: 'テスト',
    field: 'facility_management',
    duties: 'テスト用の仕事内容です。',
    changeScope: 'テスト用の変更の範囲',
    employmentForm: 'part_time',
    contractType: 'indefinite',
    // Above every prefecture's FY2025 minimum wage (highest: Tokyo, ¥1,226), so the posting can be published.
    wageMin: 1250,
    wageMax: 1400,
    wageUnit: 'hour',
    workStart: '09:00',
    workEnd: '17:00',
    breakMinutes: 60,
    weeklyHours: 35,
    workDays: '月〜金',
    daysOff: 'テスト用の休日',
    requirements: '',
    welcomeTags: [],
    postedOn: today,
    validThrough: addDays(today, 30),
    ...overrides,
  });
}

/** An organisation with one workplace, the usual starting point for a posting. */
export async function createCoopWithWorkplace(
  db: Db,
  organisation: Partial<NewOrganisation> = {},
  workplace: Partial<NewWorkplace> = {},
) {
  const org = await createOrganisation(db, organisation);
  const place = await createWorkplace(db, org.id, workplace);
  return { organisation: org, workplace: place };
}
