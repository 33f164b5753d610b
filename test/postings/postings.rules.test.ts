import { describe, expect, it } from 'vitest';
import {
  addMonths,
  applicableMinimumWage,
  checkPublishRules,
  contentProblem,
  findAgeLimit,
  findForbiddenTopic,
  minimumBreakMinutes,
  type PostingRuleInput,
  readNumber,
} from '../../src/modules/postings/postings.rules.js';

const complete: PostingRuleInput = {
  title: '配食サービスの調理スタッフ',
  occupation: '調理補助',
  duties: '高齢の方へのお弁当づくりと盛り付け',
  changeScope: '雇入れ直後：配食の調理／変更の範囲：法人の定める業務',
  employmentForm: 'part_time',
  contractType: 'indefinite',
  contractDetails: '',
  workplacePrefectureCode: '13',
  wageMin: 1300,
  wageMax: 1400,
  wageUnit: 'hour',
  allowances: '',
  commutingPay: '実費支給',
  workStart: '09:00',
  workEnd: '15:00',
  breakMinutes: 45,
  shiftNotes: '',
  weeklyHours: 20,
  workDays: '月〜金のうち週4日',
  overtime: 'なし',
  daysOff: '土日祝',
  insuranceEmployment: true,
  insuranceWorkersComp: true,
  insuranceHealth: false,
  insurancePension: false,
  requirements: '',
  membershipTerms: '',
  postedOn: '2026-11-01',
  validThrough: '2026-12-31',
};

const tokyo = [
  { hourlyYen: 1163, effectiveFrom: '2024-10-01' },
  { hourlyYen: 1226, effectiveFrom: '2025-10-03' },
];
const context = { today: '2026-11-01', minimumWages: tokyo, locale: 'ja' as const };
const check = (overrides: Partial<PostingRuleInput>) =>
  checkPublishRules({ ...complete, ...overrides }, context);

describe('age limits', () => {
  it.each([
    '35歳以下の方',
    '40歳まで',
    '２０代の方歓迎',
    '20代・30代が活躍中',
    '若い方歓迎',
    '65歳未満',
    '30歳位まで',
    '20〜35歳',
    '20歳から35歳まで',
    '三十五歳以下',
    '25歳以上',
    '35才以下',
    '若手募集',
    '若者歓迎',
    'シニアの方はお断り',
    'アラフォー世代',
    '30歳前後の方',
  ])('refuses %s', (text) => {
    expect(findAgeLimit(`応募条件：${text}。`)).not.toBeNull();
  });

  it.each([
    '年齢不問',
    'シニア歓迎',
    '60歳以上の方歓迎',
    '18歳以上（深夜業のため。労働基準法）',
    '18歳未満の方は応募できません',
    '65歳まで働けます（定年後も再雇用あり）',
    '0〜2歳児の保育',
    '3歳児クラスの担当',
    '10代の若者の居場所づくり',
    '若者の就労支援を行う仕事です',
    '若年者の相談にのります',
    '時給1,200円以上',
    '代表理事と一緒に働きます',
    '若い世代の子育て家庭を支えます',
    '',
  ])('accepts %s', (text) => {
    expect(findAgeLimit(text)).toBeNull();
  });

  it('names what it found', () => {
    expect(findAgeLimit('経験者優遇。35歳以下の方。')).toBe('35歳以下');
    expect(findAgeLimit('若い方が活躍中')).toBe('若い方');
  });

  it('reads numbers in any script', () => {
    expect(readNumber('35')).toBe(35);
    expect(readNumber('３５')).toBe(35);
    expect(readNumber('三十五')).toBe(35);
    expect(readNumber('二十')).toBe(20);
    expect(readNumber('十八')).toBe(18);
  });
});

