import { z } from 'zod';
import { findPrefecture } from '../../lib/regions.js';

/** A new rate as the secretariat enters it from the 厚生労働省 announcement. */
export const minimumWageForm = z.object({
  prefectureCode: z
    .string({ error: 'form.required' })
    .refine((code) => findPrefecture(code) !== undefined, { error: 'form.required' }),
  hourlyYen: z.coerce
    .number({ error: 'console.minimumWages.invalidHourly' })
    .int({ error: 'console.minimumWages.invalidHourly' })
    .min(1, { error: 'console.minimumWages.invalidHourly' })
    .max(9999, { error: 'console.minimumWages.invalidHourly' }),
  effectiveFrom: z.iso.date({ error: 'console.minimumWages.invalidDate' }),
});

export type MinimumWageInput = z.output<typeof minimumWageForm>;
