/**
 * Collection reads: list (JSON or a Table) and watch streams (initial events, bookmarks, timeouts,
 * the limits fault injection puts on a stream). Stored objects are serialised once and shared.
 */
import type { HandlerDeps } from './handlers.js';
import { objectJson, type KubeObject } from './object.js';
import { apiVersionOf, type ResourceType } from './registry.js';
import { queryBool } from './requestinfo.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { HttpContext } from './server.js';
import { badRequest, gone, StatusError } from './status.js';
import { toTable, wantsTable } from './table.js';
import type { StoreEvent } from './watch.js';

export function serveList(ctx: HttpContext, deps: HandlerDeps, t: ResourceType, ns: string | undefined): void {
  const q = ctx.url.searchParams;
  const rv = q.get('resourceVersion');
  if (rv && rv !== '0' && q.get('resourceVersionMatch') === 'Exact' && Number(rv) !== deps.api.store.resourceVersion) {
    throw gone(`too old resource version: ${rv} (${deps.api.store.resourceVersion})`);
  }
  const { items, resourceVersion } = deps.api.list(t, ns, {
    labelSelector: q.get('labelSelector'),
    fieldSelector: q.get('fieldSelector'),
  });
  if (wantsTable(ctx.req.headers.accept)) {
    ctx.sendJson(200, toTable(t.kind, items, resourceVersion, q.get('includeObject')));
    return;
  }
  const json = `{"kind":"${t.kind}List","apiVersion":"${apiVersionOf(t)}","metadata":{"resourceVersion":"${resourceVersion}"},"items":[${items.map(objectJson).join(',')}]}`;
  ctx.sendRaw(200, json);
}

/**
 * What a watch request asks for: which objects are in its scope, how each is encoded (JSON or a
 * Table row), where it starts, and whether it wants bookmarks and a timeout.
 */
interface WatchView {
  readonly inScope: (o: KubeObject) => boolean;
  readonly encode: (o: KubeObject) => string;
  readonly rvParam: string | null;
  readonly bookmarks: boolean;
  readonly initialEvents: boolean;
  readonly timeoutSeconds: number;
}

function watchView(ctx: HttpContext, t: ResourceType, ns: string | undefined): WatchView {
  const q = ctx.url.searchParams;
  const labels = parseLabelSelector(q.get('labelSelector'));
  const fields = parseFieldSelector(q.get('fieldSelector'));
  const table = wantsTable(ctx.req.headers.accept);
  const includeObject = q.get('includeObject');
  let firstTable = true;
  return {
    rvParam: q.get('resourceVersion'),
    bookmarks: queryBool(q.get('allowWatchBookmarks')),
    initialEvents: queryBool(q.get('sendInitialEvents')),
    timeoutSeconds: Number(q.get('timeoutSeconds') ?? '0'),
    inScope: (o) => (!ns || o.metadata.namespace === ns) && labels.matches(o.metadata.labels) && fields.matches(o),
    encode: (o) => {
      if (!table) return objectJson(o);
      const json = JSON.stringify(toTable(t.kind, [o], o.metadata.resourceVersion ?? '', includeObject, firstTable));
      firstTable = false;
      return json;
    },
  };
}

/** The event a watcher sees for a store change: an object leaving its scope is DELETED for it. */
function watchEventType(
  e: StoreEvent,
  inScope: (o: KubeObject) => boolean,
): 'ADDED' | 'MODIFIED' | 'DELETED' | undefined {
  const now = inScope(e.object);
  const before = e.previous ? inScope(e.previous) : false;
  if (e.type === 'DELETED') return before || now ? 'DELETED' : undefined;
  if (e.type === 'ADDED' || !before) return now ? 'ADDED' : undefined;
  return now ? 'MODIFIED' : 'DELETED';
}

export function serveWatch(
  ctx: HttpContext,
  deps: HandlerDeps,
  t: ResourceType,
  ns: string | undefined,
): Promise<void> {
  const { inScope, encode, rvParam, bookmarks, initialEvents, timeoutSeconds } = watchView(ctx, t, ns);
  const store = deps.api.store;
  const { res } = ctx;
  const limits = ctx.watchLimits ?? {};

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  return new Promise<void>((resolve) => {
    let sent = 0;
    // An object, not a `let`: finish() sets it from callbacks, which flow analysis does not follow.
    const stream = { done: false };
    const timers: NodeJS.Timeout[] = [];
    let stopSub = (): void => undefined;
    const finish = (): void => {
      if (stream.done) return;
      stream.done = true;
      stopSub();
      for (const tm of timers) clearTimeout(tm);
      if (!res.writableEnded) res.end();
      resolve();
    };
    const write = (type: string, json: string): void => {
      if (stream.done) return;
      res.write(`{"type":"${type}","object":${json}}\n`);
      sent++;
      if (limits.maxEvents !== undefined && sent >= limits.maxEvents) finish();
    };
    const bookmark = (extra?: Record<string, string>): void => {
      const meta: Record<string, unknown> = { resourceVersion: String(store.resourceVersion) };
      if (extra) meta.annotations = extra;
      write('BOOKMARK', JSON.stringify({ kind: t.kind, apiVersion: apiVersionOf(t), metadata: meta }));
    };
    const onEvent = (e: StoreEvent): void => {
      const type = watchEventType(e, inScope);
      if (type) write(type, encode(e.object));
    };
    ctx.req.on('close', finish);
    res.on('close', finish);
    try {
      if (!rvParam || rvParam === '0' || initialEvents) {
        for (const o of store.list(t, ns).items) if (inScope(o)) write('ADDED', encode(o));
        if (initialEvents && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
        if (stream.done) return;
        stopSub = store.watch(t, store.resourceVersion, onEvent).stop;
      } else {
        const from = Number(rvParam);
        if (!Number.isFinite(from)) throw badRequest(`invalid resourceVersion "${rvParam}"`);
        stopSub = store.watch(t, from, onEvent).stop;
      }
    } catch (err) {
      if (err instanceof StatusError) write('ERROR', JSON.stringify(err.toStatus()));
      finish();
      return;
    }
    if (stream.done) {
      stopSub();
      return;
    }
    if (bookmarks) {
      const tick = (): void => {
        bookmark();
        timers.push(setTimeout(tick, deps.bookmarkIntervalMs));
      };
      timers.push(setTimeout(tick, deps.bookmarkIntervalMs));
    }
    if (timeoutSeconds > 0) timers.push(setTimeout(finish, timeoutSeconds * 1000));
    if (limits.maxDurationMs !== undefined) timers.push(setTimeout(finish, limits.maxDurationMs));
  });
}
