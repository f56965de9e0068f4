import { UserInputError, UserInputErrors } from '../errors.js';
import { AlbMode } from '../convert/options.js';
import { isDns1123Label } from '../convert/names.js';
import { resolveRates } from '../fargate/pricing.js';
import type { FargateRates } from '../fargate/pricing.js';
import { bool, multi, parseArgs, single, type FlagSpec, type OptionalStringKey } from './args.js';
import { flagSpecs } from '../command-model.js';
import { validated } from './validated.js';

/** Everything `plan` needs, validated. */
export interface PlanConfig {
  taskDefinitionFiles: string[];
  serviceFiles: string[];
  scalingFiles: string[];
  live?: { cluster: string; services: string[]; region?: string };
  namespace: string;
  outDir?: string;
  reportJson?: string;
  reportMd?: string;
  /** Write the sticky pull-request comment's markdown here (`--comment-md`; CLI only). */
  commentMd?: string;
  /** The sticky comment's key (its marker); default the namespace. */
  commentKey?: string;
  dropUnsupported: boolean;
  albMode: AlbMode;
  rates: FargateRates;
  secretStores: { secretsManager: string; parameterStore: string };
  /**
   * ECS input files (and the files of their directories) must resolve inside this directory, links
   * included: `--workspace` on the CLI, GITHUB_WORKSPACE in the action; unconfined when unset.
   */
  workspace?: string;
}

export const PLAN_FLAGS: Record<string, FlagSpec> = flagSpecs('plan');

/** A sticky comment's key: it is written inside an HTML comment. */
export const COMMENT_KEY = /^[A-Za-z0-9._:/-]{1,100}$/;

/** Whether `key` may be a sticky comment's key. */
function isCommentKey(key: string): boolean {
  return COMMENT_KEY.test(key) && !key.includes('--');
}

const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** The plain values `plan` takes, from CLI flags or action inputs. */
export interface PlanSettings {
  taskDefinitionFiles: string[];
  serviceFiles: string[];
  scalingFiles: string[];
  cluster?: string;
  serviceNames: string[];
  region?: string;
  namespace?: string;
  outDir?: string;
  reportJson?: string;
  reportMd?: string;
  commentMd?: string;
  commentKey?: string;
  dropUnsupported: boolean;
  albMode?: string;
  rates: string[];
  secretStore?: string;
  parameterStore?: string;
  workspace?: string;
}

