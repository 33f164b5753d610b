import { pgEnum } from 'drizzle-orm/pg-core';

// Value lists are shared by pgEnum (the database) and z.enum (forms and query strings).

export const organisationKinds = ['coop', 'school', 'support', 'secretariat'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];
export const organisationKindEnum = pgEnum('organisation_kind', organisationKinds);

export const legalForms = [
  'workers_coop', // 労働者協同組合
  'enterprise_union', // 企業組合
  'consumer_coop', // 生活協同組合
  'agricultural_coop', // 農業協同組合
  'npo', // NPO法人
  'general_association', // 一般社団法人
  'social_welfare', // 社会福祉法人
  'school_corporation', // 学校法人
  'local_government', // 地方公共団体
  'voluntary', // 任意団体
  'other',
] as const;
export type LegalForm = (typeof legalForms)[number];
export const legalFormEnum = pgEnum('legal_form', legalForms);

export const approvalStates = ['pending', 'approved', 'declined'] as const;
export type ApprovalState = (typeof approvalStates)[number];
export const approvalStateEnum = pgEnum('approval_state', approvalStates);

/** 事業分野: what co-ops really do (DESIGN.md §3). */
export const jobFields = [
  'elderly_care', // 高齢者介護
  'disability_support', // 障がい者支援
  'childcare', // 子育て支援
  'food_agriculture', // 食・農
  'building_maintenance', // ビルメンテナンス・清掃
  'logistics', // 物流
  'employment_support', // 自立支援・就労支援
  'community_space', // 居場所・カフェ・子ども食堂
  'facility_management', // 施設管理（指定管理）
  'office', // 事務
] as const;
export type JobField = (typeof jobFields)[number];
export const jobFieldEnum = pgEnum('job_field', jobFields);

/** 雇用形態 / 就業形態. */
export const employmentForms = [
  'member_worker', // 組合員（労働契約あり）
  'regular', // 正職員
  'part_time', // パート・アルバイト
  'fixed_term', // 契約職員（有期）
  'support_b', // 就労継続支援B型
] as const;
export type EmploymentForm = (typeof employmentForms)[number];
export const employmentFormEnum = pgEnum('employment_form', employmentForms);

export const contractTypes = ['indefinite', 'fixed'] as const;
export type ContractType = (typeof contractTypes)[number];
export const contractTypeEnum = pgEnum('contract_type', contractTypes);

export const wageUnits = ['hour', 'day', 'month'] as const;
export type WageUnit = (typeof wageUnits)[number];
export const wageUnitEnum = pgEnum('wage_unit', wageUnits);

/** draft → in_review (organisations not yet trusted) → published → closed | filled. */
export const postingStatuses = ['draft', 'in_review', 'published', 'closed', 'filled'] as const;
export type PostingStatus = (typeof postingStatuses)[number];
export const postingStatusEnum = pgEnum('posting_status', postingStatuses);

/** What a posting welcomes (歓迎). Stored as text[] so new tags need no migration. */
export const welcomeTags = [
  'beginner', // 未経験歓迎
  'short_hours', // 短時間可
  'senior', // シニア歓迎
  'foreign_residents', // 外国籍の方歓迎
  'disability', // 障がいのある方歓迎
  'career_gap', // ブランクのある方歓迎
  'students', // 学生歓迎
] as const;
export type WelcomeTag = (typeof welcomeTags)[number];

/** The engagements a posting accepts before anyone applies. */
export const engagementKinds = ['visit', 'experience', 'short_trial'] as const;
export type EngagementKind = (typeof engagementKinds)[number];
