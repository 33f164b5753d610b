import { z } from 'zod';
import { approvalStates } from '../../db/schema/index.js';
import { paragraph } from '../membership/membership.forms.js';

/** A checkbox: present ("1", "on", "true") means yes. */
const checkbox = z.preprocess((value) => value === '1' || value === 'on' || value === 'true', z.boolean());

export const approveForm = z.object({ trusted: checkbox });
export const trustForm = z.object({ trusted: checkbox });
/** The reason is shown to the applicant and mailed to the organisation's admins. */
export const declineForm = z.object({ reason: paragraph(1000) });

const page = z.coerce.number().int().min(1).max(100_000).catch(1).default(1);

export const organisationsQuery = z.object({
  state: z.enum(approvalStates).catch('pending').default('pending'),
  page,
});

export const pageQuery = z.object({ page });

export const usersQuery = z.object({
  page,
  q: z
    .preprocess((value) => (typeof value === 'string' ? value.normalize('NFKC').trim() : ''), z.string())
    .transform((value) => value.slice(0, 100))
    .catch(''),
});
