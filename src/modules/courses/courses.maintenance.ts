import type { Db } from '../../db/client.js';
import { deleteUnconfirmedEnrolments, sendSessionReminders } from './courses.service.js';

export interface CourseMaintenanceReport {
  remindersSent: number;
  unconfirmedDeleted: number;
}

/**
 * Hourly upkeep of courses, run beside the postings' (server.ts): the day-before reminders, and the
 * deletion of enrolments never confirmed. Idempotent, so a repeated or overlapping run does nothing twice.
 */
export async function runCourseMaintenance(
  db: Db,
  now: Date,
  options: { publicUrl: string },
): Promise<CourseMaintenanceReport> {
  return {
    remindersSent: await sendSessionReminders(db, now, options.publicUrl),
    unconfirmedDeleted: await deleteUnconfirmedEnrolments(db, now),
  };
}