describe('forbidden questions', () => {
  it.each([
    ['本籍地を履歴書に書いてください', '本籍地', 'background'],
    ['出身地を教えてください', '出身地', 'background'],
    ['面接で家族構成をお聞きします', '家族構成', 'background'],
    ['ご家族の職業を記入', '家族の職業', 'background'],
    ['両親の勤務先', '両親の勤務先', 'background'],
    ['生活環境について伺います', '生活環境', 'background'],
    ['宗教を確認します', '宗教', 'belief'],
    ['支持政党', '支持政党', 'belief'],
    ['尊敬する人物を面接で伺います', '尊敬する人物', 'belief'],
    ['購読新聞', '購読新聞', 'belief'],
    ['思想をお聞きします', '思想', 'belief'],
    ['戸籍謄本の提出', '戸籍謄本', 'screening'],
    ['本籍を記入、出身地は問いません', '本籍', 'background'],
  ])('refuses %s', (text, found, category) => {
    expect(findForbiddenTopic(text)).toEqual({ found, category });
  });

  it.each([
    '宗教不問',
    '学歴・国籍・宗教・思想は問いません',
    '出身地不問',
    '利用者の生活環境を整える仕事です',
    '子どもの家庭環境に寄り添います',
    'シニア歓迎',
    'アットホームな職場です',
  ])('accepts %s', (text) => {
    expect(findForbiddenTopic(text)).toBeNull();
  });
});

describe('publish rules', () => {
  it('accept a complete posting', () => {
    expect(check({})).toEqual({});
  });

  it.each([
    ['duties', { duties: '' }, 'posting.rule.required.duties'],
    ['contractType', { contractType: null }, 'posting.rule.required.contractType'],
    [
      'contractDetails',
      { contractType: 'fixed', contractDetails: ' ' },
      'posting.rule.required.contractDetails',
    ],
    ['workplaceId', { workplacePrefectureCode: null }, 'posting.rule.required.workplace'],
    ['workStart', { workStart: null }, 'posting.rule.required.workStart'],
    ['workEnd', { workEnd: null }, 'posting.rule.required.workEnd'],
    ['breakMinutes', { breakMinutes: null }, 'posting.rule.required.breakMinutes'],
    ['daysOff', { daysOff: '' }, 'posting.rule.required.daysOff'],
    ['wageMin', { wageMin: null }, 'posting.rule.required.wageMin'],
    ['wageUnit', { wageUnit: null }, 'posting.rule.required.wageUnit'],
    ['insuranceHealth', { insuranceHealth: null }, 'posting.rule.required.insurance'],
    ['changeScope', { changeScope: '' }, 'posting.rule.required.changeScope'],
    ['validThrough', { validThrough: null }, 'posting.rule.required.validThrough'],
  ] as const)('require %s', (field, overrides, key) => {
    const errors = check(overrides as Partial<PostingRuleInput>);
    expect(errors[field]?.key).toBe(key);
  });

  it('need the legal break for the hours worked', () => {
    expect(check({ workStart: '09:00', workEnd: '18:00', breakMinutes: 45 }).breakMinutes?.key).toBe(
      'posting.rule.breakOver8',
    );
    expect(check({ workStart: '09:00', workEnd: '16:00', breakMinutes: 30 }).breakMinutes?.key).toBe(
      'posting.rule.breakOver6',
    );
    expect(check({ workStart: '09:00', workEnd: '18:00', breakMinutes: 60 })).toEqual({});
    expect(check({ workStart: '09:00', workEnd: '13:00', breakMinutes: 0 })).toEqual({});
    // A night shift wraps past midnight: 22:00–08:00 is 9 hours of work after a 60-minute break.
    expect(minimumBreakMinutes('22:00', '08:00', 60)).toBe(60);
    expect(minimumBreakMinutes('22:00', '07:00', 60)).toBe(45);
  });

  it('refuse no workers’ accident insurance for employees, not for 就労継続支援B型', () => {
    expect(check({ insuranceWorkersComp: false }).insuranceWorkersComp?.key).toBe(
      'posting.rule.workersCompMandatory',
    );
    expect(check({ insuranceWorkersComp: false, employmentForm: 'support_b' })).toEqual({});
  });

  it('name the field and what was found for content problems', () => {
    const errors = check({ requirements: '20代の方', duties: '面接で尊敬する人物を伺います' });
    expect(errors.requirements).toEqual({ key: 'posting.rule.ageLimit', params: { found: '20代' } });
    expect(errors.duties).toEqual({
      key: 'posting.rule.forbidden.belief',
      params: { found: '尊敬する人物' },
    });
  });

  it('compare wages with the minimum wage in force, converting daily and monthly pay', () => {
    expect(check({ wageMin: 1226 })).toEqual({});
    expect(check({ wageMin: 1225 }).wageMin?.key).toBe('posting.rule.belowMinimumWage');
    expect(check({ wageMin: 1225 }).wageMin?.params).toMatchObject({ minimum: 1226, prefecture: '東京都' });
    // Before the 2025 rate took effect the 2024 rate applied, unless the posting runs into the new one.
    const lastYear = (overrides: Partial<PostingRuleInput>) =>
      checkPublishRules(
        { ...complete, postedOn: '2025-09-01', ...overrides },
        { ...context, today: '2025-09-01' },
      );
    expect(lastYear({ wageMin: 1170, validThrough: '2025-09-30' })).toEqual({});
    expect(lastYear({ wageMin: 1170, validThrough: '2025-10-31' }).wageMin?.params).toMatchObject({
      minimum: 1226,
    });
    // Daily: 9:00–18:00 with 60 min break is 8 hours; 8 × 1,226 = 9,808.
    const daily = {
      wageUnit: 'day',
      wageMax: null,
      workStart: '09:00',
      workEnd: '18:00',
      breakMinutes: 60,
    } as const;
    expect(check({ ...daily, wageMin: 9808 })).toEqual({});
    expect(check({ ...daily, wageMin: 9800 }).wageMin?.key).toBe('posting.rule.belowMinimumWageConverted');
    // Monthly: 40 hours a week is 173.3 hours a month; 1,226 an hour is 212,507 a month.
    const monthly = {
      wageUnit: 'month',
      wageMax: null,
      weeklyHours: 40,
      workStart: '09:00',
      workEnd: '18:00',
      breakMinutes: 60,
    } as const;
    expect(check({ ...monthly, wageMin: 212_600 })).toEqual({});
    expect(check({ ...monthly, wageMin: 200_000 }).wageMin?.key).toBe(
      'posting.rule.belowMinimumWageConverted',
    );
  });

  it('refuse publishing where no minimum wage is known', () => {
    expect(checkPublishRules(complete, { ...context, minimumWages: [] }).wageMin?.key).toBe(
      'posting.rule.minimumWageUnknown',
    );
  });

  it('keep the closing date after the posted date and within six months', () => {
    expect(check({ validThrough: '2026-11-01' }).validThrough?.key).toBe(
      'posting.rule.validThroughAfterPosted',
    );
    expect(check({ validThrough: '2027-05-01' })).toEqual({});
    expect(check({ validThrough: '2027-05-02' }).validThrough?.key).toBe('posting.rule.validThroughTooLate');
  });
});

