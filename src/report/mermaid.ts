import { escapeMermaidLabel } from './escape.js';
import type { DataStoreRef, PlanResult, WorkloadPlan } from './model.js';

/** A rendered flowchart and the figures a caller needs to decide whether GitHub can draw it. */
export interface TrafficDiagram {
  /** Mermaid source, without the code fence, ending in a newline. */
  text: string;
  nodes: number;
  edges: number;
}

/**
 * Mermaid's default `maxEdges`, which GitHub keeps: a flowchart with more edges is not drawn at
 * all, so the markdown report prints a sentence instead of a broken diagram.
 */
export const MERMAID_MAX_EDGES = 500;
/** Mermaid's default `maxTextSize` (characters of diagram source). */
export const MERMAID_MAX_TEXT = 50_000;

/**
 * Mermaid flowchart of the traffic path of a plan:
 * Internet (or VPC clients for internal load balancers) → ALB → Ingress (or TargetGroupBinding
 * for an existing target group) → Service:port → Pods → the workloads they call → data stores.
 *
 * One ALB node per scheme, because the AWS Load Balancer Controller can group Ingresses of one
 * scheme behind one ALB and the plan does not know the grouping. Workloads without a load balancer
 * hang off the pods of the workloads that call them, or stand alone. Node ids are derived from
 * the names, sanitised to `[A-Za-z0-9_]`, prefixed by their role (so no id is a Mermaid keyword
 * such as `end`) and made unique; labels go through {@link escapeMermaidLabel}.
 */
export function renderTrafficDiagram(plan: PlanResult): string {
  return buildTrafficDiagram(plan).text;
}

/** {@link renderTrafficDiagram} with its node and edge counts. */
export function buildTrafficDiagram(plan: PlanResult): TrafficDiagram {
  const diagram = new Diagram();
  const manyNamespaces = new Set(plan.workloads.map((w) => w.namespace)).size > 1;
  const display = (w: WorkloadPlan): string => (manyNamespaces ? `${w.namespace}/${w.name}` : w.name);

  // Entry points first, so Mermaid lays the diagram out from left to right in traffic order.
  addEntryPoints(diagram, plan.workloads);
  const chains = new Map<string, WorkloadNodes>();
  for (const w of plan.workloads) chains.set(workloadKey(w), addWorkloadChain(diagram, w, display(w)));
  const stores = new Map<string, string>();
  for (const w of plan.workloads) {
    const from = chains.get(workloadKey(w));
    if (from) addDependencies(diagram, plan.workloads, w, from.pods, chains, stores);
  }
  return diagram.render();
}

/** The Mermaid node ids of one workload: its pods, and its Service when it exposes ports. */
interface WorkloadNodes {
  pods: string;
  service?: string;
}

function workloadKey(w: WorkloadPlan): string {
  return `${w.namespace}/${w.name}`;
}

/** One client node per load-balancer scheme in use, and one ALB node per scheme and attachment kind. */
function addEntryPoints(diagram: Diagram, workloads: readonly WorkloadPlan[]): void {
  const { ids } = diagram;
  const schemes = (['internet-facing', 'internal'] as const).filter((scheme) =>
    workloads.some((w) => w.traffic.loadBalancer?.scheme === scheme),
  );
  for (const scheme of schemes) {
    const client =
      scheme === 'internet-facing'
        ? diagram.declare(ids.get('client:internet', 'internet'), `(("${escapeMermaidLabel('Internet')}"))`)
        : diagram.declare(ids.get('client:vpc', 'vpc_clients'), `(("${escapeMermaidLabel('VPC clients')}"))`);
    for (const via of ['ingress', 'targetgroupbinding'] as const) {
      if (!workloads.some((w) => w.traffic.loadBalancer?.scheme === scheme && w.traffic.loadBalancer.via === via))
        continue;
      const label = via === 'ingress' ? `ALB (${scheme})` : `existing ALB target groups (${scheme})`;
      const alb = diagram.declare(
        ids.get(`alb:${scheme}:${via}`, `alb_${scheme}${via === 'ingress' ? '' : '_tg'}`),
        `["${escapeMermaidLabel(label)}"]`,
      );
      diagram.connect(client, alb);
    }
  }
}

