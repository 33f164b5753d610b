import type { WageUnit } from '../db/schema/enums.js';

/** Average weeks per month (52 / 12), as Hello Work uses to compare hourly and monthly pay. */
const WEEKS_PER_MONTH = 52 / 12;

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** Paid hours in one working day; a shift ending after midnight wraps to the next day. */
export function dailyWorkingHours(workStart: string, workEnd: string, breakMinutes: number): number {
  let span = minutesOf(workEnd) - minutesOf(workStart);
  if (span <= 0) span += 24 * 60;
  return Math.max(0, span - breakMinutes) / 60;
}

export interface WageHours {
  wageMin: number;
  wageUnit: WageUnit;
  weeklyHours: number;
  dailyHours: number;
}

/** The lowest wage as yen per hour, converting daily and monthly pay by the stated hours. */
export function hourlyEquivalent({ wageMin, wageUnit, weeklyHours, dailyHours }: WageHours): number {
  if (wageUnit === 'hour') return wageMin;
  if (wageUnit === 'day') return dailyHours > 0 ? Math.floor(wageMin / dailyHours) : 0;
  const monthlyHours = weeklyHours * WEEKS_PER_MONTH;
  return monthlyHours > 0 ? Math.floor(wageMin / monthlyHours) : 0;
}

/** The lowest wage as yen per month at the stated weekly hours. */
export function monthlyEquivalent(hours: WageHours): number {
  if (hours.wageUnit === 'month') return hours.wageMin;
  return Math.floor(hourlyEquivalent(hours) * hours.weeklyHours * WEEKS_PER_MONTH);
}
