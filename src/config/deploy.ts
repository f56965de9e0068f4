import { randomUUID } from 'node:crypto';
import { UserInputError, UserInputErrors } from '../errors.js';
import { parseSeconds } from '../util/duration.js';
import { isDns1123Label } from '../convert/names.js';
import { bool, multi, parseArgs, single, type FlagSpec, type OptionalStringKey } from './args.js';
import { flagSpecs } from '../command-model.js';
import { validated } from './validated.js';

/** How to reach the cluster: EKS by name (token made here) or a kubeconfig. */
export type ClusterTarget =
  | { kind: 'eks'; clusterName: string; region: string }
  | { kind: 'kubeconfig'; path?: string; context?: string; clusterName?: string; region?: string };

/** Everything `deploy` needs, validated once. */
export interface DeployConfig {
  cluster: ClusterTarget;
  /** Manifest sources: files, directories, globs, kustomize directories. */
  manifests: string[];
  /** ECS task definitions to convert instead of (or besides) manifests. */
  ecsTaskDefinitions: string[];
  ecsServices: string[];
  ecsScaling: string[];
  namespace: string;
  release: string;
  /** `name=ref[@sha256:…]` lines or a YAML/JSON list: parsed by the render step. */
  images: string;
  /** Smoke test spec (file path) or inline YAML. */
  smokeTests?: { text?: string; file?: string };
  workspace: string;
  timeoutSeconds: number;
  graceSeconds: number;
  /**
   * Settle window: how long a completed rollout of pods with a container without a readiness
   * probe must run with no restart or exit before it counts (default: the larger of grace and 10 s).
   */
  settleSeconds: number;
  lockWaitSeconds: number;
  /**
   * leaseDurationSeconds of the deploy lock (renewed every third of it): how long a dead runner
   * blocks the namespace, and how soon a deploy notices that its lock was taken over.
   */
  lockLeaseSeconds: number;
  autoRollback: boolean;
  forceConflicts: boolean;
  prune: boolean;
  historyLimit: number;
  /**
   * Namespaces besides `namespace` the release may write in (`--allow-namespace`); objects in any
   * other namespace are refused before anything is applied.
   */
  allowNamespaces: string[];
  /** Cluster-scoped objects (ClusterRole, IngressClass, Namespaces not allowed above) may be applied. */
  allowClusterScoped: boolean;
  /** Existing objects no release of this tool created may be taken over (their prior state is recorded and restored on rollback). */
  adopt: boolean;
  commit?: string;
  runUrl?: string;
  /** Who holds the deploy lock: unique per deploy (see `holderOf`); the run URL is shown beside it. */
  holder: string;
}

/** Everything `rollback` needs. */
export interface RollbackConfig {
  cluster: ClusterTarget;
  namespace: string;
  release: string;
  /** Release number to restore; default: the last deployed before the current one. */
  toRelease?: number;
  smokeTests?: { text?: string; file?: string };
  workspace: string;
  timeoutSeconds: number;
  graceSeconds: number;
  /**
   * Settle window: how long a completed rollout of pods with a container without a readiness
   * probe must run with no restart or exit before it counts (default: the larger of grace and 10 s).
   */
  settleSeconds: number;
  lockWaitSeconds: number;
  /** As {@link DeployConfig.lockLeaseSeconds}. */
  lockLeaseSeconds: number;
  holder: string;
  runUrl?: string;
}

/** Plain values for deploy/rollback/history, from CLI flags or action inputs. */
export interface DeploySettings {
  clusterName?: string;
  region?: string;
  kubeconfig?: string;
  context?: string;
  manifests: string[];
  ecsTaskDefinitions: string[];
  ecsServices: string[];
  ecsScaling: string[];
  namespace?: string;
  release?: string;
  images: string[];
  smokeTests?: string;
  timeout?: string;
  grace?: string;
  settle?: string;
  lockWait?: string;
  lockLease?: string;
  autoRollback?: string;
  forceConflicts: boolean;
  prune: boolean;
  allowNamespaces?: string[];
  allowClusterScoped?: boolean;
  adopt?: boolean;
  historyLimit?: string;
  commit?: string;
  runUrl?: string;
  toRelease?: string;
  workspace?: string;
}