/** ALB → Ingress or TargetGroupBinding → Service:ports → Pods, for the parts one workload has. */
function addWorkloadChain(diagram: Diagram, w: WorkloadPlan, name: string): WorkloadNodes {
  const { ids } = diagram;
  const k = workloadKey(w);
  const lb = w.traffic.loadBalancer;
  let upstream: string | undefined;
  let service: string | undefined;
  if (lb) {
    const alb = ids.get(`alb:${lb.scheme}:${lb.via}`, '');
    const kind = lb.via === 'ingress' ? 'Ingress' : 'TargetGroupBinding';
    const entry = diagram.declare(
      ids.get(`${lb.via}:${k}`, `${lb.via === 'ingress' ? 'ing' : 'tgb'}_${w.namespace}_${w.name}`),
      `["${escapeMermaidLabel(`${kind} ${name}`)}"]`,
    );
    diagram.connect(alb, entry, lb.path);
    upstream = entry;
  }
  if (w.traffic.ports.length > 0) {
    const ports = [...w.traffic.ports].sort((a, b) => a - b).join(',');
    service = diagram.declare(
      ids.get(`svc:${k}`, `svc_${w.namespace}_${w.name}`),
      `["${escapeMermaidLabel(`Service ${name}:${ports}`)}"]`,
    );
    if (upstream) diagram.connect(upstream, service);
    upstream = service;
  }
  const podLabel = [
    escapeMermaidLabel(`${name} ×${w.replicas}`),
    escapeMermaidLabel(`Fargate ${w.fargate.capacityProvisioned}`),
    ...(w.blocked ? [escapeMermaidLabel('blocked: no Deployment')] : []),
  ].join('<br/>');
  const pods = diagram.declare(ids.get(`pods:${k}`, `pods_${w.namespace}_${w.name}`), `["${podLabel}"]`);
  if (w.blocked) diagram.blocked.push(pods);
  if (upstream) diagram.connect(upstream, pods);
  return service === undefined ? { pods } : { pods, service };
}

/** Edges from a workload's pods to the workloads it calls (dotted when not in the plan) and its data stores. */
function addDependencies(
  diagram: Diagram,
  workloads: readonly WorkloadPlan[],
  w: WorkloadPlan,
  pods: string,
  chains: ReadonlyMap<string, WorkloadNodes>,
  stores: Map<string, string>,
): void {
  const { ids } = diagram;
  for (const callee of w.traffic.calls) {
    const target = findCallee(workloads, w, callee);
    if (target === w) continue;
    const targetNodes = target && chains.get(workloadKey(target));
    if (targetNodes) {
      diagram.connect(pods, targetNodes.service ?? targetNodes.pods);
    } else {
      const external = diagram.declare(
        ids.get(`external:${callee}`, `ext_${callee}`),
        `["${escapeMermaidLabel(`${callee} (not in this plan)`)}"]`,
      );
      diagram.connect(pods, external, undefined, true);
    }
  }
  for (const store of w.traffic.dataStores) {
    const storeKey = `${store.kind}:${store.name}`;
    let id = stores.get(storeKey);
    if (!id) {
      id = diagram.declare(ids.get(`store:${storeKey}`, `ds_${store.name}`), dataStoreShape(store));
      stores.set(storeKey, id);
    }
    diagram.connect(pods, id);
  }
}

/** The callee of a call by name: in the caller's namespace first, then anywhere in the plan. */
function findCallee(workloads: readonly WorkloadPlan[], caller: WorkloadPlan, name: string): WorkloadPlan | undefined {
  return (
    workloads.find((w) => w.name === name && w.namespace === caller.namespace) ?? workloads.find((w) => w.name === name)
  );
}

function dataStoreShape(store: DataStoreRef): string {
  const label = escapeMermaidLabel(store.name);
  switch (store.kind) {
    case 'sqs':
    case 'sns':
    case 'other':
      return `(["${label}"])`;
    default:
      // Cylinder: something that keeps data.
      return `[("${label}")]`;
  }
}

/** The nodes and edges of a flowchart being built, each declared once, in the order first seen. */
class Diagram {
  readonly ids = new NodeIds();
  /** Ids of the nodes drawn with the `blocked` class. */
  readonly blocked: string[] = [];
  private readonly nodes: string[] = [];
  private readonly edges: string[] = [];
  private readonly declared = new Set<string>();
  private readonly edgeSet = new Set<string>();

  declare(id: string, shape: string): string {
    if (!this.declared.has(id)) {
      this.declared.add(id);
      this.nodes.push(`  ${id}${shape}`);
    }
    return id;
  }

  connect(from: string, to: string, label?: string, dotted = false): void {
    const arrow = dotted ? '-.->' : '-->';
    const line =
      label === undefined ? `  ${from} ${arrow} ${to}` : `  ${from} ${arrow}|"${escapeMermaidLabel(label)}"| ${to}`;
    if (!this.edgeSet.has(line)) {
      this.edgeSet.add(line);
      this.edges.push(line);
    }
  }

  render(): TrafficDiagram {
    const lines = ['flowchart LR', ...this.nodes, ...this.edges];
    if (this.blocked.length > 0) {
      lines.push('  classDef blocked stroke:#d1242f,stroke-width:2px,stroke-dasharray:4 2');
      lines.push(`  class ${this.blocked.join(',')} blocked`);
    }
    return { text: `${lines.join('\n')}\n`, nodes: this.declared.size, edges: this.edges.length };
  }
}

/** Allocates Mermaid node ids: one per key, derived from a readable hint, unique within the diagram. */
class NodeIds {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  get(key: string, hint: string): string {
    const known = this.byKey.get(key);
    if (known) return known;
    const base =
      hint
        .replace(/[^A-Za-z0-9_]+/g, '_')
        .replace(/_+/g, '_')
        .replace(/^_|_$/g, '')
        .slice(0, 48) || 'n';
    let id = base;
    for (let i = 2; this.taken.has(id); i++) id = `${base}_${i}`;
    this.taken.add(id);
    this.byKey.set(key, id);
    return id;
  }
}
