/** What is searched for: shared by the load rows and the EXPLAIN ANALYZE checks. */
export const keywords = {
  oneChar: ['介', '調', '事', '清'],
  twoChar: ['介護', '事務', '調理', '清掃'],
  threePlus: ['介護職員', '放課後児童', '配送センター'],
};

/** Structured filters only (no keyword): each is one GIN lookup of filter tokens. */
export const filterQueries = [
  'pref=13&field=elderly_care&visit=1',
  'pref=27&field=childcare',
  'pref=14&form=part_time&short=1',
  'pref=11&field=food_agriculture&trial=1',
];

/** Kana and romaji: found through the reading terms (かいご → 介護). */
export const readingKeywords = ['かいご', 'kaigo', 'せいそう', 'ほいく'];

/** A keyword with structured filters: one GIN lookup of both. */
export const keywordFilterQueries = [
  'q=介護&pref=13',
  'q=調理&pref=27&short=1',
  'q=事務&pref=14',
  'q=清掃&field=building_maintenance&pref=11',
];

/** The deepest page there is: of every open posting (newest first), and of a very common word. */
export const deepPage = 'page=400';
export const deepKeywordPage = 'q=介護&page=10';
