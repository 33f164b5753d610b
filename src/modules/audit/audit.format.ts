import type { ServiceContext } from '../../auth/context.js';
import { isMessageKey, type Locale, type MessageKey, type Translate, translator } from '../../i18n/index.js';
import { formatDate } from '../../lib/dates.js';
import { prefectureName } from '../../lib/regions.js';
import { eventFieldLabels } from '../figures/events.forms.js';
import { postingLabels } from '../postings/postings.forms.js';
import {
  type AuditAction,
  type AuditLogEntry,
  type AuditSubjectNames,
  type AuditSubjectType,
  auditActions,
  auditLogEntries,
  auditSubjectNames,
  auditSubjectTypes,
} from './audit.service.js';

// Every action and subject type has its words in the catalogue (messages/audit.ts): a new member of either
// union without them fails to compile here.
type ActionWords = `audit.action.${AuditAction}`;
type SubjectWords = `audit.subject.${AuditSubjectType}`;
const wordsExist: [ActionWords, SubjectWords] extends [MessageKey, MessageKey] ? true : never = true;
void wordsExist;

/**
 * The labels of the fields whose names an entry's `fields` detail lists, per form, as the form itself
 * labels them: the log names what changed the way the staff saw it (「賃金の下限（円）」, not `wageMin`).
 * test/audit/audit-log.test.ts checks that every field of each form has one.
 */
export const auditFieldLabels = {
  // The posting form's own labels, in form order (postings.forms.ts), so the two never drift.
  posting: postingLabels,
  consultationEvent: eventFieldLabels,
  organisation: {
    name: 'workspace.profile.name',
    nameKana: 'workspace.profile.nameKana',
    description: 'workspace.profile.description',
    website: 'org.website',
    contactEmail: 'workspace.profile.contactEmail',
    contactPhone: 'workspace.profile.contactPhone',
  },
  governance: {
    memberCount: 'workspace.governance.memberCount',
    workerCount: 'workspace.governance.workerCount',
    decisionMaking: 'org.governance.decisions',
    oneMemberOneVote: 'workspace.governance.oneMemberOneVote',
    shareAmountYen: 'workspace.governance.shareAmount',
    sharesRequired: 'workspace.governance.sharesRequired',
    instalmentsAllowed: 'org.governance.instalments',
    payrollDeduction: 'org.governance.payroll',
    refundedOnLeaving: 'org.governance.refund',
    surplusByWorkShare: 'org.governance.surplusByWork',
    surplusNotes: 'workspace.governance.surplusNotes',
    foundedUnder2022Law: 'org.governance.law2022',
    foundedYear: 'workspace.governance.foundedYear',
  },
  workplace: {
    name: 'job.workplaceName',
    postalCode: 'workspace.workplace.postalCode',
    prefectureCode: 'search.prefecture',
    municipalityCode: 'search.municipality',
    addressLine: 'workspace.workplace.addressLine',
    nearestStation: 'job.nearestStation',
    walkMinutes: 'workspace.workplace.walkMinutes',
    accessNotes: 'job.accessNotes',
    stepFree: 'workspace.workplace.stepFree',
    parking: 'workspace.workplace.parking',
  },
} as const satisfies Record<string, Record<string, MessageKey>>;

type FieldForm = keyof typeof auditFieldLabels;

/** Which form's fields an action's `fields` detail names. */
const formOfAction: Partial<Record<AuditAction, FieldForm>> = {
  'posting.update': 'posting',
  'posting.renew': 'posting',
  'organisation.update': 'organisation',
  'governance.update': 'governance',
  'workplace.update': 'workplace',
  'consultation_event.update': 'consultationEvent',
};

/** Actions the app takes by itself: no person acted, so the log says「システム」rather than a deleted user. */
const systemActions = new Set<string>([
  'posting.expire',
  'account.secretariat_admin_created',
  'client.erase',
]);

