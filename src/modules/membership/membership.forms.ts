import { z } from 'zod';
import { membershipRoles, userLocales } from '../../db/schema/index.js';
import { choice, email } from '../../lib/forms.js';

/** An admin's invitation: the address, the role, and the mail's language for someone not yet registered. */
export const invitationForm = z.object({
  email,
  role: choice(membershipRoles, 'membership.apply.chooseOne'),
  locale: z.enum(userLocales).catch('ja'),
});

export const roleForm = z.object({
  role: choice(membershipRoles, 'membership.apply.chooseOne'),
});

/** A mailed token as it arrives in a query string or form: anything odd reads as no token. */
export function tokenFrom(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,100}$/.test(value) ? value : null;
}
