/**
 * `type: LoadBalancer` Services, as EKS on Fargate provisions them. Two controllers can answer:
 *
 * - the AWS Load Balancer Controller, for Services of `spec.loadBalancerClass: service.k8s.aws/nlb`
 *   or the annotation `service.beta.kubernetes.io/aws-load-balancer-type: external` (or the legacy
 *   `nlb-ip`): a Network Load Balancer named `k8s-<ns 8>-<name 8>-<10 hex>`, with IP targets when
 *   `aws-load-balancer-nlb-target-type: ip` (or `nlb-ip`), else instance targets;
 * - the in-tree cloud provider (every other LoadBalancer Service without a `loadBalancerClass`):
 *   a Classic Load Balancer (or an NLB with `aws-load-balancer-type: nlb`), always instance targets.
 *
 * Either way the Service gets `status.loadBalancer.ingress[0].hostname`. Instance targets are EC2
 * nodes reached through a NodePort; Fargate nodes cannot be registered, so the target group stays
 * empty and every connection through such a load balancer is reset ("no healthy targets"). With IP
 * targets the READY endpoints of the Service port answer, round robin; none → reset as well (an
 * NLB with no registered targets drops the flow). A Service with another `loadBalancerClass` is
 * left alone (no controller of that class), so it never gets an address.
 *
 * Each Service port gets a real HTTP listener on 127.0.0.1 (the emulated app speaks HTTP):
 * `sb.serviceLbs.urlFor(ns, name, port?)` and the annotation `sandbox.eks-fargate-deploy/url`
 * (the first port's listener).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appRespond, RoundRobin, serviceTargets, type SandboxAppConfig } from './app.js';
import type { SandboxImages } from './config.js';
import type { EventRecorder } from './events.js';
import { clone, type KubeObject } from './object.js';
import type { ObjectApi } from './objects.js';
import { ReconcileQueue } from './reconcile-queue.js';
import type { StoreEvent } from './watch.js';

/** Annotation where the sandbox writes the listener URL of a Service's load balancer (first port). */
const SERVICE_LB_URL_ANNOTATION = 'sandbox.eks-fargate-deploy/url';
/** The load balancer class of the AWS Load Balancer Controller's NLBs. */
const LBC_NLB_CLASS = 'service.k8s.aws/nlb';

const S = 'service.beta.kubernetes.io/';

/** Who provisions a LoadBalancer Service and how it reaches pods. */
export interface ServiceLbModel {
  controller: 'aws-load-balancer-controller' | 'service-controller';
  kind: 'nlb' | 'classic';
  targetType: 'ip' | 'instance';
  scheme: 'internal' | 'internet-facing';
}

/**
 * The load balancer a LoadBalancer Service gets on EKS, or undefined when no controller in the
 * cluster handles it (not type LoadBalancer, or a `loadBalancerClass` nobody serves).
 */
export function serviceLbModel(svc: Pick<KubeObject, 'metadata'> & { spec?: unknown }): ServiceLbModel | undefined {
  const spec = (svc.spec ?? {}) as { type?: string; loadBalancerClass?: string };
  if (spec.type !== 'LoadBalancer') return undefined;
  const ann = svc.metadata.annotations ?? {};
  const lbType = ann[`${S}aws-load-balancer-type`];
  const lbc =
    spec.loadBalancerClass === LBC_NLB_CLASS ||
    (spec.loadBalancerClass === undefined && (lbType === 'external' || lbType === 'nlb-ip'));
  if (spec.loadBalancerClass !== undefined && !lbc) return undefined;
  if (lbc) {
    const targetType = lbType === 'nlb-ip' || ann[`${S}aws-load-balancer-nlb-target-type`] === 'ip' ? 'ip' : 'instance';
    // The controller's default scheme is internal; the legacy nlb-ip type defaults to internet-facing.
    const scheme =
      ann[`${S}aws-load-balancer-scheme`] === 'internet-facing' ||
      (lbType === 'nlb-ip' && ann[`${S}aws-load-balancer-internal`] !== 'true')
        ? 'internet-facing'
        : 'internal';
    return { controller: 'aws-load-balancer-controller', kind: 'nlb', targetType, scheme };
  }
  const internal =
    ann[`${S}aws-load-balancer-internal`] === 'true' || ann[`${S}aws-load-balancer-internal`] === '0.0.0.0/0';
  return {
    controller: 'service-controller',
    kind: lbType === 'nlb' ? 'nlb' : 'classic',
    targetType: 'instance',
    scheme: internal ? 'internal' : 'internet-facing',
  };
}

