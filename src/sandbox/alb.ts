/**
 * The emulated AWS Load Balancer Controller + Application Load Balancer. Every Ingress of class
 * `alb` (spec.ingressClassName naming an IngressClass of controller `ingress.k8s.aws/alb`, the
 * `kubernetes.io/ingress.class: alb` annotation, or a default IngressClass of that controller)
 * gets a load balancer: a DNS name in `status.loadBalancer.ingress[0].hostname` named the way the
 * controller names it, and a real HTTP listener on 127.0.0.1 (one per load balancer, as each ALB
 * has its own address). Ingresses with the same `alb.ingress.kubernetes.io/group.name` share one.
 *
 * The listener evaluates rules like the ALB the controller programs: in Ingress order (groups by
 * `group.order`, then namespace/name), host conditions case-insensitive with `*`/`?` wildcards,
 * paths Exact / Prefix (element-wise) / ImplementationSpecific (ALB wildcards when the path has
 * `*` or `?`, else prefix), then `spec.defaultBackend`, then a 404 fixed response. Targets are the
 * backend Service's READY endpoints only, round robin; none → 503 with the ALB's HTML body.
 *
 * Where the URL is: `sb.alb.urlFor(ns, name)` and the Ingress annotation
 * `sandbox.eks-fargate-deploy/url` (for tools outside the process).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RoundRobin, serviceTargets, type SandboxAppConfig } from './app.js';
import type { SandboxClock } from './clock.js';
import type { SandboxImages } from './config.js';
import type { EventRecorder } from './events.js';
import { clone, type KubeObject } from './object.js';
import type { ObjectApi } from './objects.js';
import { ReconcileQueue } from './reconcile-queue.js';
import type { StoreEvent } from './watch.js';
import {
  A,
  albDnsName,
  albHostMatches,
  albName,
  albPathMatches,
  backendsOf,
  ingressKey,
  listenerRules,
  type Backend,
  type IngressSpecView,
  type ListenerRules,
} from './alb/rules.js';
import { serveAlbRequest, type Route } from './alb/listener.js';

export { albDnsName, albHostMatches, albName, albPathMatches } from './alb/rules.js';

/** Annotation where the sandbox writes the listener URL of an Ingress's load balancer. */
export const ALB_URL_ANNOTATION = 'sandbox.eks-fargate-deploy/url';
/** The controller name of the AWS Load Balancer Controller's IngressClass. */
const ALB_CONTROLLER = 'ingress.k8s.aws/alb';

/** Settings of the emulated load balancers. */
export interface SandboxAlbConfig {
  /** Region in the DNS names (`….<region>.elb.amazonaws.com`). Default: `eks.region`, else us-east-1. */
  region?: string;
  /**
   * Fargate pods can only be ALB targets with `target-type: ip`; with the controller's default
   * (`instance`) the target group stays empty and the ALB answers 503. Default true.
   */
  requireIpTargets?: boolean;
  /** Simulated time from a new Ingress to its load balancer answering (scaled by timeFactor). Default 0. */
  provisioningMs?: number;
}

/** One line of the ALB access log. */
export interface AlbAccessRecord {
  time: string;
  loadBalancer: string;
  method: string;
  host: string;
  path: string;
  status: number;
  /** `ns/pod` that answered, when a target was chosen. */
  target?: string;
  durationMs: number;
}

/** A provisioned load balancer. */
export interface AlbLoadBalancer {
  /** `k8s-…` load balancer name. */
  name: string;
  /** DNS name as written to Ingress status. */
  dnsName: string;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** Member Ingresses (`ns/name`). */
  members: string[];
}

interface Lb {
  key: string;
  name: string;
  dnsName: string;
  server: Server;
  port: number;
  members: Set<string>;
}

/** Dependencies of {@link AlbController}. */
export interface AlbDeps {
  api: ObjectApi;
  clock: SandboxClock;
  events: EventRecorder;
  clusterName: string;
  images: SandboxImages;
  app: SandboxAppConfig;
  alb: SandboxAlbConfig;
  region: string;
}

/** The emulated AWS Load Balancer Controller and its ALBs. */
export class AlbController {
  /** Newest ALB access log lines (bounded to 10 000). */
  readonly accessLog: AlbAccessRecord[] = [];
  /** Listener/reconcile failures (a port that could not be bound, a status write that failed). */
  readonly errors: string[] = [];
  private readonly deps: AlbDeps;
  private readonly lbs = new Map<string, Lb>();
  private readonly memberOf = new Map<string, string>();
  private readonly rr = new RoundRobin();
  private readonly queue = new ReconcileQueue(
    (key) => this.reconcile(key),
    (key, message) => this.errors.push(`ingress ${key}: ${message}`),
  );
  private readonly warned = new Set<string>();
  private stopped = false;
  private unsubscribe: () => void = () => undefined;

  constructor(deps: AlbDeps) {
    this.deps = deps;
  }

