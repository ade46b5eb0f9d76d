// Reading requests and writing answers: JSON bodies under a size limit, strict UTF-8, and
// PonteErrors turned into `{error: {code, message, hint}}` with the status their code implies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PonteError, isPonteError } from '../core/errors';

export function httpError(status: number, code: string, message: string, hint?: string): PonteError {
  const e = new PonteError(code, message, { hint });
  (e as PonteError & { status?: number }).status = status;
  return e;
}

const STATUS_BY_CODE: [RegExp, number][] = [
  [/^api\.(invalid|bad_json|bad_encoding|bad_request)$/, 400],
  [/^usage\./, 400],
  [/^auth\./, 401],
  [/^api\.(host_not_allowed|cross_origin)$/, 403],
  [/^api\.not_found$/, 404],
  [/^api\.method_not_allowed$/, 405],
  [/^api\.conflict$/, 409],
  [/^api\.too_large$/, 413],
  [/^api\.unsupported_media_type$/, 415],
  [/^store\.(unreachable|locked)$/, 503],
];

/** The HTTP status and the public error body for anything thrown by a handler. */
export function errorResponse(e: unknown): { status: number; body: { error: { code: string; message: string; hint?: string } } } {
  if (isPonteError(e)) {
    const explicit = (e as PonteError & { status?: number }).status;
    const status = explicit ?? STATUS_BY_CODE.find(([re]) => re.test(e.code))?.[1] ?? 500;
    return { status, body: { error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) } } };
  }
  // PostgreSQL SQLSTATE classes: 22 data exception, 23 integrity violation. The input was
  // valid JSON of the right shape but a value the database refuses (a year 0 date, ...).
  const sqlState = (e as { code?: unknown })?.code;
  if (typeof sqlState === 'string' && /^22/.test(sqlState)) {
    return { status: 400, body: { error: { code: 'api.invalid', message: `the database refused a value: ${(e as Error).message}` } } };
  }
  if (typeof sqlState === 'string' && /^23/.test(sqlState)) {
    return { status: 409, body: { error: { code: 'api.conflict', message: `the change conflicts with stored data: ${(e as Error).message}` } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'the server failed to handle this request; see its log' } } };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status === 200 ? 204 : status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The request's JSON body (undefined when empty), at most `limit` bytes; its media type was
 * checked before routing (request-guard.ts checkMediaType). An oversized body is
 * drained rather than cut off, so the client can read the 413; past 4x the limit the socket goes. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const tooLarge = () => httpError(413, 'api.too_large', `the body is over the limit of ${limit} bytes`, 'send smaller batches');
  if (declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const body = await new Promise<Buffer | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (f: () => void) => {
      if (!settled) {
        settled = true;
        f();
      }
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 4) {
        settle(() => reject(tooLarge()));
        req.destroy();
      }
    });
    req.on('end', () => settle(() => (size > limit ? reject(tooLarge()) : resolve(size === 0 ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)))));
    req.on('error', (e) => settle(() => reject(httpError(400, 'api.bad_request', `the request body could not be read: ${e.message}`))));
    req.on('close', () => settle(() => reject(httpError(400, 'api.bad_request', 'the client went away before the body ended'))));
  });
  if (body === undefined) return undefined;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw httpError(400, 'api.bad_encoding', 'the body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw httpError(400, 'api.bad_json', `the body is not valid JSON: ${(e as Error).message.slice(0, 200)}`);
  }
}
