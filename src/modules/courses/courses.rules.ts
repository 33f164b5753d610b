import type { CourseSession } from '../../db/schema/index.js';

/** How long the link that confirms an enrolment works (single use). */
export const CONFIRM_LINK_HOURS = 24;

/** Places left: never below zero, even if a capacity was lowered by hand in the database. */
export function remainingPlaces(capacity: number, confirmed: number): number {
  return Math.max(0, capacity - confirmed);
}

/** A person attended every required session (a course without required sessions needs all of them). */
export function hasCompleted(
  sessions: Pick<CourseSession, 'id' | 'required'>[],
  attendedSessionIds: ReadonlySet<number>,
): boolean {
  if (sessions.length === 0) return false;
  const required = sessions.some((session) => session.required)
    ? sessions.filter((session) => session.required)
    : sessions;
  return required.every((session) => attendedSessionIds.has(session.id));
}

/** What keeps a draft from being published, as catalogue keys (empty when it can be). */
export function publishProblems(sessions: Pick<CourseSession, 'date'>[], today: string) {
  const problems: ('course.publish.noSessions' | 'course.publish.allPast')[] = [];
  if (sessions.length === 0) problems.push('course.publish.noSessions');
  else if (sessions.every((session) => session.date < today)) problems.push('course.publish.allPast');
  return problems;
}

/** Enrolment is open while the course is published and a session is still to come (today counts). */
export function enrolmentOpen(status: string, sessions: Pick<CourseSession, 'date'>[], today: string) {
  return status === 'published' && sessions.some((session) => session.date >= today);
}