export const DEPLOY_FLAGS: Record<string, FlagSpec> = flagSpecs('deploy');

export const ROLLBACK_FLAGS: Record<string, FlagSpec> = flagSpecs('rollback');

export const HISTORY_FLAGS: Record<string, FlagSpec> = flagSpecs('history');

const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

function settingsFromArgs(argv: readonly string[], spec: Record<string, FlagSpec>): DeploySettings {
  const args = parseArgs(argv, spec);
  if (args.positionals.length > 0)
    throw new UserInputError(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
  const s: DeploySettings = {
    manifests: multi(args, 'manifests'),
    ecsTaskDefinitions: multi(args, 'ecs-task-definition'),
    ecsServices: multi(args, 'ecs-service'),
    ecsScaling: multi(args, 'ecs-scaling'),
    images: multi(args, 'image'),
    forceConflicts: bool(args, 'force-conflicts'),
    prune: bool(args, 'prune'),
  };
  if (spec['allow-namespace']) s.allowNamespaces = multi(args, 'allow-namespace');
  if (spec['adopt']) s.adopt = bool(args, 'adopt');
  if (spec['allow-cluster-scoped']) s.allowClusterScoped = bool(args, 'allow-cluster-scoped');
  const keys: [OptionalStringKey<DeploySettings>, string][] = [
    ['clusterName', 'cluster-name'],
    ['region', 'region'],
    ['kubeconfig', 'kubeconfig'],
    ['context', 'context'],
    ['namespace', 'namespace'],
    ['release', 'release'],
    ['smokeTests', 'smoke-tests'],
    ['timeout', 'timeout'],
    ['grace', 'grace'],
    ['settle', 'settle'],
    ['lockWait', 'lock-wait'],
    ['lockLease', 'lock-lease'],
    ['autoRollback', 'auto-rollback'],
    ['historyLimit', 'history-limit'],
    ['commit', 'commit'],
    ['runUrl', 'run-url'],
    ['toRelease', 'to-release'],
    ['workspace', 'workspace'],
  ];
  for (const [key, flag] of keys) {
    const v = spec[flag] ? single(args, flag) : undefined;
    if (v !== undefined) s[key] = v;
  }
  return s;
}

/** `deploy` flags → config. */
export function deployConfigFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): DeployConfig {
  return validateDeploySettings(settingsFromArgs(argv, DEPLOY_FLAGS), (f) => `--${f}`, env);
}

/** `rollback` flags → config. */
export function rollbackConfigFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): RollbackConfig {
  return validateRollbackSettings(settingsFromArgs(argv, ROLLBACK_FLAGS), (f) => `--${f}`, env);
}

/** `history` flags → the cluster, namespace and release to list, and the output format. */
export function historyConfigFromArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { cluster: ClusterTarget; namespace: string; release: string; output: 'table' | 'json' } {
  const args = parseArgs(argv, HISTORY_FLAGS);
  const output = single(args, 'output') ?? 'table';
  const s = settingsFromArgs(
    argv.filter((a, i) => !(a === '--output' || argv[i - 1] === '--output' || a.startsWith('--output='))),
    HISTORY_FLAGS,
  );
  const errors: UserInputError[] = [];
  const cluster = clusterTarget(s, (f) => `--${f}`, errors, env);
  const namespace = validNamespace(s.namespace, '--namespace', errors);
  const release = validRelease(s.release ?? namespace, '--release', errors);
  if (output !== 'table' && output !== 'json')
    errors.push(new UserInputError(`expected table or json, got ${JSON.stringify(output)}`, undefined, '--output'));
  if (errors.length > 0) throw new UserInputErrors(errors);
  return {
    cluster: validated(cluster, 'the cluster'),
    namespace,
    release,
    output: output === 'json' ? 'json' : 'table',
  };
}

