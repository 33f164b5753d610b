import { z } from 'zod';
import { consentItems, consentMethods, engagementKinds, requestIntents } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import {
  calendarDate,
  checkbox,
  choice,
  email,
  formIdField,
  optionalId,
  optionalPhone,
  optionalText,
  repeated,
  requiredId,
  requiredText,
  yesNo,
} from '../../lib/forms.js';

/** A client with the minimum (DESIGN.md §4): a display name or initials, and the counselor's own notes. */
export const clientForm = z.object({
  formId: formIdField,
  displayName: requiredText(40),
  notes: optionalText(2000),
});
export type ClientInput = z.output<typeof clientForm>;

export const clientLabels: Record<string, MessageKey> = {
  displayName: 'clients.form.displayName',
  notes: 'clients.form.notes',
};

/** Deleting a client: only the form id, so the same form sent twice deletes once (deleteClient). */
export const deleteForm = z.object({ formId: formIdField });

/** The client's consent: which items go to which co-op, for what, how it was obtained, and until when. */
export const consentForm = z
  .object({
    formId: formIdField,
    recipientOrganisationId: requiredId('clients.error.recipient'),
    items: z.preprocess(
      repeated,
      z
        .array(z.enum(consentItems, { error: 'clients.error.items' }))
        .min(1, { error: 'clients.error.items' }),
    ),
    purpose: requiredText(300),
    method: choice(consentMethods, 'clients.error.method'),
    obtainedOn: calendarDate('clients.error.date'),
    expiresOn: calendarDate('clients.error.date'),
  })
  .superRefine((consent, context) => {
    if (consent.expiresOn < consent.obtainedOn)
      context.addIssue({
        code: 'custom',
        path: ['expiresOn'],
        message: 'clients.error.expiryBeforeObtained',
      });
  });
export type ConsentInput = z.output<typeof consentForm>;

export const consentLabels: Record<string, MessageKey> = {
  recipientOrganisationId: 'clients.consent.recipient',
  items: 'clients.consent.items',
  purpose: 'clients.consent.purpose',
  method: 'clients.consent.method',
  obtainedOn: 'clients.consent.obtainedOn',
  expiresOn: 'clients.consent.expiresOn',
};

export const revokeForm = z.object({
  revokedOn: calendarDate('clients.error.date'),
});

/** The counselor books for the client: as the seeker's form, plus whether they go along (同行). */
export const bookingForm = z.object({
  formId: formIdField,
  kind: z.enum(engagementKinds, { error: 'requests.error.kind' }),
  intent: z.enum(requestIntents, { error: 'requests.error.intent' }),
  slotId: optionalId(),
  notes: optionalText(1000),
  accommodations: optionalText(1000),
  accompanied: yesNo.pipe(z.boolean({ error: 'clients.error.accompanied' })),
});
export type BookingInput = z.output<typeof bookingForm>;

export const bookingLabels: Record<string, MessageKey> = {
  kind: 'requests.form.kind',
  intent: 'requests.form.intent',
  slotId: 'requests.form.slot',
  date1: 'requests.form.date1',
  date2: 'requests.form.date2',
  date3: 'requests.form.date3',
  notes: 'clients.book.notes',
  accommodations: 'clients.book.accommodations',
  accompanied: 'clients.book.accompanied',
  formId: 'requests.form.formId',
};

/** A one-time link for the client: to take a request over, or to confirm a consent themselves. */
export const linkForm = z.union([
  z.object({ purpose: z.literal('take_over'), requestId: requiredId('form.required') }),
  z.object({ purpose: z.literal('confirm_consent'), consentId: requiredId('form.required') }),
]);
export type LinkInput = z.output<typeof linkForm>;

/** The client's own contact details when they take the request over. */
export const takeOverForm = z.object({
  contactName: requiredText(60),
  contactEmail: email,
  contactPhone: optionalPhone,
  agree: checkbox.pipe(z.literal(true, { error: 'clients.error.agree' })),
});
export type TakeOverInput = z.output<typeof takeOverForm>;

export const takeOverLabels: Record<string, MessageKey> = {
  contactName: 'requests.form.contactName',
  contactEmail: 'requests.form.contactEmail',
  contactPhone: 'requests.form.contactPhone',
  agree: 'clients.link.agree',
};
