/**
 * A Kubernetes watch over plain HTTP: one JSON event per line, until the server ends the stream,
 * the caller aborts, or nothing arrives for {@link WATCH_IDLE_TIMEOUT_MS}.
 */
import { STATUS_CODES } from 'node:http';
import type { KubeObject } from '../model/kube-object.js';
import type { CredentialSource } from './credentials.js';
import { readText, sendRequest } from './http.js';

/** A watch that receives nothing (not even a bookmark) for this long is ended with a `TimeoutError`. */
const WATCH_IDLE_TIMEOUT_MS = 30_000;

/**
 * A watch the API server refused (403, 410, 500, ...): the message is the HTTP status text,
 * `statusCode` the status, `body` what the server said.
 */
class WatchRefusedError extends Error {
  override readonly name = 'WatchRefusedError';
  constructor(
    readonly statusCode: number,
    readonly body: string,
  ) {
    super(STATUS_CODES[statusCode] ?? `HTTP ${statusCode}`);
  }
}

function timeoutError(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

/**
 * Open the watch at `url` (its query already has `watch=true`). `onEvent` gets each event;
 * `onDone` is called exactly once: `null` when the server ended the stream, else the error (the
 * `WatchRefusedError` of a non-200 answer, a `TimeoutError`, or the abort). Abort the returned
 * controller to stop the watch.
 */
export async function watchStream(
  url: URL,
  credentials: CredentialSource,
  onEvent: (type: string, obj: KubeObject) => void,
  onDone: (err: unknown) => void,
): Promise<AbortController> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // An object, not two `let`s: the callbacks below change it between the checks.
  const state = { timedOut: false, finished: false };
  const resetTimer = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.timedOut = true;
      controller.abort(timeoutError());
    }, WATCH_IDLE_TIMEOUT_MS);
    timer.unref();
  };
  const finish = (err: unknown): void => {
    if (state.finished) return;
    state.finished = true;
    clearTimeout(timer);
    controller.abort();
    onDone(err !== null && state.timedOut ? timeoutError() : err);
  };
  const deliver = (line: string): void => {
    if (line.trim() === '') return;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      return; // not an event: ignored, as kubectl does
    }
    if (isWatchEvent(event)) onEvent(event.type, event.object);
  };
  try {
    const auth = await credentials();
    resetTimer();
    const res = await sendRequest(url, {
      method: 'GET',
      headers: { ...auth.headers, Accept: 'application/json' },
      agent: auth.agent,
      signal: controller.signal,
    });
    const status = res.statusCode ?? 0;
    if (status !== 200) throw new WatchRefusedError(status, await readText(res));
    resetTimer();
    const body = res;
    void (async () => {
      const decoder = new TextDecoder();
      let pending = '';
      try {
        for await (const chunk of body) {
          resetTimer();
          if (!(chunk instanceof Uint8Array)) continue;
          pending += decoder.decode(chunk, { stream: true });
          let nl: number;
          while ((nl = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, nl);
            pending = pending.slice(nl + 1);
            if (!state.finished) deliver(line);
          }
        }
        if (!state.finished) deliver(pending + decoder.decode());
        finish(null);
      } catch (err) {
        finish(err);
      }
    })();
  } catch (err) {
    finish(err);
  }
  return controller;
}

/** A line of a watch stream: `{type, object}` (the object is a Status for ERROR events). */
function isWatchEvent(v: unknown): v is { type: string; object: KubeObject } {
  return v !== null && typeof v === 'object' && 'type' in v && typeof v.type === 'string' && 'object' in v;
}