function clusterTarget(
  s: DeploySettings,
  name: (f: string) => string,
  errors: UserInputError[],
  env: NodeJS.ProcessEnv,
): ClusterTarget | undefined {
  const region = s.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  if (s.clusterName !== undefined && !EKS_NAME.test(s.clusterName)) {
    errors.push(
      new UserInputError(
        `${JSON.stringify(s.clusterName)} is not a valid EKS cluster name (1-100 letters, digits, "-", "_", starting with a letter or digit)`,
        undefined,
        name('cluster-name'),
      ),
    );
  }
  if (region !== undefined && !REGION.test(region))
    errors.push(new UserInputError(`${JSON.stringify(region)} is not an AWS region`, undefined, name('region')));
  if (
    s.kubeconfig !== undefined ||
    (s.clusterName === undefined && (env['KUBECONFIG'] !== undefined || s.context !== undefined))
  ) {
    return {
      kind: 'kubeconfig',
      ...(s.kubeconfig !== undefined ? { path: s.kubeconfig } : {}),
      ...(s.context !== undefined ? { context: s.context } : {}),
      ...(s.clusterName !== undefined ? { clusterName: s.clusterName } : {}),
      ...(region !== undefined ? { region } : {}),
    };
  }
  if (s.clusterName === undefined) {
    errors.push(
      new UserInputError('give the EKS cluster (with a region) or a kubeconfig', undefined, name('cluster-name')),
    );
    return undefined;
  }
  if (region === undefined) {
    errors.push(new UserInputError('required with the cluster name (or set AWS_REGION)', undefined, name('region')));
    return undefined;
  }
  return { kind: 'eks', clusterName: s.clusterName, region };
}

function validNamespace(v: string | undefined, field: string, errors: UserInputError[]): string {
  const ns = v ?? 'default';
  if (!isDns1123Label(ns))
    errors.push(
      new UserInputError(
        `${JSON.stringify(ns)} is not a valid namespace (lower-case letters, digits and "-", at most 63)`,
        undefined,
        field,
      ),
    );
  return ns;
}

function validRelease(v: string, field: string, errors: UserInputError[]): string {
  if (!isDns1123Label(v) || v.length > 53)
    errors.push(
      new UserInputError(
        `${JSON.stringify(v)} is not a valid release name (lower-case letters, digits and "-", at most 53)`,
        undefined,
        field,
      ),
    );
  return v;
}

function seconds(
  v: string | undefined,
  def: number,
  field: string,
  errors: UserInputError[],
  min = 1,
  max = 86_400,
): number {
  if (v === undefined || v.trim() === '') return def;
  const n = parseSeconds(v);
  if (n === undefined) {
    errors.push(
      new UserInputError(`expected seconds (e.g. 600, 90s, 10m, 1h), got ${JSON.stringify(v)}`, undefined, field),
    );
    return def;
  }
  if (n < min || n > max) errors.push(new UserInputError(`${n} s is out of range (${min}–${max} s)`, undefined, field));
  return n;
}

/**
 * The lock's lease: at least 3 s, because it is renewed every third of it and a renewal needs a
 * whole second at least (leaseDurationSeconds is an integer); at most an hour, so a runner that
 * died does not block the namespace for longer.
 */
function lockLease(v: string | undefined, field: string, errors: UserInputError[]): number {
  return seconds(v, 60, field, errors, 3, 3600);
}

/** `--settle`: 0 turns the window off; unset, the larger of `--grace` and 10 s. */
function settleSetting(s: DeploySettings, name: (flag: string) => string, errors: UserInputError[]): number {
  if (s.settle !== undefined && s.settle.trim() !== '') return seconds(s.settle, 10, name('settle'), errors, 0, 3600);
  const grace = seconds(s.grace, 20, name('grace'), [], 0, 3600);
  return Math.max(grace, 10);
}

