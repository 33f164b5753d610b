import type { EmploymentForm } from '../../db/schema/enums.js';
import { translator } from '../../i18n/index.js';
import { endOfTokyoDay } from '../../lib/dates.js';
import { findMunicipality, prefectureName } from '../../lib/regions.js';
import type { JobDetail } from './jobs.service.js';

const japanese = translator('ja');
const FULL_TIME_WEEKLY_HOURS = 30;

/** schema.org employmentType for our forms; a co-op member-worker is full or part time by the hours. */
export function employmentTypes(form: EmploymentForm, weeklyHours: number): string[] {
  const byHours = weeklyHours >= FULL_TIME_WEEKLY_HOURS ? 'FULL_TIME' : 'PART_TIME';
  switch (form) {
    case 'regular':
      return ['FULL_TIME'];
    case 'part_time':
      return ['PART_TIME'];
    case 'fixed_term':
      return [byHours, 'TEMPORARY'];
    case 'member_worker':
      return [byHours];
    case 'support_b':
      return ['OTHER'];
  }
}

const salaryUnits = { hour: 'HOUR', day: 'DAY', month: 'MONTH' } as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The schema.org JobPosting for a posting page (Google's required and recommended properties), in
 * Japanese like the posting itself.
 */
export function jobPostingJsonLd(detail: JobDetail, publicUrl: string): Record<string, unknown> {
  const { posting, workplace, organisation } = detail;
  const municipality = findMunicipality(workplace.municipalityCode);
  const description = [
    `<p>${escapeHtml(posting.duties).replace(/\r?\n/g, '<br>')}</p>`,
    posting.requirements ? `<p>${escapeHtml(posting.requirements).replace(/\r?\n/g, '<br>')}</p>` : '',
    posting.membershipTerms ? `<p>${escapeHtml(posting.membershipTerms).replace(/\r?\n/g, '<br>')}</p>` : '',
  ].join('');
  return {
    '@context': 'https://schema.org/',
    '@type': 'JobPosting',
    title: posting.title,
    description,
    identifier: { '@type': 'PropertyValue', name: organisation.name, value: String(posting.id) },
    datePosted: posting.postedOn,
    validThrough: endOfTokyoDay(posting.validThrough),
    employmentType: employmentTypes(posting.employmentForm, posting.weeklyHours),
    hiringOrganization: {
      '@type': 'Organization',
      name: organisation.name,
      ...(organisation.website ? { sameAs: organisation.website } : {}),
    },
    jobLocation: {
      '@type': 'Place',
      address: {
        '@type': 'PostalAddress',
        streetAddress: workplace.addressLine,
        addressLocality: municipality?.name ?? '',
        addressRegion: prefectureName(workplace.prefectureCode, 'ja'),
        postalCode: workplace.postalCode,
        addressCountry: 'JP',
      },
    },
    baseSalary: {
      '@type': 'MonetaryAmount',
      currency: 'JPY',
      value: {
        '@type': 'QuantitativeValue',
        ...(posting.wageMax && posting.wageMax > posting.wageMin
          ? { minValue: posting.wageMin, maxValue: posting.wageMax }
          : { value: posting.wageMin }),
        unitText: salaryUnits[posting.wageUnit],
      },
    },
    directApply: false,
    industry: japanese(`field.${posting.field}`),
    occupationalCategory: posting.occupation,
    workHours: `${posting.workStart.slice(0, 5)}〜${posting.workEnd.slice(0, 5)}`,
    totalJobOpenings: posting.openings,
    ...(posting.welcomeTags.includes('beginner')
      ? { experienceRequirements: 'no requirements', educationRequirements: 'no requirements' }
      : {}),
    url: `${publicUrl}/jobs/${posting.id}`,
  };
}

/** JSON for a <script type="application/ld+json"> block: "<" escaped so no text can close the element. */
export function serialiseJsonLd(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
