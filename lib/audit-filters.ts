import { z } from 'zod';
import { AUDIT_ACTIONS, type AuditAction } from './audit-actions';
import { addDays } from './dates';
import { dateMessages, optionalCalendarDate } from './validation/dates';
import { searchFilterText } from './validation/text';

/**
 * Every audit action in words. A Record over the AuditAction union, so adding an action to
 * lib/audit-actions.ts without a label here is a type error (and so is a label for no action).
 */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'auth.sign_in': 'Signed in',
  'auth.sign_in_failed': 'Sign-in failed',
  'auth.sign_out': 'Signed out',
  'access.denied': 'Access denied',
  'account.created': 'Account created',
  'account.deactivated': 'Account deactivated',
  'account.reactivated': 'Account reactivated',
  'account.password_link_issued': 'Set-password link issued',
  'account.password_set': 'Password set',
  'account.password_link_failed': 'Set-password link refused',
  'patient.assigned': 'Patient assigned to a physio',
  'patient.discharged': 'Patient discharged',
  'patient.restored': 'Patient restored to caseload',
  'routine.saved': 'Routine saved',
  'routine.ended': 'Routine ended',
  'outcome.assigned': 'Questionnaire assigned',
  'outcome.stopped': 'Questionnaire schedule stopped',
  'export.weekly_csv': 'Weekly CSV exported',
  'export.outcomes_csv': 'Outcomes CSV exported',
  'export.progress_pdf': 'Progress report (PDF) exported',
  'export.fhir': 'FHIR API read',
  'api_token.created': 'API token created',
  'api_token.revoked': 'API token revoked',
  'api_token.used': 'API token used',
  'outcome_definition.added': 'Questionnaire added',
};

export { AUDIT_ACTIONS };

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_LABELS, value);
}

/** An action in words; an action this version does not know (an older entry) reads as itself. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : action;
}

/**
 * Who acted, for an entry with no account behind it: `npm run admin:create` records its entries
 * with `via: 'command_line'`; every other such entry is someone who was not signed in (a failed
 * sign-in with an unknown email, a set-password link that could not be used, a denied request);
 * a system reading the FHIR API with a token records `via: 'api_token'` and the token's name.
 */
export function auditActorWithoutAccount(details: unknown): string {
  const { via, tokenName } =
    details && typeof details === 'object'
      ? (details as { via?: unknown; tokenName?: unknown })
      : {};
  if (via === 'command_line') return 'Command line (npm run admin:create)';
  if (via === 'api_token' && typeof tokenName === 'string') return `API token “${tokenName}”`;
  return 'Not signed in';
}

export const AUDIT_PAGE_SIZE = 50;
const MAX_PAGE = 100_000;

const DATE_FIELDS = { from: dateMessages('From'), to: dateMessages('To') } as const;
type DateField = keyof typeof DATE_FIELDS;

/**
 * The audit log's filters and page, as they appear in the URL. Bad values are dropped rather
 * than refused: the log is read-only, and a mistyped address should still show the log.
 * Dates are UTC calendar days, both inclusive, like the times shown.
 */
export const auditFiltersSchema = z.object({
  who: searchFilterText,
  action: z
    .string()
    .optional()
    .transform((v) => (v && isAuditAction(v) ? v : undefined))
    .catch(undefined),
  from: optionalCalendarDate(DATE_FIELDS.from).catch(undefined),
  to: optionalCalendarDate(DATE_FIELDS.to).catch(undefined),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1).default(1),
});

export type AuditFilters = Partial<Omit<z.infer<typeof auditFiltersSchema>, 'page'>> & {
  page: number;
};

export interface AuditDateInput {
  /** What was typed, to show again in the field. */
  typed: Partial<Record<DateField, string>>;
  /** Why a typed date is not used as a filter, for the message under its field. */
  errors: Partial<Record<DateField, string>>;
}

/**
 * The date fields as typed, with a message for each one that is not a date from 1900 to 2100
 * (the schema above leaves such a date out of the filter; this says so next to the field).
 */
export function auditDateInput(input: Record<string, unknown>): AuditDateInput {
  const result: AuditDateInput = { typed: {}, errors: {} };
  for (const field of Object.keys(DATE_FIELDS) as DateField[]) {
    const value = input[field];
    if (value === undefined || value === '') continue;
    const parsed = optionalCalendarDate(DATE_FIELDS[field]).safeParse(value);
    if (typeof value === 'string') result.typed[field] = value.slice(0, 40);
    if (!parsed.success) result.errors[field] = parsed.error.issues[0]?.message;
  }
  return result;
}

/** The instants bounding the filter's UTC days: from midnight of `from` to before midnight after `to`. */
export function auditTimeRange(filters: Pick<AuditFilters, 'from' | 'to'>): {
  since?: Date;
  before?: Date;
} {
  return {
    since: filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined,
    before: filters.to ? new Date(`${addDays(filters.to, 1)}T00:00:00Z`) : undefined,
  };
}

/** The address of a page of the log with the same filters (page 1 is left out of the URL). */
export function auditPageHref(filters: Omit<AuditFilters, 'page'>, page: number): string {
  const params = new URLSearchParams();
  if (filters.who) params.set('who', filters.who);
  if (filters.action) params.set('action', filters.action);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/admin/audit?${query}` : '/admin/audit';
}

/**
 * The pages to link to: the first, the last, and two either side of the current one, with
 * `null` where pages are skipped (shown as an ellipsis).
 */
export function pageWindow(current: number, pageCount: number): (number | null)[] {
  const pages: (number | null)[] = [];
  for (let page = 1; page <= pageCount; page++) {
    if (page === 1 || page === pageCount || Math.abs(page - current) <= 2) {
      pages.push(page);
    } else if (pages.at(-1) !== null) {
      pages.push(null);
    }
  }
  return pages;
}

/** "2026-11-25 14:03:07 UTC": ISO-like, to the second, and the same on every screen. */
export function formatAuditTime(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The entry's details as compact JSON, or null when there are none. */
export function formatAuditDetails(details: unknown): string | null {
  if (details === null || details === undefined) return null;
  if (typeof details === 'object' && Object.keys(details).length === 0) return null;
  return JSON.stringify(details);
}
