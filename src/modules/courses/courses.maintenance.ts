import type { Db } from '../../db/client.js';
import {
  anonymiseEndedEnrolments,
  deleteUnconfirmedEnrolments,
  sendSessionReminders,
} from './courses.service.js';

export interface CourseMaintenanceReport {
  remindersSent: number;
  unconfirmedDeleted: number;
  anonymised: number;
}

/** Months after a course's last session before its enrolments' personal data is erased (default). */
export const DEFAULT_COURSE_RETENTION_MONTHS = 12;

/**
 * Hourly upkeep of courses, run beside the postings' (server.ts): the day-before reminders, the deletion
 * of enrolments never confirmed, and retention (COURSE_RETENTION_MONTHS after the last session, names and
 * contacts erased). Idempotent, so a repeated or overlapping run does nothing twice.
 */
export async function runCourseMaintenance(
  db: Db,
  now: Date,
  options: { publicUrl: string; retentionMonths?: number },
): Promise<CourseMaintenanceReport> {
  return {
    remindersSent: await sendSessionReminders(db, now, options.publicUrl),
    unconfirmedDeleted: await deleteUnconfirmedEnrolments(db, now),
    anonymised: await anonymiseEndedEnrolments(
      db,
      now,
      options.retentionMonths ?? DEFAULT_COURSE_RETENTION_MONTHS,
    ),
  };
}