describe('dates and rates', () => {
  it('adds months, keeping to the end of shorter months', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-01-15', 1)).toBe('2026-02-15');
  });

  it('picks the highest rate in force while the posting is open', () => {
    expect(applicableMinimumWage(tokyo, '2026-01-01', '2026-02-01')?.hourlyYen).toBe(1226);
    expect(applicableMinimumWage(tokyo, '2025-09-01', '2025-09-30')?.hourlyYen).toBe(1163);
    expect(applicableMinimumWage(tokyo, '2025-09-01', '2025-10-03')?.hourlyYen).toBe(1226);
    expect(applicableMinimumWage(tokyo, '2020-01-01', '2020-02-01')?.hourlyYen).toBe(1163);
    expect(applicableMinimumWage([], '2026-01-01', '2026-02-01')).toBeNull();
  });
});

describe('spelling variants', () => {
  it('finds 本籍 however it is written: kanji, hiragana, katakana, half-width', () => {
    for (const text of ['本籍を記入', 'ほんせきを記入', 'ホンセキを記入', 'ﾎﾝｾｷを記入', 'ﾎﾝｾｷﾁを記入']) {
      expect(contentProblem(text)?.key, text).toBe('posting.rule.forbidden.background');
    }
    expect(contentProblem('ｼｭｯｼﾝﾁを教えてください')?.key).toBe('posting.rule.forbidden.background');
    expect(contentProblem('しゅうきょうを伺います')?.key).toBe('posting.rule.forbidden.belief');
    expect(contentProblem('ｺｾｷ謄本を提出')?.key).toBe('posting.rule.forbidden.screening');
    // Saying it plays no part stays fine in every spelling.
    expect(contentProblem('ﾎﾝｾｷは問いません')).toBeNull();
  });

  it('finds age limits written in half-width or full-width characters', () => {
    for (const text of ['３５歳まで', 'ﾔﾝｸﾞ歓迎', '２０代の方']) {
      expect(contentProblem(text)?.key, text).toBe('posting.rule.ageLimit');
    }
    expect(contentProblem('ｼﾆｱ歓迎')).toBeNull();
  });
});
