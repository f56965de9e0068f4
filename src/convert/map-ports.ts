import type { EcsContainer, EcsTaskDefinition, LoadedService } from '../ecs/model.js';
import { isPortName, toDns1123Label } from './names.js';
import type { Container, WorkloadScope } from './scope.js';

export interface ServicePort {
  port: number;
  protocol: string;
  name: string;
  appProtocol?: string;
}

/** Which container ports something outside the pod routes to. */
export interface Routing {
  /** False when nothing says: then every port but sidecar admin ports is routed. */
  known: boolean;
  /** `container:port` pairs and bare `:port` entries (any container). */
  targets: Set<string>;
  /** Service Connect port names. */
  portNames: Set<string>;
}

/**
 * What routes to the task's containers: the service's load balancers, Cloud Map registries and
 * Service Connect services. Without any of them (a bare task definition, a worker service) the
 * routing is unknown.
 */
export function serviceRouting(service: LoadedService | undefined): Routing {
  const svc = service?.service;
  const targets = new Set<string>();
  const portNames = new Set<string>();
  let known = false;
  for (const lb of svc?.loadBalancers ?? []) {
    known = true;
    if (lb.containerPort !== undefined) targets.add(`${lb.containerName ?? ''}:${lb.containerPort}`);
  }
  for (const r of svc?.serviceRegistries ?? []) {
    if (r.containerPort !== undefined) {
      known = true;
      targets.add(`${r.containerName ?? ''}:${r.containerPort}`);
    } else if (r.port !== undefined) {
      known = true;
      targets.add(`:${r.port}`);
    }
  }
  // create-service input carries serviceConnectConfiguration at the top; describe output only in deployments.
  const sc = (
    svc as { serviceConnectConfiguration?: { enabled?: boolean; services?: { portName?: string }[] } } | undefined
  )?.serviceConnectConfiguration;
  const scs = [sc, ...(svc?.deployments ?? []).map((d) => d.serviceConnectConfiguration)];
  for (const s of scs) {
    if (!s?.enabled) continue;
    for (const x of s.services ?? []) {
      if (x.portName) {
        known = true;
        portNames.add(x.portName);
      }
    }
  }
  return { known, targets, portNames };
}

/** Ports of sidecars that are for the sidecar's own administration, never for clients. */
function isAdminPort(c: EcsContainer, port: number, name: string | undefined, td: EcsTaskDefinition): boolean {
  if (/admin/i.test(name ?? '')) return true;
  const proxy = td.proxyConfiguration?.containerName === c.name;
  const envoy = /envoy|appmesh|aws-appmesh/i.test(c.image) || /envoy/i.test(c.name);
  if ((proxy || envoy) && [9901, 15000, 15001, 15090].includes(port)) return true;
  return Boolean(c.firelensConfiguration);
}

/**
 * A readable port name (an IANA service name, 15 characters): the ECS name when it is one,
 * else the protocol (`http`, `grpc`, `udp`), then `http-8080` when that is taken. Never a hash.
 */
function portName(
  given: string | undefined,
  port: number,
  protocol: string,
  appProtocol: string | undefined,
  taken: ReadonlySet<string>,
): string {
  const candidates: string[] = [];
  if (given) {
    const g = toDns1123Label(given, 1000);
    if (isPortName(g)) candidates.push(g);
    // `my-service-http` → `http`: the last words often say it.
    const tail = g.split('-').slice(-1)[0] ?? '';
    if (isPortName(tail) && /^(http|https|grpc|h2c|tcp|udp|metrics|admin)$/.test(tail))
      candidates.push(`${tail}-${port}`);
  }
  const base =
    protocol === 'UDP' ? 'udp' : appProtocol === 'grpc' ? 'grpc' : port === 443 || port === 8443 ? 'https' : 'http';
  candidates.push(base, `${base}-${port}`, `p-${port}`);
  for (const c of candidates) if (isPortName(c) && !taken.has(c)) return c;
  let n = 2;
  while (taken.has(`p-${port}-${n}`)) n++;
  return `p-${port}-${n}`;
}

