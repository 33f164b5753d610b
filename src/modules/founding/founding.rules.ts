import { type FoundingStage, foundingStages } from '../../db/schema/founding.js';

/**
 * The 労働者協同組合法 (in force 2022-10-01) lets three people found a workers' co-op by registration:
 * a group needs three founders (発起人) before its 創立総会.
 */
export const MIN_FOUNDERS = 3;

/** The first stage that needs the three founders. */
export const FOUNDERS_NEEDED_FROM: FoundingStage = 'founding_assembly';

/** An invitation link to join a group stays valid this long. */
export const INVITATION_DAYS = 14;

/**
 * What each stage needs, as checklist item keys (words in `founding.check.<key>`). The order is the
 * order the group usually does them in. A group moves on once its stage's list is done.
 */
export const stageChecklists: Record<FoundingStage, readonly string[]> = {
  consultation: ['idea_shared', 'course_or_study', 'companions'],
  preparatory_meeting: ['meeting_held', 'roles_agreed', 'founders_agreed'],
  business_plan: ['business_plan', 'budget', 'articles_draft', 'capital_plan'],
  founding_assembly: ['assembly_notice', 'articles_adopted', 'plan_adopted', 'officers_elected', 'minutes'],
  capital: ['handover', 'capital_paid'],
  registration: ['registration_documents', 'registered'],
  notification: ['authority_notice', 'tax_notice', 'insurance_notice'],
  operating: ['started', 'first_general_meeting'],
};

export const allChecklistItems: readonly string[] = Object.values(stageChecklists).flat();

export function stageIndex(stage: FoundingStage): number {
  return foundingStages.indexOf(stage);
}

export function nextStage(stage: FoundingStage): FoundingStage | null {
  return foundingStages[stageIndex(stage) + 1] ?? null;
}

export function previousStage(stage: FoundingStage): FoundingStage | null {
  const index = stageIndex(stage);
  return index > 0 ? (foundingStages[index - 1] ?? null) : null;
}

/** The items of a stage still open, given the keys done. */
export function openItems(stage: FoundingStage, done: ReadonlySet<string>): string[] {
  return stageChecklists[stage].filter((item) => !done.has(item));
}

export type StageMoveProblem =
  | { key: 'founding.stage.notAdjacent' }
  | { key: 'founding.stage.checklistOpen'; params: { count: number } }
  | { key: 'founding.stage.needFounders'; params: { min: number; count: number } };

/**
 * Whether a group may move from `from` to `to`: one stage at a time; forward only with the current
 * stage's checklist done, and to 創立総会 or beyond only with three founders. Back one stage is always
 * allowed (a correction). Returns the problems, none when the move is allowed.
 */
export function stageMoveProblems(
  from: FoundingStage,
  to: FoundingStage,
  founders: number,
  done: ReadonlySet<string>,
): StageMoveProblem[] {
  if (to === previousStage(from)) return [];
  if (to !== nextStage(from)) return [{ key: 'founding.stage.notAdjacent' }];
  const problems: StageMoveProblem[] = [];
  const open = openItems(from, done).length;
  if (open > 0) problems.push({ key: 'founding.stage.checklistOpen', params: { count: open } });
  if (stageIndex(to) >= stageIndex(FOUNDERS_NEEDED_FROM) && founders < MIN_FOUNDERS)
    problems.push({ key: 'founding.stage.needFounders', params: { min: MIN_FOUNDERS, count: founders } });
  return problems;
}

/** Co-founder cards stay on the board this long unless renewed. */
export const CARD_DAYS = 60;
/** The owner is told this many days before a card comes down. */
export const CARD_NOTICE_DAYS = 7;
/** Answers one person may send through the relay per hour (all cards together). */
export const ANSWERS_PER_HOUR = 10;
