/**
 * Session lifetimes (OWASP ASVS L2 3.3): an idle timeout and an absolute lifetime, shorter for staff
 * roles, who can see other people's data, than for job seekers. Documented in README.md.
 */
export const sessionPolicies = {
  seeker: { idleSeconds: 7 * 24 * 60 * 60, absoluteSeconds: 30 * 24 * 60 * 60 },
  staff: { idleSeconds: 30 * 60, absoluteSeconds: 12 * 60 * 60 },
} as const;

export type SessionPolicyName = keyof typeof sessionPolicies;

/** lastSeenAt is written at most this often, so each page view does not cost a write. */
export const SESSION_TOUCH_INTERVAL_SECONDS = 60;
