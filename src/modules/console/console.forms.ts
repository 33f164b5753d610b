import { z } from 'zod';
import { paragraph } from '../../lib/forms.js';

/** The note tells the organisation's staff what to change before sending the posting again. */
export const returnForm = z.object({ note: paragraph(2000) });

const page = z.coerce.number().int().min(1).max(100_000).catch(1).default(1);

export const pageQuery = z.object({ page });

export const usersQuery = z.object({
  page,
  q: z
    .preprocess((value) => (typeof value === 'string' ? value.normalize('NFKC').trim() : ''), z.string())
    .transform((value) => value.slice(0, 100))
    .catch(''),
});