/** Read `plan` flags into a validated config; every problem is reported at once. */
export function planConfigFromArgs(argv: readonly string[]): PlanConfig {
  const args = parseArgs(argv, PLAN_FLAGS);
  if (args.positionals.length > 0)
    throw new UserInputError(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
  const settings: PlanSettings = {
    taskDefinitionFiles: multi(args, 'ecs-task-definition'),
    serviceFiles: multi(args, 'ecs-service'),
    scalingFiles: multi(args, 'ecs-scaling'),
    serviceNames: multi(args, 'ecs-service-name'),
    dropUnsupported: bool(args, 'drop-unsupported'),
    rates: multi(args, 'rate'),
  };
  const opt = (key: OptionalStringKey<PlanSettings>, flag: string): void => {
    const v = single(args, flag);
    if (v !== undefined) settings[key] = v;
  };
  opt('cluster', 'ecs-cluster');
  opt('region', 'region');
  opt('namespace', 'namespace');
  opt('outDir', 'out');
  opt('reportJson', 'report-json');
  opt('reportMd', 'report-md');
  opt('commentMd', 'comment-md');
  opt('commentKey', 'comment-key');
  opt('albMode', 'alb-mode');
  opt('secretStore', 'secret-store');
  opt('parameterStore', 'parameter-store');
  opt('workspace', 'workspace');
  return validatePlanSettings(settings, (k) => `--${k}`);
}

/**
 * Validate plan settings; `name` turns a setting's flag name into what the user typed
 * (`--namespace` on the CLI, input `namespace` in the action).
 */
export function validatePlanSettings(s: PlanSettings, name: (flag: string) => string): PlanConfig {
  const errors: UserInputError[] = [];
  const bad = (flag: string, message: string): void => {
    errors.push(new UserInputError(message, undefined, name(flag)));
  };
  validateEcsSource(s, bad);
  if (s.region !== undefined && !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(s.region))
    bad('region', `${JSON.stringify(s.region)} is not an AWS region`);
  const namespace = s.namespace ?? 'default';
  if (!isDns1123Label(namespace))
    bad(
      'namespace',
      `${JSON.stringify(namespace)} is not a valid namespace (lower-case letters, digits and "-", at most 63)`,
    );
  const albMode = (s.albMode ?? AlbMode.Ingress) as AlbMode;
  if (!Object.values(AlbMode).includes(albMode))
    bad('alb-mode', `${JSON.stringify(s.albMode)}: expected ${Object.values(AlbMode).join(' or ')}`);
  const rates = priceOverrides(s.rates, name, bad, errors);
  for (const [flag, v] of [
    ['secret-store', s.secretStore],
    ['parameter-store', s.parameterStore],
  ] as const) {
    if (v !== undefined && !isDns1123Label(v)) bad(flag, `${JSON.stringify(v)} is not a valid ClusterSecretStore name`);
  }
  if (s.commentKey !== undefined && !isCommentKey(s.commentKey))
    bad(
      'comment-key',
      `${JSON.stringify(s.commentKey)} is not allowed: use letters, digits and . _ : / - (no "--"), at most 100; it is written inside an HTML comment`,
    );
  const outputs = [s.outDir, s.reportJson, s.reportMd, s.commentMd].filter((x): x is string => x !== undefined);
  if (new Set(outputs).size !== outputs.length)
    bad('out', 'the output directory and report files must be different paths');
  if (errors.length > 0) throw new UserInputErrors(errors);
  const config: PlanConfig = {
    taskDefinitionFiles: s.taskDefinitionFiles,
    serviceFiles: s.serviceFiles,
    scalingFiles: s.scalingFiles,
    namespace,
    dropUnsupported: s.dropUnsupported,
    albMode,
    rates: validated(rates, 'the rates'),
    secretStores: {
      secretsManager: s.secretStore ?? 'aws-secrets-manager',
      parameterStore: s.parameterStore ?? 'aws-parameter-store',
    },
  };
  if (s.cluster)
    config.live = { cluster: s.cluster, services: s.serviceNames, ...(s.region ? { region: s.region } : {}) };
  if (s.outDir !== undefined) config.outDir = s.outDir;
  if (s.reportJson !== undefined) config.reportJson = s.reportJson;
  if (s.reportMd !== undefined) config.reportMd = s.reportMd;
  if (s.commentMd !== undefined) config.commentMd = s.commentMd;
  if (s.commentKey !== undefined) config.commentKey = s.commentKey;
  if (s.workspace !== undefined) config.workspace = s.workspace;
  return config;
}

/** ECS input: task definition files, or a live cluster with the services to read. */
function validateEcsSource(s: PlanSettings, bad: (flag: string, message: string) => void): void {
  if (s.taskDefinitionFiles.length === 0 && !s.cluster) {
    bad(
      'ecs-task-definition',
      'give at least one task definition file, or --ecs-cluster with --ecs-service-name for a live cluster',
    );
  }
  if (s.serviceNames.length > 0 && !s.cluster) bad('ecs-cluster', 'required with service names');
  if (s.cluster !== undefined) {
    if (!ECS_NAME.test(s.cluster)) bad('ecs-cluster', `${JSON.stringify(s.cluster)} is not a valid ECS cluster name`);
    if (s.serviceNames.length === 0) bad('ecs-service-name', 'required with a cluster: name the services to plan');
    for (const n of s.serviceNames)
      if (!ECS_NAME.test(n)) bad('ecs-service-name', `${JSON.stringify(n)} is not a valid ECS service name`);
  }
}

/** `--rate NAME=USD` overrides over the default prices. */
function priceOverrides(
  given: readonly string[],
  name: (flag: string) => string,
  bad: (flag: string, message: string) => void,
  errors: UserInputError[],
): FargateRates | undefined {
  let rates: FargateRates | undefined;
  const overrides: Record<string, unknown> = {};
  for (const r of given) {
    const [, key, value] = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(r) ?? [];
    if (key === undefined || value === undefined) {
      bad('rate', `${JSON.stringify(r)}: expected NAME=VALUE, e.g. vcpuHour=0.04656`);
      continue;
    }
    overrides[key] = value.trim() === '' ? value : Number(value);
  }
  try {
    rates = resolveRates(overrides, name('rate'));
  } catch (err) {
    if (err instanceof UserInputError) errors.push(err);
    else throw err;
  }
  return rates;
}
