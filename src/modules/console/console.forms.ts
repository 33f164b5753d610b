import { z } from 'zod';

const page = z.coerce.number().int().min(1).max(100_000).catch(1).default(1);

export const pageQuery = z.object({ page });

export const usersQuery = z.object({
  page,
  q: z
    .preprocess((value) => (typeof value === 'string' ? value.normalize('NFKC').trim() : ''), z.string())
    .transform((value) => value.slice(0, 100))
    .catch(''),
});
