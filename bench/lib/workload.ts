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

export const deepPage = 'page=400';
