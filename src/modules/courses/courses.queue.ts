/**
 * Placements in one course run one at a time in this process before they take the course's row lock.
 *
 * Correctness does not depend on this: the row lock (SELECT … FOR UPDATE) orders placements across every
 * process. What this adds is that a burst of enrolments for one course (200 people clicking at once) waits
 * here, in memory and in arrival order, instead of each request holding a pooled connection while it
 * waits for the lock; with a small pool that wait ran past the pool's connection timeout and people got a
 * 503. Now a course's burst uses one connection per process and the rest of the site keeps the others.
 */
const tails = new Map<number, Promise<unknown>>();

export function oneAtATimePerCourse<T>(courseId: number, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(courseId) ?? Promise.resolve();
  const run = previous.then(work, work);
  // The next placement waits for this one whether it succeeds or fails.
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(courseId, tail);
  void tail.then(() => {
    if (tails.get(courseId) === tail) tails.delete(courseId);
  });
  return run;
}
