import { z } from 'zod';
import { calendarDate, integer, single } from '../../lib/forms.js';
import { findPrefecture } from '../../lib/regions.js';

/** A new rate as the secretariat enters it from the 厚生労働省 announcement. */
export const minimumWageForm = z.object({
  prefectureCode: z.preprocess(
    single,
    z.string().refine((code) => findPrefecture(code) !== undefined, { error: 'form.required' }),
  ),
  hourlyYen: integer(1, 9999, 'console.minimumWages.invalidHourly'),
  effectiveFrom: calendarDate('console.minimumWages.invalidDate'),
});

export type MinimumWageInput = z.output<typeof minimumWageForm>;
