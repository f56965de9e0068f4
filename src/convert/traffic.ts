import type { DataStoreRef, TrafficPath, WorkloadPlan } from '../report/model.js';

/** What the traffic detector knows about one workload. */
export interface TrafficInput {
  name: string;
  ports: number[];
  loadBalancer: WorkloadPlan['traffic']['loadBalancer'];
  /** Environment values of every container (never secret values: those are references only). */
  envValues: readonly string[];
  /** Display names of the Secrets Manager secrets / SSM parameters the workload reads. */
  secretNames: readonly string[];
  workloadNames: readonly string[];
}

/** The traffic path plus hints about endpoints that will change with the move. */
export interface TrafficDetection {
  path: TrafficPath;
  hints: { message: string; field: string }[];
}

const STORE_PATTERNS: { kind: DataStoreRef['kind']; re: RegExp; label: string }[] = [
  { kind: 'rds', re: /([a-z0-9-]+)(?:\.[a-z0-9-]+)*\.rds\.amazonaws\.com/i, label: 'RDS' },
  { kind: 'redis', re: /([a-z0-9-]+)(?:\.[a-z0-9-]+)*\.cache\.amazonaws\.com/i, label: 'ElastiCache' },
  { kind: 'opensearch', re: /([a-z0-9-]+)(?:\.[a-z0-9-]+)*\.es\.amazonaws\.com/i, label: 'OpenSearch' },
  { kind: 'sqs', re: /sqs\.[a-z0-9-]+\.amazonaws\.com\/\d+\/([A-Za-z0-9_.-]+)/i, label: 'SQS' },
  { kind: 'sns', re: /arn:aws[a-z-]*:sns:[a-z0-9-]+:\d+:([A-Za-z0-9_.-]+)/i, label: 'SNS' },
  { kind: 'dynamodb', re: /arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d+:table\/([A-Za-z0-9_.-]+)/i, label: 'DynamoDB' },
  { kind: 's3', re: /s3:\/\/([a-z0-9.-]+)/i, label: 'S3' },
  {
    kind: 'database',
    re: /(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?):\/\/(?:[^@/\s]*@)?([a-z0-9.-]+)/i,
    label: 'database',
  },
  { kind: 'redis', re: /rediss?:\/\/(?:[^@/\s]*@)?([a-z0-9.-]+)/i, label: 'Redis' },
];

const SECRET_STORE_HINT = /(^|[^a-z])(db|database|rds|postgres|mysql|aurora)([^a-z]|$)/i;

/**
 * Infer where a workload's traffic comes from and goes to, from its load balancer, ports and
 * environment values: other workloads it calls and the data stores it uses. Also flags endpoint
 * values that point at ECS-era names (Cloud Map `.local` names, internal ALB DNS names).
 */
export function detectTraffic(input: TrafficInput): TrafficDetection {
  const stores = new Map<string, DataStoreRef>();
  const calls = new Set<string>();
  const hints: TrafficDetection['hints'] = [];
  const names = workloadNameSet(input.workloadNames);
  for (const value of input.envValues) {
    for (const p of STORE_PATTERNS) {
      const m = p.re.exec(value);
      if (m) {
        const ref: DataStoreRef = { name: `${p.label} ${m[1]}`, kind: p.kind };
        stores.set(ref.name, ref);
        break;
      }
    }
    // A workload is called when its name appears as a host-name label in the value (backend,
    // backend.shop.local, http://backend:8000/...). Tokenising once keeps this linear in the plan size.
    for (const token of value.toLowerCase().split(/[^a-z0-9-]+/)) {
      if (token !== input.name && names.has(token)) calls.add(token);
    }
    const host = /https?:\/\/([a-z0-9.-]+)/i.exec(value)?.[1];
    if (host && /\.elb\.amazonaws\.com$/i.test(host)) {
      hints.push({
        field: 'environment',
        message: `an environment value points at load balancer ${host}: inside the cluster call the Service by its DNS name instead`,
      });
    } else if (host && /\.local$/i.test(host) && !/\.svc\.cluster\.local$/i.test(host)) {
      const [svc = ''] = host.split('.');
      hints.push({
        field: 'environment',
        message: `an environment value points at ${host} (Cloud Map): on EKS use ${svc}.<namespace>.svc.cluster.local`,
      });
      if (input.workloadNames.includes(svc) && svc !== input.name) calls.add(svc);
    }
  }
  for (const s of input.secretNames) {
    if (SECRET_STORE_HINT.test(s)) {
      const ref: DataStoreRef = { name: `database (secret ${s})`, kind: 'database' };
      if (![...stores.values()].some((x) => x.kind === 'rds' || x.kind === 'database')) stores.set(ref.name, ref);
    }
  }
  const path: TrafficPath = {
    ports: [...input.ports].sort((a, b) => a - b),
    calls: [...calls].sort(),
    dataStores: [...stores.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
  if (input.loadBalancer) path.loadBalancer = input.loadBalancer;
  return { path, hints: dedupe(hints) };
}

const nameSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The plan's workload names as a set, built once per plan (the same array is passed for each workload). */
function workloadNameSet(names: readonly string[]): ReadonlySet<string> {
  let set = nameSets.get(names);
  if (!set) {
    set = new Set(names);
    nameSets.set(names, set);
  }
  return set;
}

function dedupe<T extends { message: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.message) ? false : (seen.add(i.message), true)));
}
