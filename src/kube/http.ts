/**
 * HTTP(S) requests on Node's own `node:http` / `node:https` (no bundled HTTP library): the API
 * server's TLS settings live in an `https.Agent`, a request ends when its signal aborts.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type Agent } from 'node:https';

/** One request. */
interface HttpRequestOptions {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** The TLS settings (CA, client certificate, proxy) of `https:` URLs; Node's default agent otherwise. */
  agent?: Agent | undefined;
  /**
   * Called at the last moment before the request goes on the wire: on a new connection once it is
   * connected (and its TLS handshake done), on a reused one at once. Throwing cancels the request
   * unsent (the deploy's lock check: a process stalled while connecting must not write afterwards).
   */
  beforeSend?: (() => void) | undefined;
}

/**
 * Send a request; resolves with the response once its headers arrived (read the body from it).
 * Rejects with the signal's reason when the signal aborts first, else with the socket error.
 */
export function sendRequest(url: URL, opts: HttpRequestOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(abortReason(opts.signal));
      return;
    }
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(opts.body));
    const https = url.protocol === 'https:';
    const options = {
      method: opts.method,
      headers,
      ...(https && opts.agent ? { agent: opts.agent } : {}),
    };
    const req = https ? httpsRequest(url, options) : httpRequest(url, options);
    const signal = opts.signal;
    const onAbort = (): void => {
      req.destroy(signal ? abortReason(signal) : undefined);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => {
      // The signal keeps ending the body read: destroy the response with the reason.
      if (signal) {
        const stop = (): void => {
          res.destroy(abortReason(signal));
        };
        signal.addEventListener('abort', stop, { once: true });
        res.on('close', () => {
          signal.removeEventListener('abort', stop);
        });
      }
      resolve(res);
    });
    req.on('error', (err) => {
      reject(signal?.aborted ? abortReason(signal) : err);
    });
    req.on('close', () => signal?.removeEventListener('abort', onAbort));
    const beforeSend = opts.beforeSend;
    if (!beforeSend) {
      req.end(opts.body);
      return;
    }
    // Nothing is written before end(): the headers go with the body.
    const send = (): void => {
      try {
        beforeSend();
      } catch (err) {
        req.destroy(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      req.end(opts.body);
    };
    req.once('socket', (socket) => {
      if (req.reusedSocket || !socket.connecting) send();
      else socket.once(https ? 'secureConnect' : 'connect', send);
    });
  });
}

/** The whole body as text (rejects with the signal's reason when it aborts during the read). */
export async function readText(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** The headers of a response, lower-cased names, repeated ones joined with ", ". */
export function headerRecord(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}
