/**
 * How a watch ended, read the same way by every watcher (the rollout informers, the lock's Lease
 * watch): the HTTP status of a refused or failed watch, the Status of an ERROR event, a timeout.
 */
import { KubeApiError } from './client.js';
import { rec } from './fields.js';

/** The Status object the server sends in a watch ERROR event when it ends a watch it cannot serve. */
interface WatchErrorStatus {
  code?: number;
  message?: string;
}

/** The Status carried by a watch ERROR event (fields that are not there, or malformed, are left out). */
export function watchErrorStatus(obj: unknown): WatchErrorStatus {
  const r = rec(obj);
  return {
    ...(typeof r['code'] === 'number' ? { code: r['code'] } : {}),
    ...(typeof r['message'] === 'string' ? { message: r['message'] } : {}),
  };
}

/** The HTTP status of a failed request or watch, when it has one. */
export function statusCodeOf(err: unknown): number | undefined {
  if (err instanceof KubeApiError) return err.code;
  // client-node puts the HTTP status of a refused watch in `statusCode`; `code` is not used because
  // DOMExceptions (its 30 s inactivity TimeoutError) carry unrelated numeric codes there.
  const code = rec(err)['statusCode'];
  return typeof code === 'number' ? code : undefined;
}

/** True for a TimeoutError (client-node's inactivity timeout, `AbortSignal.timeout()`). */
export function isTimeout(err: unknown): boolean {
  return (err instanceof Error || err instanceof DOMException) && err.name === 'TimeoutError';
}