function h(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** The DNS name AWS would give the load balancer of a Service (deterministic). */
function serviceLbDnsName(clusterName: string, svc: KubeObject, model: ServiceLbModel, region: string): string {
  const ns = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name ?? '';
  const clean = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '');
  if (model.controller === 'aws-load-balancer-controller') {
    const lbName = `k8s-${clean(ns).slice(0, 8)}-${clean(name).slice(0, 8)}-${h(clusterName + ns + name + model.scheme).slice(0, 10)}`;
    return `${lbName}-${h(`dns:${lbName}`).slice(0, 16)}.elb.${region}.amazonaws.com`;
  }
  // The in-tree provider names the load balancer "a" + the Service UID without dashes (32 characters).
  const lbName = `a${(svc.metadata.uid ?? h(ns + name)).replace(/-/g, '')}`.slice(0, 32);
  if (model.kind === 'nlb') return `${lbName}-${h(`dns:${lbName}`).slice(0, 16)}.elb.${region}.amazonaws.com`;
  return `${model.scheme === 'internal' ? 'internal-' : ''}${lbName}-${parseInt(h(`dns:${lbName}`).slice(0, 8), 16)}.${region}.elb.amazonaws.com`;
}

/** One line of the service load balancers' flow log. */
export interface ServiceLbFlow {
  time: string;
  service: string;
  port: number;
  /** HTTP status the pod answered, or `reset` when the flow was dropped. */
  result: number | 'reset';
  /** Why a flow was reset. */
  reason?: string;
  target?: string;
}

interface Listener {
  port: number;
  server: Server;
}

interface ServiceLb {
  key: string;
  dnsName: string;
  model: ServiceLbModel;
  /** Service port → listener. */
  listeners: Map<number, Listener>;
}

/** Dependencies of {@link ServiceLoadBalancers}. */
export interface ServiceLbDeps {
  api: ObjectApi;
  events: EventRecorder;
  clusterName: string;
  images: SandboxImages;
  app: SandboxAppConfig;
  region: string;
}

/** The emulated load balancers of `type: LoadBalancer` Services. */
export class ServiceLoadBalancers {
  /** Newest flows (bounded to 10 000). */
  readonly flows: ServiceLbFlow[] = [];
  readonly errors: string[] = [];
  private readonly deps: ServiceLbDeps;
  private readonly lbs = new Map<string, ServiceLb>();
  private readonly rr = new RoundRobin();
  private readonly queue = new ReconcileQueue(
    (key) => this.reconcile(key),
    (key, message) => this.errors.push(`service ${key}: ${message}`),
  );
  private stopped = false;
  private unsubscribe: () => void = () => undefined;

  constructor(deps: ServiceLbDeps) {
    this.deps = deps;
  }

  private get serviceType() {
    return this.deps.api.registry.get('', 'services');
  }

  /** Subscribes to Service changes and reconciles the Services that already exist. */
  start(): void {
    this.unsubscribe = this.deps.api.store.onEvent((e: StoreEvent) => {
      if (e.resourceKey === 'services') this.enqueue(`${e.object.metadata.namespace ?? ''}/${e.object.metadata.name}`);
    });
    for (const o of this.deps.api.store.list(this.serviceType).items)
      this.enqueue(`${o.metadata.namespace ?? ''}/${o.metadata.name}`);
  }

  private enqueue(key: string): void {
    if (!this.stopped) this.queue.enqueue(key);
  }

  /** Resolves when every queued Service change has been reconciled. */
  async idle(): Promise<void> {
    await this.queue.idle();
  }

  private async reconcile(key: string): Promise<void> {
    if (this.stopped) return;
    const [ns, name] = key.split('/') as [string, string];
    const svc = this.deps.api.store.get(this.serviceType, ns, name);
    const model = svc && !svc.metadata.deletionTimestamp ? serviceLbModel(svc) : undefined;
    const ports = ((svc?.spec as { ports?: Array<{ port?: number }> } | undefined)?.ports ?? [])
      .map((p) => p.port)
      .filter((p): p is number => typeof p === 'number');
    let lb = this.lbs.get(key);
    if (
      lb &&
      (!model ||
        lb.model.targetType !== model.targetType ||
        lb.model.controller !== model.controller ||
        lb.model.kind !== model.kind ||
        lb.model.scheme !== model.scheme)
    ) {
      await this.close(lb);
      lb = undefined;
    }
    if (!svc || !model) return;
    if (!lb) {
      lb = {
        key,
        dnsName: serviceLbDnsName(this.deps.clusterName, svc, model, this.deps.region),
        model,
        listeners: new Map(),
      };
      this.lbs.set(key, lb);
    }
    for (const [p, l] of lb.listeners) {
      if (!ports.includes(p)) {
        lb.listeners.delete(p);
        l.server.close();
        l.server.closeAllConnections();
      }
    }
    for (const p of ports) {
      if (lb.listeners.has(p)) continue;
      const listener = await this.listen(lb, ns, name, p);
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may have run during the await
      if (this.stopped) {
        listener?.server.close();
        return;
      }
      if (listener) lb.listeners.set(p, listener);
    }
    this.publish(ns, name, lb, ports);
  }