  /** Subscribes to Ingress/IngressClass changes and reconciles the Ingresses that already exist. */
  start(): void {
    const { api } = this.deps;
    this.unsubscribe = api.store.onEvent((e) => {
      this.onEvent(e);
    });
    for (const o of api.store.list(this.ingressType).items) this.enqueue(ingressKey(o));
  }

  private get ingressType() {
    return this.deps.api.registry.get('networking.k8s.io', 'ingresses');
  }

  private onEvent(e: StoreEvent): void {
    if (e.resourceKey === 'ingresses.networking.k8s.io') this.enqueue(ingressKey(e.object));
    else if (e.resourceKey === 'ingressclasses.networking.k8s.io')
      for (const o of this.deps.api.store.list(this.ingressType).items) this.enqueue(ingressKey(o));
  }

  private enqueue(key: string): void {
    if (!this.stopped) this.queue.enqueue(key);
  }

  /** Resolves when every queued Ingress change has been reconciled (tests, benchmarks). */
  async idle(): Promise<void> {
    await this.queue.idle();
  }

  /** Whether an Ingress is handled by the (emulated) AWS Load Balancer Controller. */
  isAlbIngress(ing: KubeObject): boolean {
    const ann = ing.metadata.annotations ?? {};
    const legacy = ann['kubernetes.io/ingress.class'];
    if (legacy !== undefined) return legacy === 'alb';
    const classes = this.deps.api.store.list(this.deps.api.registry.get('networking.k8s.io', 'ingressclasses')).items;
    const controllerOf = (c: KubeObject): string | undefined =>
      (c.spec as { controller?: string } | undefined)?.controller;
    const className = (ing.spec as IngressSpecView | undefined)?.ingressClassName;
    if (className) {
      const cls = classes.find((c) => c.metadata.name === className);
      return cls !== undefined && controllerOf(cls) === ALB_CONTROLLER;
    }
    return classes.some(
      (c) =>
        controllerOf(c) === ALB_CONTROLLER &&
        c.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true',
    );
  }

  private groupOf(ing: KubeObject): { key: string; explicit: boolean; namespace: string; name: string } {
    const g = ing.metadata.annotations?.[`${A}group.name`];
    if (g) return { key: `group:${g}`, explicit: true, namespace: '', name: g };
    return {
      key: `ingress:${ingressKey(ing)}`,
      explicit: false,
      namespace: ing.metadata.namespace ?? '',
      name: ing.metadata.name ?? '',
    };
  }

  private async reconcile(key: string): Promise<void> {
    if (this.stopped) return;
    const [ns, name] = key.split('/') as [string, string];
    const ing = this.deps.api.store.get(this.ingressType, ns, name);
    const desired = ing && !ing.metadata.deletionTimestamp && this.isAlbIngress(ing) ? this.groupOf(ing) : undefined;
    const current = this.memberOf.get(key);
    if (current && current !== desired?.key) {
      this.memberOf.delete(key);
      const lb = this.lbs.get(current);
      lb?.members.delete(key);
      if (lb && lb.members.size === 0) await this.closeLb(lb);
    }
    if (!ing || !desired) return;
    let lb = this.lbs.get(desired.key);
    if (!lb) {
      const scheme = ing.metadata.annotations?.[`${A}scheme`] === 'internet-facing' ? 'internet-facing' : 'internal';
      const provisioning = this.deps.alb.provisioningMs ?? 0;
      if (provisioning > 0 && !this.memberOf.has(key)) {
        await new Promise<void>((resolve) => this.deps.clock.after(provisioning, resolve));
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may have run during the await
        if (this.stopped) return;
      }
      lb = await this.openLb(desired.key, albName(this.deps.clusterName, desired, scheme), scheme);
      if (!lb) return;
    }
    lb.members.add(key);
    this.memberOf.set(key, desired.key);
    this.publish(ns, name, lb);
  }