/** Free text the secretariat wrote (a reason, a note) is shortened: the log says what happened, not all of it. */
const MAX_TEXT = 120;

export interface AuditRowDetail {
  label: string;
  value: string;
  href?: string;
}

/** An audit entry in words, ready for views/console/_audit-table.eta. */
export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  organisation: string | null;
  subject: { text: string; href: string | null } | null;
  details: AuditRowDetail[];
}

function isAuditAction(action: string): action is AuditAction {
  return (auditActions as readonly string[]).includes(action);
}

function isSubjectType(type: string): type is AuditSubjectType {
  return (auditSubjectTypes as readonly string[]).includes(type);
}

function shortened(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** A catalogue entry chosen by a stored value (a status, a role), or null for a value no longer known. */
function wordFor(t: Translate, prefix: string, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const key = `${prefix}${value}`;
  return isMessageKey(key) ? t(key) : null;
}

function subjectOf(
  entry: AuditLogEntry,
  names: AuditSubjectNames,
  t: Translate,
): { text: string; href: string | null } | null {
  if (!isSubjectType(entry.subjectType)) return null;
  const subject = t(`audit.subject.${entry.subjectType}`);
  const id = entry.subjectId;
  const named = (name: string | undefined, href: string | null) =>
    name === undefined
      ? { text: t('audit.subject.gone', { subject }), href: null }
      : { text: t('audit.subject.named', { subject, name }), href };
  switch (entry.subjectType) {
    case 'job_posting':
      return id === null
        ? { text: subject, href: null }
        : named(names.postings.get(id), `/console/postings/${id}`);
    case 'organisation':
      return id === null
        ? { text: subject, href: null }
        : named(names.organisations.get(id), `/console/organisations/${id}`);
    case 'workplace':
      return id === null ? { text: subject, href: null } : named(names.workplaces.get(id), null);
    case 'user':
      return id === null ? { text: subject, href: null } : named(names.users.get(id), null);
    case 'users':
      return { text: subject, href: '/console/users' };
    case 'minimum_wage':
      return { text: subject, href: '/console/minimum-wages' };
    default:
      return { text: subject, href: null };
  }
}

function fieldsDetail(action: string, fields: unknown, t: Translate): AuditRowDetail | null {
  if (!Array.isArray(fields) || fields.length === 0) return null;
  const form = isAuditAction(action) ? formOfAction[action] : undefined;
  const labels: Record<string, MessageKey> = form ? auditFieldLabels[form] : {};
  const known = fields.flatMap((field) =>
    typeof field === 'string' && Object.hasOwn(labels, field) ? [t(labels[field] as MessageKey)] : [],
  );
  const unknown = fields.length - known.length;
  const items = [...known, ...(unknown > 0 ? [t('audit.detail.otherFields', { count: unknown })] : [])];
  return {
    label: t('audit.detail.fields'),
    value: t('audit.detail.list', {
      items: items.join(t('audit.detail.separator')),
      count: t('audit.detail.fieldCount', { count: fields.length }),
    }),
  };
}

/**
 * What an entry's details say, in words: field labels and counts, statuses and roles by name. Technical
 * keys (the form id that makes a double submit harmless) and keys this version does not know are left out.
 */
function detailsOf(entry: AuditLogEntry, names: AuditSubjectNames, t: Translate, locale: Locale) {
  const details = entry.details ?? {};
  const rows: AuditRowDetail[] = [];
  const add = (label: MessageKey, value: string | null, href?: string) => {
    if (value !== null && value !== '') rows.push({ label: t(label), value, ...(href ? { href } : {}) });
  };
  const fields = fieldsDetail(entry.action, details.fields, t);
  if (fields) rows.push(fields);

  const isRoleChange = entry.action === 'membership.role';
  const changeWord = (value: unknown) =>
    isRoleChange ? wordFor(t, 'account.role.', value) : wordFor(t, 'workspace.status.', value);
  const from = changeWord(details.from);
  const to = changeWord(details.to);
  if (from && to)
    add(isRoleChange ? 'audit.detail.role' : 'audit.detail.status', t('audit.detail.change', { from, to }));
  else if (from) add('audit.detail.previousStatus', from);

  add('audit.detail.role', wordFor(t, 'account.role.', details.role));
  if (typeof details.replaced === 'number')
    add('audit.detail.replaced', t('audit.detail.count', { count: details.replaced }));
  add('audit.detail.kind', wordFor(t, 'membership.kind.', details.kind));
  add('audit.detail.legalForm', wordFor(t, 'legalForm.', details.legalForm));
  if (typeof details.trusted === 'boolean')
    add('audit.detail.trusted', t(details.trusted ? 'audit.detail.trusted.yes' : 'audit.detail.trusted.no'));
  if (typeof details.reason === 'string') add('audit.detail.reason', shortened(details.reason));
  if (typeof details.note === 'string') add('audit.detail.note', shortened(details.note));
  if (typeof details.sourceId === 'number') {
    const title = names.postings.get(details.sourceId);
    const subject = t('audit.subject.job_posting');
    if (title === undefined) add('audit.detail.source', t('audit.subject.gone', { subject }));
    else
      add(
        'audit.detail.source',
        t('audit.subject.named', { subject, name: title }),
        `/console/postings/${details.sourceId}`,
      );
  }
  if (entry.action === 'client.delete' || entry.action === 'client.erase') {
    const counts = [
      ['requestsWithdrawn', 'audit.detail.requestsWithdrawn'],
      ['requestsAnonymised', 'audit.detail.requestsAnonymised'],
      ['consents', 'audit.detail.consents'],
    ] as const;
    for (const [key, label] of counts)
      if (typeof details[key] === 'number') add(label, t('audit.detail.count', { count: details[key] }));
  }
  if (entry.action === 'console.users_view') {
    if (typeof details.page === 'number')
      add('audit.detail.page', t('audit.detail.pageNumber', { page: details.page }));
    if (details.searched === true) add('audit.detail.searched', t('audit.detail.searched.yes'));
  }
  if (typeof details.prefectureCode === 'string')
    add('audit.detail.prefecture', prefectureName(details.prefectureCode, locale));
  if (typeof details.hourlyYen === 'number')
    add('audit.detail.hourlyYen', t('audit.detail.yen', { amount: details.hourlyYen }));
  if (typeof details.effectiveFrom === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(details.effectiveFrom))
    add('audit.detail.effectiveFrom', formatDate(details.effectiveFrom, locale));
  return rows;
}

/** The entries of a page of the log in the reader's language. */
export function describeAuditEntries(
  entries: AuditLogEntry[],
  names: AuditSubjectNames,
  t: Translate,
  locale: Locale,
): AuditRow[] {
  return entries.map((entry) => ({
    id: entry.id,
    at: entry.at,
    actor:
      entry.actorName ??
      (entry.actorUserId === null && systemActions.has(entry.action)
        ? t('console.audit.system')
        : t('console.audit.deletedUser')),
    action: isAuditAction(entry.action) ? t(`audit.action.${entry.action}`) : t('audit.action.unknown'),
    organisation: entry.organisationName,
    subject: subjectOf(entry, names, t),
    details: detailsOf(entry, names, t, locale),
  }));
}

/**
 * The log's entries in the context's language, newest first: the audit page shows them page by page, the
 * console dashboard the latest few (both with views/console/_audit-table.eta).
 */
export async function auditRows(
  ctx: Pick<ServiceContext, 'db' | 'locale'>,
  options: { limit: number; offset?: number; excluding?: AuditAction[] },
): Promise<AuditRow[]> {
  const entries = await auditLogEntries(ctx, options);
  const names = await auditSubjectNames(ctx, entries);
  return describeAuditEntries(entries, names, translator(ctx.locale), ctx.locale);
}
