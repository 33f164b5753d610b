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
