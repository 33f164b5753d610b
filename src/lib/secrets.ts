import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random token with 160+ bits of entropy, URL-safe (for cookies and mailed links). */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 in hex: what is stored for session secrets and mailed tokens, never the token itself. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Compares two hex digests without leaking where they differ (lucia-auth.com sessions guide). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
