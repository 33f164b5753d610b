import type { Db } from '../../db/client.js';
import { sendSessionReminders } from './courses.service.js';

export interface CourseMaintenanceReport {
  remindersSent: number;
}

/**
 * Hourly upkeep of courses, run beside the postings' (server.ts): the day-before reminders. Idempotent,
 * so a repeated or overlapping run sends nothing twice.
 */
export async function runCourseMaintenance(
  db: Db,
  now: Date,
  options: { publicUrl: string },
): Promise<CourseMaintenanceReport> {
  return { remindersSent: await sendSessionReminders(db, now, options.publicUrl) };
}