function allowedNamespaces(
  values: readonly string[],
  namespace: string,
  field: string,
  errors: UserInputError[],
): string[] {
  const out = new Set<string>();
  for (const v of values.flatMap((x) => x.split(/[\s,]+/)).filter((x) => x !== '')) {
    if (!isDns1123Label(v))
      errors.push(
        new UserInputError(
          `${JSON.stringify(v)} is not a valid namespace (lower-case letters, digits and "-", at most 63)`,
          undefined,
          field,
        ),
      );
    else if (v !== namespace) out.add(v);
  }
  return [...out].sort();
}

function boolSetting(v: string | undefined, def: boolean, field: string, errors: UserInputError[]): boolean {
  if (v === undefined || v.trim() === '') return def;
  const t = v.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  errors.push(new UserInputError(`expected true or false, got ${JSON.stringify(v)}`, undefined, field));
  return def;
}

function smokeSetting(v: string | undefined): { text?: string; file?: string } | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  // Inline YAML is a list (starts with "-" or "["); anything else is a file path.
  return /^\s*(-|\[)/.test(v) ? { text: v } : { file: v.trim() };
}

/**
 * The deploy lock's holder identity: unique per deploy, so two jobs of one workflow run (a matrix
 * shares the run URL and GITHUB_JOB) never hold the same lock at once. In GitHub Actions: run id,
 * attempt and job, for people to find it, plus a random part; elsewhere user, host and pid plus a
 * random part. The run URL stays on the Lease as an annotation, for humans.
 */
function holderOf(env: NodeJS.ProcessEnv): string {
  // Environment values are not ours: keep only what reads safely in a Lease and a log line.
  const clean = (v: string | undefined, fallback: string): string =>
    (v ?? '').replace(/[^A-Za-z0-9._@-]/g, '').slice(0, 63) || fallback;
  const random = randomUUID().slice(0, 8);
  if (env['GITHUB_RUN_ID']) {
    return `github-run-${clean(env['GITHUB_RUN_ID'], '0')}-attempt-${clean(env['GITHUB_RUN_ATTEMPT'], '1')}-job-${clean(env['GITHUB_JOB'], 'unknown')}-${random}`;
  }
  return `${clean(env['USER'], 'someone')}@${clean(env['HOSTNAME'], 'localhost')}-pid-${process.pid}-${random}`;
}

