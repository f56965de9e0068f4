/**
 * Kubernetes Events (core/v1) as controllers record them: one object per involved object +
 * reason + message, with `count` and `lastTimestamp` bumped on repeats, like client-go's
 * event correlator. Old events are pruned per namespace so long runs stay bounded.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxClock } from './clock.js';
import { clone, type KubeObject } from './object.js';
import type { ObjectApi } from './objects.js';

/** `Normal` or `Warning`. */
export type EventType = 'Normal' | 'Warning';

/** Records events on behalf of a component (`deployment-controller`, `fargate-scheduler`, `kubelet`). */
export class EventRecorder {
  private readonly recent = new Map<string, string>();
  private readonly perNamespace = new Map<string, string[]>();
  private seq = 0;

  private readonly api: ObjectApi;
  private readonly clock: SandboxClock;
  private readonly maxPerNamespace: number;

  constructor(api: ObjectApi, clock: SandboxClock, maxPerNamespace = 2000) {
    this.api = api;
    this.clock = clock;
    this.maxPerNamespace = maxPerNamespace;
  }

  /** Records (or bumps) an event about `obj`. */
  record(component: string, obj: KubeObject, type: EventType, reason: string, message: string, host?: string): void {
    const t = this.api.registry.get('', 'events');
    const ns = obj.metadata.namespace ?? 'default';
    const key = `${ns}/${obj.kind}/${obj.metadata.name}/${obj.metadata.uid}/${component}/${reason}/${message}`;
    const now = this.clock.timestamp();
    const existingName = this.recent.get(key);
    if (existingName) {
      const cur = this.api.store.get(t, ns, existingName);
      if (cur) {
        const next = clone(cur);
        next.count = Number(cur.count ?? 1) + 1;
        next.lastTimestamp = now;
        this.api.store.put(t, next);
        return;
      }
    }
    // A monotonic suffix keeps `kubectl get events` (sorted by name within a second) in causal order.
    const name = `${obj.metadata.name}.${(Date.now() * 1000 + (this.seq++ % 1000)).toString(16)}${randomBytes(2).toString('hex')}`;
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: {
        kind: obj.kind,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        uid: obj.metadata.uid,
        apiVersion: obj.apiVersion,
        resourceVersion: obj.metadata.resourceVersion,
      },
      reason,
      message,
      source: host ? { component, host } : { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: host ?? '',
    };
    try {
      this.api.create(t, ns, event, { internal: true });
    } catch {
      return; // namespace being deleted: events are best effort, as in Kubernetes
    }
    // Correlation is a cache: forgetting it only means a repeat starts a new Event object.
    if (this.recent.size > 10_000) this.recent.clear();
    this.recent.set(key, name);
    let names = this.perNamespace.get(ns);
    if (!names) this.perNamespace.set(ns, (names = []));
    names.push(name);
    if (names.length > this.maxPerNamespace) {
      for (const old of names.splice(0, names.length - this.maxPerNamespace)) this.api.store.remove(t, ns, old);
    }
  }
}
