// Bearer-token checks. Both sides are hashed to equal-length digests first, so timingSafeEqual
// compares in constant time whatever the length of what the client sent.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function tokenMatches(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(header);
  const given = m ? m[1].trim() : '';
  // Always compare, even with nothing given, so a missing header takes the same time.
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}
