// Opaque cursors for keyset pagination: the sort value and id of the last row of a page,
// as base64url JSON. A tampered token is a 400, never a query error.
import { invalid } from '../api/validate';

export interface Cursor {
  /** The last row's sort value (text, number or timestamp text). */
  v: string | number | null;
  id: string | number;
}

export function encodePageToken(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodePageToken(token: string | undefined): Cursor | undefined {
  if (token === undefined) return undefined;
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    const okV = c.v === null || typeof c.v === 'string' || typeof c.v === 'number';
    const okId = typeof c.id === 'string' || typeof c.id === 'number';
    if (c && typeof c === 'object' && okV && okId) return c;
  } catch {
    // fall through
  }
  throw invalid('pageToken', 'is not a token this server handed out', 'pass nextPageToken from the previous page unchanged');
}
