/**
 * Pod logs (`kubectl logs`): the container's lines, `--previous` for the last terminated run,
 * `--follow` until the pod goes away or the client leaves, with kubectl's errors for a container
 * that has not started.
 */
import type { HandlerDeps } from './handlers.js';
import type { ResourceType } from './registry.js';
import { queryBool } from './requestinfo.js';
import type { HttpContext } from './server.js';
import { badRequest } from './status.js';

export function serveLogs(
  ctx: HttpContext,
  deps: HandlerDeps,
  t: ResourceType,
  ns: string,
  name: string,
): Promise<void> | void {
  const q = ctx.url.searchParams;
  const pod = deps.api.get(t, ns, name);
  const spec = (pod.spec ?? {}) as { containers?: Array<{ name: string }>; initContainers?: Array<{ name: string }> };
  const names = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c) => c.name);
  let container = q.get('container');
  if (!container) {
    const only = spec.containers?.length === 1 ? spec.containers[0] : undefined;
    if (!only) {
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${(spec.containers ?? []).map((c) => c.name).join(' ')}]`,
      );
    }
    container = only.name;
  }
  if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  if (!deps.logs.has(ns, name, container)) {
    const statuses =
      ((pod.status ?? {}) as { containerStatuses?: Array<{ name: string; state?: { waiting?: { reason?: string } } }> })
        .containerStatuses ?? [];
    const reason = statuses.find((s) => s.name === container)?.state?.waiting?.reason ?? 'ContainerCreating';
    throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
  }
  const timestamps = queryBool(q.get('timestamps'));
  const tail = q.get('tailLines') !== null ? Number(q.get('tailLines')) : undefined;
  const fmt = (l: { time: string; text: string }): string => (timestamps ? `${l.time} ${l.text}\n` : `${l.text}\n`);
  const { res } = ctx;
  if (queryBool(q.get('previous'))) {
    const prev = deps.logs.previousLines(ns, name, container, tail);
    if (!prev) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    res.writeHead(200, {
      'Content-Type': 'text/plain',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    for (const l of prev) res.write(fmt(l));
    res.end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'text/plain',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  for (const l of deps.logs.lines(ns, name, container, tail)) res.write(fmt(l));
  if (!queryBool(q.get('follow'))) {
    res.end();
    return;
  }
  return new Promise<void>((resolve) => {
    const stopFollow = deps.logs.follow(ns, name, container, (l) => res.write(fmt(l)));
    const sub = deps.api.store.watch(t, deps.api.store.resourceVersion, (e) => {
      if (e.type === 'DELETED' && e.object.metadata.name === name && e.object.metadata.namespace === ns) end();
    });
    function end(): void {
      stopFollow();
      sub.stop();
      if (!res.writableEnded) res.end();
      resolve();
    }
    ctx.req.on('close', end);
  });
}