/** Validate deploy settings; every problem at once. */
export function validateDeploySettings(
  s: DeploySettings,
  name: (flag: string) => string,
  env: NodeJS.ProcessEnv = process.env,
): DeployConfig {
  const errors: UserInputError[] = [];
  const cluster = clusterTarget(s, name, errors, env);
  const namespace = validNamespace(s.namespace, name('namespace'), errors);
  const release = validRelease(s.release ?? namespace, name('release'), errors);
  if (s.manifests.length === 0 && s.ecsTaskDefinitions.length === 0) {
    errors.push(
      new UserInputError(
        'give manifests (files, directories, globs, kustomize directories) or ECS task definitions to convert',
        undefined,
        name('manifests'),
      ),
    );
  }
  if (s.runUrl !== undefined && !/^https?:\/\/\S+$/.test(s.runUrl))
    errors.push(
      new UserInputError(`expected an http(s) URL, got ${JSON.stringify(s.runUrl)}`, undefined, name('run-url')),
    );
  if (s.commit !== undefined && !/^[0-9a-f]{7,64}$/i.test(s.commit))
    errors.push(
      new UserInputError(`expected a commit SHA, got ${JSON.stringify(s.commit)}`, undefined, name('commit')),
    );
  const historyLimit = s.historyLimit === undefined ? 10 : Number(s.historyLimit);
  if (!Number.isInteger(historyLimit) || historyLimit < 2 || historyLimit > 100) {
    errors.push(
      new UserInputError(
        `expected a whole number from 2 to 100, got ${JSON.stringify(s.historyLimit)}`,
        undefined,
        name('history-limit'),
      ),
    );
  }
  const config: Omit<DeployConfig, 'cluster'> = {
    manifests: s.manifests,
    ecsTaskDefinitions: s.ecsTaskDefinitions,
    ecsServices: s.ecsServices,
    ecsScaling: s.ecsScaling,
    namespace,
    release,
    images: s.images.join('\n'),
    workspace: s.workspace ?? env['GITHUB_WORKSPACE'] ?? process.cwd(),
    timeoutSeconds: seconds(s.timeout, 600, name('timeout'), errors, 5),
    graceSeconds: seconds(s.grace, 20, name('grace'), errors, 0, 3600),
    settleSeconds: settleSetting(s, name, errors),
    lockWaitSeconds: seconds(s.lockWait, 300, name('lock-wait'), errors, 0),
    lockLeaseSeconds: lockLease(s.lockLease, name('lock-lease'), errors),
    autoRollback: boolSetting(s.autoRollback, true, name('auto-rollback'), errors),
    forceConflicts: s.forceConflicts,
    prune: s.prune,
    historyLimit,
    allowNamespaces: allowedNamespaces(s.allowNamespaces ?? [], namespace, name('allow-namespace'), errors),
    allowClusterScoped: s.allowClusterScoped ?? false,
    adopt: s.adopt ?? false,
    holder: holderOf(env),
  };
  const smoke = smokeSetting(s.smokeTests);
  if (smoke) config.smokeTests = smoke;
  if (s.commit !== undefined) config.commit = s.commit;
  if (s.runUrl !== undefined) config.runUrl = s.runUrl;
  if (errors.length > 0) throw new UserInputErrors(errors);
  return { ...config, cluster: validated(cluster, 'the cluster') };
}

/** Validate rollback settings. */
export function validateRollbackSettings(
  s: DeploySettings,
  name: (flag: string) => string,
  env: NodeJS.ProcessEnv = process.env,
): RollbackConfig {
  const errors: UserInputError[] = [];
  const cluster = clusterTarget(s, name, errors, env);
  const namespace = validNamespace(s.namespace, name('namespace'), errors);
  const release = validRelease(s.release ?? namespace, name('release'), errors);
  let toRelease: number | undefined;
  if (s.toRelease !== undefined && s.toRelease.trim() !== '') {
    toRelease = Number(s.toRelease);
    if (!Number.isInteger(toRelease) || toRelease < 1)
      errors.push(
        new UserInputError(
          `expected a release number (1, 2, …), got ${JSON.stringify(s.toRelease)}`,
          undefined,
          name('to-release'),
        ),
      );
  }
  const config: Omit<RollbackConfig, 'cluster'> = {
    namespace,
    release,
    workspace: s.workspace ?? env['GITHUB_WORKSPACE'] ?? process.cwd(),
    timeoutSeconds: seconds(s.timeout, 600, name('timeout'), errors, 5),
    graceSeconds: seconds(s.grace, 20, name('grace'), errors, 0, 3600),
    settleSeconds: settleSetting(s, name, errors),
    lockWaitSeconds: seconds(s.lockWait, 300, name('lock-wait'), errors, 0),
    lockLeaseSeconds: lockLease(s.lockLease, name('lock-lease'), errors),
    holder: holderOf(env),
  };
  if (toRelease !== undefined) config.toRelease = toRelease;
  const smoke = smokeSetting(s.smokeTests);
  if (smoke) config.smokeTests = smoke;
  if (s.runUrl !== undefined) config.runUrl = s.runUrl;
  if (errors.length > 0) throw new UserInputErrors(errors);
  return { ...config, cluster: validated(cluster, 'the cluster') };
}
