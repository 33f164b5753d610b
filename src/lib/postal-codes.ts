/**
 * Which prefecture a postal code (郵便番号) belongs to, by its first three digits. Japan Post assigns the
 * leading digits by area, so each prefecture owns one or more ranges of them; a code outside its
 * prefecture's ranges is almost certainly mistyped. Ranges from Japan Post's postal code table (the few
 * three-digit areas that straddle a border are counted for the prefecture that holds most of them).
 */
const postalRanges: Record<string, Array<[number, number]>> = {
  '01': [[40, 99]],
  '02': [[30, 39]],
  '03': [[20, 29]],
  '04': [[980, 989]],
  '05': [[10, 19]],
  '06': [[990, 999]],
  '07': [[960, 979]],
  '08': [[300, 319]],
  '09': [[320, 329]],
  '10': [[370, 379]],
  '11': [[330, 369]],
  '12': [[260, 299]],
  '13': [[100, 209]],
  '14': [[210, 259]],
  '15': [[940, 959]],
  '16': [[930, 939]],
  '17': [[920, 929]],
  '18': [[910, 919]],
  '19': [[400, 409]],
  '20': [[380, 399]],
  '21': [[500, 509]],
  '22': [[410, 439]],
  '23': [[440, 499]],
  '24': [[510, 519]],
  '25': [[520, 529]],
  '26': [[600, 629]],
  '27': [[530, 599]],
  '28': [[650, 679]],
  '29': [[630, 639]],
  '30': [[640, 649]],
  '31': [[680, 689]],
  '32': [[690, 699]],
  '33': [[700, 719]],
  '34': [[720, 739]],
  '35': [[740, 759]],
  '36': [[770, 779]],
  '37': [[760, 769]],
  '38': [[790, 799]],
  '39': [[780, 789]],
  '40': [[800, 839]],
  '41': [[840, 849]],
  '42': [[850, 859]],
  '43': [[860, 869]],
  '44': [[870, 879]],
  '45': [[880, 889]],
  '46': [[890, 899]],
  '47': [[900, 909]],
};

/** Whether "123-4567" (or "1234567") can be a postal code in the prefecture with this JIS code. */
export function postalCodeFitsPrefecture(postalCode: string, prefectureCode: string): boolean {
  const digits = postalCode.replace(/\D/g, '');
  const ranges = postalRanges[prefectureCode];
  if (digits.length !== 7 || !ranges) return false;
  const area = Number(digits.slice(0, 3));
  return ranges.some(([from, to]) => area >= from && area <= to);
}

/** A plausible postal code for a prefecture (demo data): the first three digits from its own ranges. */
export function postalCodeIn(prefectureCode: string, pick: (min: number, max: number) => number): string {
  const ranges = postalRanges[prefectureCode] ?? [[100, 209]];
  const [from, to] = ranges[pick(0, ranges.length - 1)] as [number, number];
  return `${String(pick(from, to)).padStart(3, '0')}-${String(pick(0, 9999)).padStart(4, '0')}`;
}
