import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  approvalStates,
  contractTypes,
  employmentForms,
  jobFields,
  legalForms,
  membershipRoles,
  organisationKinds,
  postingStatuses,
  wageUnits,
  welcomeTags,
} from '../../src/db/schema/index.js';
import { en, ja } from '../../src/i18n/catalogue.js';

// Templates are not type-checked, so a mistyped key would render "undefined"; this reads them instead.

function templates(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return templates(path);
    return entry.name.endsWith('.eta') ? [path] : [];
  });
}

const sources = templates('views').map((path) => ({ path, text: readFileSync(path, 'utf8') }));
const known = (key: string) => key in ja && key in en;

/** Keys built as prefix + a value: the values each prefix is used with. */
const concatenated: Record<string, readonly string[]> = {
  'field.': jobFields,
  'employmentForm.': employmentForms,
  'legalForm.': legalForms,
  'welcome.': welcomeTags,
  'job.contractType.': contractTypes,
  'job.wageUnit.': wageUnits,
  'workspace.status.': postingStatuses,
  'membership.state.': approvalStates,
  'membership.kind.': organisationKinds.filter((kind) => kind !== 'secretariat'),
  'account.role.': membershipRoles,
  'membership.invite.role.': membershipRoles,
  'console.nav.': ['dashboard', 'organisations', 'postings', 'minimumWages', 'users', 'audit'],
};

describe('message keys in the templates', () => {
  it('exist in both catalogues when written out', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const { path, text } of sources) {
      for (const match of text.matchAll(/\bt\('([^']+)'\s*[,)]/g)) {
        const key = match[1] as string;
        checked++;
        if (!known(key)) missing.push(`${path}: ${key}`);
      }
    }
    // The pattern really reads the templates (about 650 literal keys today).
    expect(checked).toBeGreaterThan(400);
    expect(missing).toEqual([]);
  });

  it('exist in both catalogues for every value a built key is made with', () => {
    const missing: string[] = [];
    for (const [prefix, values] of Object.entries(concatenated)) {
      for (const value of values) if (!known(prefix + value)) missing.push(prefix + value);
    }
    expect(missing).toEqual([]);
  });

  it('are built only from prefixes that are known here or have keys in the catalogue', () => {
    const unknown: string[] = [];
    for (const { path, text } of sources) {
      for (const match of text.matchAll(/\bt\('([^']+)'\s*\+/g)) {
        const prefix = match[1] as string;
        const hasKeys = Object.keys(ja).some((key) => key.startsWith(prefix));
        if (!hasKeys) unknown.push(`${path}: ${prefix}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});