/** portMappings → container ports; those a load balancer, registry or Service Connect routes to → Service ports. */
export function mapPorts(
  scope: WorkloadScope,
  td: EcsTaskDefinition,
  c: EcsContainer,
  at: string,
  k: Container,
  routing: Routing,
  state: { servicePorts: ServicePort[]; takenNames: Set<string>; firstPort?: number | undefined },
): void {
  const ports: Record<string, unknown>[] = [];
  (c.portMappings ?? []).forEach((p, j) => {
    const field = `${at}.portMappings[${j}]`;
    const port = p.containerPort;
    // The parser requires a containerPort or a containerPortRange on every mapping.
    if (p.containerPortRange || port === undefined) {
      scope.add(
        'warning',
        'port-range',
        `containerPortRange ${p.containerPortRange} is dropped: Kubernetes Services cannot expose port ranges`,
        `${field}.containerPortRange`,
        c.name,
      );
      scope.ledger.finding(field, 'port-range');
      return;
    }
    const protocol = (p.protocol ?? 'tcp').toUpperCase();
    if (p.hostPort !== undefined && p.hostPort !== 0) {
      if (p.hostPort === port) {
        scope.add(
          'info',
          'host-port-dropped',
          `hostPort ${p.hostPort} dropped: pods get their own IP, the container port is reached directly`,
          `${field}.hostPort`,
          c.name,
        );
      } else {
        scope.add(
          'warning',
          'host-port-dropped',
          `hostPort ${p.hostPort} dropped (EKS Fargate forbids hostPort): clients must use containerPort ${port} or the Service`,
          `${field}.hostPort`,
          c.name,
        );
      }
    }
    const pName = portName(p.name, port, protocol, p.appProtocol, state.takenNames);
    state.takenNames.add(pName);
    ports.push({ name: pName, containerPort: port, protocol });
    const routed = routing.known
      ? routing.targets.has(`${c.name}:${port}`) ||
        routing.targets.has(`:${port}`) ||
        (p.name !== undefined && routing.portNames.has(p.name))
      : !isAdminPort(c, port, p.name, td);
    const to = `Deployment/${scope.name} container ${k.name} ports[${pName}]`;
    if (routed && !state.servicePorts.some((sp) => sp.port === port && sp.protocol === protocol)) {
      const sp: ServicePort = { port, protocol, name: pName };
      if (p.appProtocol) sp.appProtocol = p.appProtocol;
      state.servicePorts.push(sp);
    }
    if (routed && state.firstPort === undefined && protocol === 'TCP') state.firstPort = port;
    scope.mapped(field, routed ? `${to} + Service/${scope.name} port ${port}` : to);
    scope.row(
      `${field} ${port}/${protocol.toLowerCase()}`,
      `container ${k.name}: port ${pName}${routed ? `; Service port ${port}` : ' (container port only: nothing routes to it)'}`,
    );
  });
  if (c.portMappings && c.portMappings.length === 0) scope.noMeaning(`${at}.portMappings`);
  if (ports.length > 0) k['ports'] = ports;
}

/** What the service routes to is not a port of the task: keep every port rather than none, and say so. */
export function checkRouting(
  scope: WorkloadScope,
  routing: Routing,
  defs: readonly EcsContainer[],
  service: LoadedService | undefined,
): void {
  if (!routing.known || routesToAnyPort(routing, defs)) return;
  routing.known = false;
  const exposed = defs.flatMap((c) =>
    (c.portMappings ?? []).filter((p) => p.containerPort !== undefined).map((p) => `${c.name}:${p.containerPort}`),
  );
  if (exposed.length === 0) return;
  scope.add(
    'warning',
    'routing-mismatch',
    `the service routes to ${[...routing.targets].map((t) => t.replace(/^:/, 'port ')).join(', ') || [...routing.portNames].join(', ')}, which no container exposes (they expose ${exposed.join(', ')}): every port goes into the Service; check the load balancer's containerPort`,
    'loadBalancers',
    undefined,
    service?.source,
  );
}

/** Whether any container port is one the service's load balancers, registries or Service Connect route to. */
function routesToAnyPort(routing: Routing, defs: readonly EcsContainer[]): boolean {
  return defs.some((c) =>
    (c.portMappings ?? []).some(
      (p) =>
        routing.targets.has(`${c.name}:${p.containerPort}`) ||
        routing.targets.has(`:${p.containerPort}`) ||
        (p.name !== undefined && routing.portNames.has(p.name)),
    ),
  );
}