  private async listen(lb: ServiceLb, ns: string, name: string, servicePort: number): Promise<Listener | undefined> {
    const server = createServer((req, res) => {
      this.serve(lb, ns, name, servicePort, req, res);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          resolve();
        });
      });
    } catch (err) {
      this.errors.push(`load balancer of service ${ns}/${name}: cannot listen on 127.0.0.1: ${(err as Error).message}`);
      return undefined;
    }
    return { port: (server.address() as AddressInfo).port, server };
  }

  private publish(ns: string, name: string, lb: ServiceLb, ports: number[]): void {
    const { api, events } = this.deps;
    const t = this.serviceType;
    let svc = api.store.get(t, ns, name);
    if (!svc) return;
    const first = ports[0] === undefined ? undefined : lb.listeners.get(ports[0]);
    const url = first ? `http://127.0.0.1:${first.port}` : undefined;
    if (url && svc.metadata.annotations?.[SERVICE_LB_URL_ANNOTATION] !== url) {
      const next = clone(svc);
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [SERVICE_LB_URL_ANNOTATION]: url };
      svc = api.update(t, ns, name, next, { internal: true });
    }
    const ingress = (svc.status as { loadBalancer?: { ingress?: Array<{ hostname?: string }> } } | undefined)
      ?.loadBalancer?.ingress;
    if (ingress?.length !== 1 || ingress[0]?.hostname !== lb.dnsName) {
      svc = api.update(
        t,
        ns,
        name,
        { ...clone(svc), status: { loadBalancer: { ingress: [{ hostname: lb.dnsName }] } } },
        { subresource: 'status', internal: true },
      );
      if (lb.model.controller === 'aws-load-balancer-controller')
        events.record('service', svc, 'Normal', 'SuccessfullyReconciled', 'Successfully reconciled');
      else {
        events.record('service-controller', svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer');
        events.record('service-controller', svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
      }
    }
  }

  private serve(
    lb: ServiceLb,
    ns: string,
    name: string,
    servicePort: number,
    req: IncomingMessage,
    res: ServerResponse,
  ): void {
    const time = new Date().toISOString();
    const drop = (reason: string): void => {
      this.log({ time, service: `${ns}/${name}`, port: servicePort, result: 'reset', reason });
      req.socket.destroy();
    };
    req.resume();
    req.on('end', () => {
      if (lb.model.targetType !== 'ip') {
        drop('no healthy targets: instance targets cannot register Fargate pods');
        return;
      }
      const found = serviceTargets(
        this.deps.api.store,
        this.deps.api.registry,
        this.deps.images,
        ns,
        name,
        servicePort,
      );
      if (!found.ok) {
        drop(`no healthy targets: ${found.message}`);
        return;
      }
      const target = this.rr.pick(`${lb.key}:${servicePort}`, found.targets);
      const answer = appRespond(
        target,
        { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers },
        this.deps.app,
      );
      const send = (): void => {
        if (answer.kind === 'reset') {
          drop(answer.reason);
          return;
        }
        this.log({
          time,
          service: `${ns}/${name}`,
          port: servicePort,
          result: answer.status,
          target: `${target.pod.metadata.namespace}/${target.pod.metadata.name}`,
        });
        if (!res.headersSent) {
          res.writeHead(answer.status, { 'Content-Length': String(Buffer.byteLength(answer.body)), ...answer.headers });
          res.end(req.method === 'HEAD' ? undefined : answer.body);
        }
      };
      if (answer.delayMs > 0) {
        const timer = setTimeout(send, answer.delayMs);
        res.on('close', () => {
          clearTimeout(timer);
        });
      } else send();
    });
  }

  /** The listener URL of a Service's load balancer for a Service port (default: the first), once provisioned. */
  urlFor(namespace: string, name: string, port?: number): string | undefined {
    const lb = this.lbs.get(`${namespace}/${name}`);
    if (!lb) return undefined;
    const l = port === undefined ? lb.listeners.values().next().value : lb.listeners.get(port);
    return l ? `http://127.0.0.1:${l.port}` : undefined;
  }

  /** The DNS name and model of a Service's load balancer, once provisioned. */
  describe(namespace: string, name: string): { dnsName: string; model: ServiceLbModel } | undefined {
    const lb = this.lbs.get(`${namespace}/${name}`);
    return lb ? { dnsName: lb.dnsName, model: { ...lb.model } } : undefined;
  }

  private log(f: ServiceLbFlow): void {
    this.flows.push(f);
    if (this.flows.length > 10_000) this.flows.splice(0, this.flows.length - 10_000);
  }

  private async close(lb: ServiceLb): Promise<void> {
    this.lbs.delete(lb.key);
    await Promise.all(
      [...lb.listeners.values()].map(
        (l) =>
          new Promise<void>((resolve) => {
            l.server.close(() => {
              resolve();
            });
            l.server.closeAllConnections();
          }),
      ),
    );
  }

  /** Closes every listener and stops reconciling. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    await Promise.all([...this.lbs.values()].map((lb) => this.close(lb)));
  }
}
