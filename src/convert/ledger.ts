/**
 * The field ledger: what every input field of a workload became. Each mapper records the fields it
 * read as `mapped` (into an output object), `finding` (named in a warning, blocker or info) or
 * `no-meaning` (on the explicit list below: ECS bookkeeping with no Kubernetes counterpart).
 * The field-accounting test checks that every leaf of every input is covered by an entry, so a
 * field the converter silently drops fails that test with its path.
 */

/** What one input field (a leaf, or a whole subtree) became. */
export interface FieldFate {
  /** The input file (task definition, service or scaling document). */
  file: string;
  /** The workload (Kubernetes name) the field belongs to. */
  workload: string;
  /** JSON path inside the task definition / service / scaling input, e.g. `containerDefinitions[0].cpu`. */
  path: string;
  fate: 'mapped' | 'finding' | 'no-meaning';
  /** Where it went, e.g. `Deployment/web spec.template.spec.containers[app].resources.requests.cpu`. */
  to?: string;
  /** The finding code, for `finding`. */
  code?: string;
}

/**
 * Task-definition fields with no Kubernetes meaning: ECS bookkeeping, or a choice EKS Fargate makes
 * by itself (every pod is awsvpc-like, every pod is Fargate). Paths use `[*]` for any index.
 */
export const NO_KUBERNETES_MEANING: readonly string[] = Object.freeze([
  'family',
  'revision',
  'taskDefinitionArn',
  'status',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'compatibilities',
  'requiresAttributes',
  'requiresCompatibilities',
  'tags',
  'enableFaultInjection',
  'networkMode',
  'runtimePlatform.operatingSystemFamily',
  'runtimePlatform.cpuArchitecture',
  'containerDefinitions[*].essential',
  'containerDefinitions[*].disableNetworking',
  'containerDefinitions[*].credentialSpecs',
  'containerDefinitions[*].versionConsistency',
  'containerDefinitions[*].restartPolicy',
  'containerDefinitions[*].portMappings[*].hostPort',
  'containerDefinitions[*].portMappings[*].name',
  'containerDefinitions[*].portMappings[*].protocol',
  'containerDefinitions[*].portMappings[*].appProtocol',
  'containerDefinitions[*].mountPoints[*].sourceVolume',
  'volumes[*].name',
]);

/** Service fields with no Kubernetes meaning (ECS bookkeeping and live state). */
export const SERVICE_NO_KUBERNETES_MEANING: readonly string[] = Object.freeze([
  'serviceName',
  'serviceArn',
  'clusterArn',
  'cluster',
  'taskDefinition',
  'status',
  'runningCount',
  'pendingCount',
  'createdAt',
  'createdBy',
  'events',
  'deployments',
  'roleArn',
  'launchType',
  'platformVersion',
  'platformFamily',
  'propagateTags',
  'enableECSManagedTags',
  'tags',
  'taskSets',
  'deploymentController',
  'schedulingStrategy',
  'placementStrategy',
  'placementConstraints',
  'capacityProviderStrategy',
  'loadBalancers[*].containerName',
  'loadBalancers[*].containerPort',
  'loadBalancers[*].targetGroupArn',
  'loadBalancers[*].loadBalancerName',
  'networkConfiguration.awsvpcConfiguration.subnets',
  'serviceRegistries[*].registryArn',
  'serviceRegistries[*].containerName',
  'serviceRegistries[*].containerPort',
  'serviceRegistries[*].port',
  'availabilityZoneRebalancing',
  'clientToken',
  'role',
]);

/** True when `path` (concrete indices) equals `pattern` (with `[*]`) or lies below it. */
export function pathCoveredBy(path: string, pattern: string): boolean {
  const concrete = pattern.includes('[*]') ? path.replace(/\[\d+\]/g, '[*]') : path;
  return concrete === pattern || concrete.startsWith(`${pattern}.`) || concrete.startsWith(`${pattern}[`);
}

/** A ledger being filled by the mappers of one workload. */
export class FieldLedger {
  readonly entries: FieldFate[] = [];
  constructor(
    private readonly workload: string,
    private readonly defaultFile: string,
  ) {}

  mapped(path: string, to: string, file: string = this.defaultFile): void {
    this.entries.push({ file, workload: this.workload, path, fate: 'mapped', to });
  }

  finding(path: string, code: string, file: string = this.defaultFile): void {
    this.entries.push({ file, workload: this.workload, path, fate: 'finding', code });
  }

  noMeaning(path: string, file: string = this.defaultFile): void {
    this.entries.push({ file, workload: this.workload, path, fate: 'no-meaning' });
  }
}

/**
 * Every leaf path of a JSON value, as `a.b[0].c`. Empty objects and arrays count as leaves (a field
 * given as `{}` or `[]` is still a field the user wrote).
 */
export function leafPaths(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, at: string, root: boolean): void => {
    if (Array.isArray(v)) {
      if (v.length === 0 && !root) out.push(at);
      v.forEach((x, i) => {
        walk(x, `${at}[${i}]`, false);
      });
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 0 && !root) out.push(at);
      for (const k of keys) walk((v as Record<string, unknown>)[k], root ? k : `${at}.${k}`, false);
    } else if (!root) {
      out.push(at);
    }
  };
  walk(value, '', true);
  return out;
}

/**
 * Leaf paths of `input` that no ledger entry of `file` covers and no no-meaning pattern lists.
 * The field-accounting test's question; also handy when reviewing a conversion by hand.
 */
export function unaccountedFields(
  input: unknown,
  file: string,
  ledger: readonly FieldFate[],
  noMeaning: readonly string[],
): string[] {
  const mine = ledger.filter((e) => e.file === file).map((e) => e.path);
  return leafPaths(input).filter(
    (p) => !mine.some((m) => pathCoveredBy(p, m)) && !noMeaning.some((n) => pathCoveredBy(p, n)),
  );
}
