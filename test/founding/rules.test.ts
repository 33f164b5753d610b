import { describe, expect, it } from 'vitest';
import { foundingStages } from '../../src/db/schema/index.js';
import { isMessageKey } from '../../src/i18n/index.js';
import {
  allChecklistItems,
  MIN_FOUNDERS,
  stageChecklists,
  stageMoveProblems,
} from '../../src/modules/founding/founding.rules.js';

const allDone = new Set(allChecklistItems);

describe('the stage machine', () => {
  it('moves one stage on with the checklist done, or one stage back', () => {
    expect(stageMoveProblems('consultation', 'preparatory_meeting', 1, allDone)).toEqual([]);
    expect(stageMoveProblems('business_plan', 'preparatory_meeting', 1, new Set())).toEqual([]);
    expect(stageMoveProblems('consultation', 'business_plan', 5, allDone)).toEqual([
      { key: 'founding.stage.notAdjacent' },
    ]);
    expect(stageMoveProblems('operating', 'consultation', 5, allDone)).toEqual([
      { key: 'founding.stage.notAdjacent' },
    ]);
  });

  it('keeps a group at its stage while that stage’s checklist is open', () => {
    const done = new Set(stageChecklists.consultation.slice(1));
    expect(stageMoveProblems('consultation', 'preparatory_meeting', 3, done)).toEqual([
      { key: 'founding.stage.checklistOpen', params: { count: 1 } },
    ]);
  });

  it('needs three founders for 創立総会 and every stage after it (労働者協同組合法)', () => {
    expect(MIN_FOUNDERS).toBe(3);
    expect(stageMoveProblems('business_plan', 'founding_assembly', 2, allDone)).toEqual([
      { key: 'founding.stage.needFounders', params: { min: 3, count: 2 } },
    ]);
    expect(stageMoveProblems('business_plan', 'founding_assembly', 3, allDone)).toEqual([]);
    expect(stageMoveProblems('capital', 'registration', 2, allDone)).toHaveLength(1);
    expect(stageMoveProblems('consultation', 'preparatory_meeting', 1, allDone)).toEqual([]);
  });

  it('has a checklist for every stage, each item in words in both languages', () => {
    for (const stage of foundingStages) {
      expect(stageChecklists[stage].length, stage).toBeGreaterThan(0);
      expect(isMessageKey(`founding.stage.${stage}`)).toBe(true);
    }
    expect(new Set(allChecklistItems).size).toBe(allChecklistItems.length);
    for (const item of allChecklistItems) expect(isMessageKey(`founding.check.${item}`), item).toBe(true);
    expect(stageChecklists.founding_assembly).toContain('articles_adopted');
    expect(stageChecklists.capital).toContain('capital_paid');
    expect(stageChecklists.registration).toContain('registered');
    expect(stageChecklists.notification).toContain('authority_notice');
  });
});