  /** Writes hostname (status) and URL (annotation) when they differ, plus the controller's events. */
  private publish(ns: string, name: string, lb: Lb): void {
    const { api, events } = this.deps;
    const t = this.ingressType;
    let ing = api.store.get(t, ns, name);
    if (!ing) return;
    const url = `http://127.0.0.1:${lb.port}`;
    if (ing.metadata.annotations?.[ALB_URL_ANNOTATION] !== url) {
      const next = clone(ing);
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [ALB_URL_ANNOTATION]: url };
      ing = api.update(t, ns, name, next, { internal: true });
    }
    const lbStatus = (ing.status as { loadBalancer?: { ingress?: Array<{ hostname?: string }> } } | undefined)
      ?.loadBalancer?.ingress;
    if (lbStatus?.length !== 1 || lbStatus[0]?.hostname !== lb.dnsName) {
      ing = api.update(
        t,
        ns,
        name,
        { ...clone(ing), status: { loadBalancer: { ingress: [{ hostname: lb.dnsName }] } } },
        { subresource: 'status', internal: true },
      );
      events.record('ingress', ing, 'Normal', 'SuccessfullyReconciled', 'Successfully reconciled');
    }
    const warnKey = `${ns}/${name}@${ing.metadata.generation ?? 0}`;
    if (this.deps.alb.requireIpTargets !== false && !this.warned.has(warnKey)) {
      for (const b of backendsOf(ing)) {
        if (this.targetType(b) !== 'ip') {
          this.warned.add(warnKey);
          events.record(
            'ingress',
            ing,
            'Warning',
            'FailedDeployModel',
            `target group for service ${b.namespace}/${b.service} uses target-type instance, which cannot register Fargate pods; set the annotation ${A}target-type: ip (the ALB answers 503 until then)`,
          );
          break;
        }
      }
    }
  }

  private async openLb(key: string, name: string, scheme: string): Promise<Lb | undefined> {
    const server = createServer((req, res) => {
      this.serve(lb, req, res);
    });
    server.keepAliveTimeout = 60_000;
    const lb: Lb = {
      key,
      name,
      dnsName: albDnsName(name, scheme, this.deps.region),
      server,
      port: 0,
      members: new Set(),
    };
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          resolve();
        });
      });
    } catch (err) {
      this.errors.push(`load balancer ${name}: cannot listen on 127.0.0.1: ${(err as Error).message}`);
      return undefined;
    }
    if (this.stopped) {
      server.close();
      return undefined;
    }
    lb.port = (server.address() as AddressInfo).port;
    this.lbs.set(key, lb);
    return lb;
  }

  private closeLb(lb: Lb): Promise<void> {
    this.lbs.delete(lb.key);
    return new Promise((resolve) => {
      lb.server.close(() => {
        resolve();
      });
      lb.server.closeAllConnections();
    });
  }

  /** The listener URL (`http://127.0.0.1:<port>`) of an Ingress's load balancer, once provisioned. */
  urlFor(namespace: string, name: string): string | undefined {
    const lb = this.lbOf(namespace, name);
    return lb ? `http://127.0.0.1:${lb.port}` : undefined;
  }

  /** The DNS name of an Ingress's load balancer, once provisioned. */
  hostnameFor(namespace: string, name: string): string | undefined {
    return this.lbOf(namespace, name)?.dnsName;
  }

  /** Every provisioned load balancer. */
  loadBalancers(): AlbLoadBalancer[] {
    return [...this.lbs.values()].map((lb) => ({
      name: lb.name,
      dnsName: lb.dnsName,
      url: `http://127.0.0.1:${lb.port}`,
      port: lb.port,
      members: [...lb.members].sort(),
    }));
  }

  private lbOf(namespace: string, name: string): Lb | undefined {
    const k = this.memberOf.get(`${namespace}/${name}`);
    return k ? this.lbs.get(k) : undefined;
  }

  private targetType(b: Backend): string {
    const svc = this.deps.api.store.get(this.deps.api.registry.get('', 'services'), b.namespace, b.service);
    return (
      svc?.metadata.annotations?.[`${A}target-type`] ??
      b.ingress.metadata.annotations?.[`${A}target-type`] ??
      'instance'
    );
  }

  /** Listener rules of a load balancer in evaluation order, plus the default backend. */
  private rulesOf(lb: Lb): ListenerRules {
    const t = this.ingressType;
    return listenerRules(
      [...lb.members]
        .map((k) => {
          const [ns, name] = k.split('/') as [string, string];
          return this.deps.api.store.get(t, ns, name);
        })
        .filter((o): o is KubeObject => o !== undefined),
    );
  }

  /** Where a request goes: no rule (404), no usable target (503), or the next ready pod of the backend. */
  private route(lb: Lb, host: string, path: string): Route {
    const { rules, fallback, idleTimeoutMs } = this.rulesOf(lb);
    const rule = rules.find((r) => albHostMatches(r.host, host) && albPathMatches(r.pathType, r.path, path));
    const backend = rule?.backend ?? fallback;
    if (!backend) return { kind: 'no-rule' };
    if (this.deps.alb.requireIpTargets !== false && this.targetType(backend) !== 'ip') return { kind: 'unavailable' };
    const { api, images } = this.deps;
    const found = serviceTargets(api.store, api.registry, images, backend.namespace, backend.service, backend.port);
    if (!found.ok) return { kind: 'unavailable' };
    const target = this.rr.pick(
      `${lb.key}|${backend.namespace}/${backend.service}:${String(backend.port)}`,
      found.targets,
    );
    return { kind: 'target', target, idleTimeoutMs };
  }

  private serve(lb: Lb, req: IncomingMessage, res: ServerResponse): void {
    serveAlbRequest(lb, req, res, {
      route: (host, path) => this.route(lb, host, path),
      app: this.deps.app,
      log: (r) => {
        this.log(r);
      },
    });
  }

  private log(r: AlbAccessRecord): void {
    this.accessLog.push(r);
    if (this.accessLog.length > 10_000) this.accessLog.splice(0, this.accessLog.length - 10_000);
  }

  /** Closes every listener and stops reconciling. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    await Promise.all([...this.lbs.values()].map((lb) => this.closeLb(lb)));
  }
}
