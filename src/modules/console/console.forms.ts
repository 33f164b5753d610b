import { z } from 'zod';
import { folded, pageNumber } from '../../lib/forms.js';

export const usersQuery = z.object({
  page: pageNumber,
  q: z
    .preprocess(folded, z.string())
    .transform((value) => value.slice(0, 100))
    .catch(''),
});
