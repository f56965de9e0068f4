import type { PlanConfig } from './plan.js';
import { COMMENT_KEY, validatePlanSettings, type PlanSettings } from './plan.js';
import { command } from '../command-model.js';
import { ACTION_INPUT_DECLS, type ActionInputName } from '../action-inputs.js';
import { UserInputError, UserInputErrors } from '../errors.js';
import {
  validateDeploySettings,
  validateRollbackSettings,
  type DeployConfig,
  type DeploySettings,
  type RollbackConfig,
} from './deploy.js';
import { doctorConfig, type DoctorConfig } from './doctor.js';
import { validateBuildSettings, type BuildConfig, type BuildSettings } from './build.js';
import {
  CUTOVER_ACTION_INPUTS,
  cutoverConfigFromInputs,
  parityConfigFromInputs,
  type CutoverConfig,
  type ParityConfig,
} from './cutover.js';
import { validated } from './validated.js';

/** Reads one action input (core.getInput); injected so this module never imports @actions/core. */
export type InputReader = (name: string) => string;

/** Every input action.yml declares (src/action-inputs.ts; test/readme.test.ts checks both directions). */
export const ACTION_INPUTS: readonly ActionInputName[] = ACTION_INPUT_DECLS.map((i) => i.name);
type ActionInput = ActionInputName;

/** The commands the action runs. */
const ActionCommand = {
  Plan: 'plan',
  Deploy: 'deploy',
  Rollback: 'rollback',
  Build: 'build',
  Parity: 'parity',
  Cutover: 'cutover',
  Doctor: 'doctor',
} as const;
type ActionCommand = (typeof ActionCommand)[keyof typeof ActionCommand];

/** How the action talks to GitHub (comments, Deployments). */
export interface GitHubSettings {
  /** Empty: no comment and no Deployment (the job summary is still written). */
  token?: string;
  /** Post the plan as a sticky pull-request comment. */
  comment: boolean;
  /** The sticky comment's marker key: one comment per key (default the environment, else the namespace). */
  commentKey: string;
  /** The GitHub Deployment environment of deploy/rollback; none when empty. */
  environment?: string;
}

/** The action's validated configuration, per command. */
export type ActionConfig =
  | {
      command: 'plan';
      /** The ECS migration plan, when ECS inputs are given. */
      plan?: PlanConfig;
      /** The release to render, lint and diff against the cluster, when a cluster is given. */
      live?: DeployConfig;
      /**
       * True when manifests are given without a cluster (no cluster-name, kubeconfig or KUBECONFIG):
       * `live` is rendered, linted, sized and priced, and no live diff is attempted.
       */
      clusterless?: boolean;
      github: GitHubSettings;
    }
  | {
      command: 'deploy';
      deploy: DeployConfig;
      /** The images to build and push first (input build-images); the deploy is pinned to their digests. */
      build?: BuildConfig;
      github: GitHubSettings;
    }
  | { command: 'rollback'; rollback: RollbackConfig; github: GitHubSettings }
  | { command: 'build'; build: BuildConfig; github: GitHubSettings }
  | { command: 'parity'; parity: ParityConfig; github: GitHubSettings }
  | { command: 'cutover'; cutover: CutoverConfig; github: GitHubSettings }
  | { command: 'doctor'; doctor: DoctorConfig; github: GitHubSettings };

/** GitHub's environment names: up to 255 characters, no control characters. */
const ENVIRONMENT = /^[^\x00-\x1f\x7f]{1,255}$/;

function githubSettings(get: (name: ActionInput) => string, namespace: string | undefined): GitHubSettings {
  const errors: UserInputError[] = [];
  const environment = get('environment') || undefined;
  if (environment !== undefined && !ENVIRONMENT.test(environment))
    errors.push(
      new UserInputError(
        `${JSON.stringify(environment)} is not a valid environment name (1-255 characters, no control characters)`,
        undefined,
        'input environment',
      ),
    );
  const commentKey =
    get('comment-key') ||
    (environment && COMMENT_KEY.test(environment) && !environment.includes('--') ? environment : undefined) ||
    namespace ||
    'default';
  if (!COMMENT_KEY.test(commentKey) || commentKey.includes('--')) {
    errors.push(
      new UserInputError(
        `${JSON.stringify(commentKey)} is not allowed: use letters, digits and . _ : / - (no "--"), at most 100; it is written inside an HTML comment`,
        undefined,
        get('comment-key') ? 'input comment-key' : 'input environment (the default comment-key)',
      ),
    );
  }
  let comment = true;
  try {
    comment = get('comment') === '' ? true : boolInput('comment', get('comment'));
  } catch (err) {
    errors.push(err as UserInputError);
  }
  if (errors.length > 0) throw new UserInputErrors(errors);
  const token = get('github-token') || undefined;
  return { comment, commentKey, ...(token ? { token } : {}), ...(environment ? { environment } : {}) };
}

/**
 * What a failure report needs from the inputs, read without validation and never throwing: a
 * failed validation must still be able to say so in the job summary and the sticky comment.
 */
export function failureReportSettings(read: InputReader): {
  command: string;
  token?: string;
  commentKey?: string;
  comment: boolean;
} {
  const get = (name: ActionInput): string => {
    try {
      return read(name).trim();
    } catch {
      return '';
    }
  };
  const env = get('environment');
  const key = [get('comment-key'), env, get('namespace'), 'default'].find(
    (k) => k !== '' && COMMENT_KEY.test(k) && !k.includes('--'),
  );
  const token = get('github-token');
  return {
    command: get('command') || 'plan',
    comment: get('comment').toLowerCase() !== 'false',
    ...(token ? { token } : {}),
    ...(key ? { commentKey: key } : {}),
  };
}

/** Split a multi-line or comma-separated list input. */
function listInput(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

function boolInput(name: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw new UserInputError(`expected true or false, got ${JSON.stringify(value)}`, undefined, `input ${name}`);
}

/** The inputs of one run, and what the run's environment adds to them. */
interface Inputs {
  /** An input as given (inline YAML keeps its indentation). */
  read: InputReader;
  /** An input, trimmed. */
  get: (name: ActionInput) => string;
  env: NodeJS.ProcessEnv;
  runUrl: string | undefined;
}

/** Collects the user errors of several validations, so that all of them are reported at once. */
class Problems {
  readonly errors: UserInputError[] = [];

  /** `f()`, or undefined with its user errors kept (anything else is thrown). */
  attempt<T>(f: () => T): T | undefined {
    try {
      return f();
    } catch (err) {
      if (err instanceof UserInputErrors) this.errors.push(...err.errors);
      else if (err instanceof UserInputError) this.errors.push(err);
      else throw err;
      return undefined;
    }
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new UserInputErrors(dedupe(this.errors));
  }
}

/** The run on the web (with its attempt), from the runner's variables. */
function runUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  const server = env['GITHUB_SERVER_URL'];
  const repo = env['GITHUB_REPOSITORY'];
  const runId = env['GITHUB_RUN_ID'];
  if (!server || !repo || !runId) return undefined;
  const attempt = env['GITHUB_RUN_ATTEMPT'];
  return `${server}/${repo}/actions/runs/${runId}${attempt ? `/attempts/${attempt}` : ''}`;
}

/** The deploy settings that are one optional text input each. */
const DEPLOY_TEXT_INPUTS = [
  ['clusterName', 'cluster-name'],
  ['region', 'aws-region'],
  ['kubeconfig', 'kubeconfig'],
  ['context', 'context'],
  ['namespace', 'namespace'],
  ['release', 'release'],
  ['timeout', 'timeout'],
  ['grace', 'grace'],
  ['settle', 'settle'],
  ['lockWait', 'lock-wait'],
  ['autoRollback', 'auto-rollback'],
  ['historyLimit', 'history-limit'],
  ['toRelease', 'to-release'],
] as const satisfies readonly (readonly [keyof DeploySettings, ActionInput])[];

function deploySettings({ read, get, env, runUrl }: Inputs): DeploySettings {
  const settings: DeploySettings = {
    manifests: listInput(get('manifests')),
    ecsTaskDefinitions: listInput(get('ecs-task-definitions')),
    ecsServices: listInput(get('ecs-services')),
    ecsScaling: listInput(get('ecs-scaling')),
    images: get('images') === '' ? [] : [read('images')],
    forceConflicts: boolInput('force-conflicts', get('force-conflicts')),
    prune: boolInput('prune', get('prune')),
    allowNamespaces: listInput(get('allow-namespace')),
    allowClusterScoped: boolInput('allow-cluster-scoped', get('allow-cluster-scoped')),
    adopt: boolInput('adopt', get('adopt')),
  };
  for (const [key, input] of DEPLOY_TEXT_INPUTS) {
    const v = get(input);
    if (v !== '') settings[key] = v;
  }
  // Smoke tests may be inline YAML: keep the raw text (trimmed only at the ends).
  if (get('smoke-tests') !== '') settings.smokeTests = read('smoke-tests');
  if (runUrl) settings.runUrl = runUrl;
  if (env['GITHUB_SHA']) settings.commit = env['GITHUB_SHA'];
  if (env['GITHUB_WORKSPACE']) settings.workspace = env['GITHUB_WORKSPACE'];
  return settings;
}

/** The deploy validators name flags; in the action, the input (or variable) that holds each. */
const DEPLOY_INPUT_NAME: Record<string, string> = {
  region: 'aws-region',
  'ecs-task-definition': 'ecs-task-definitions',
  'run-url': 'GITHUB_RUN_ID',
  commit: 'GITHUB_SHA',
  image: 'images',
};
const deployName = (flag: string): string => `input ${DEPLOY_INPUT_NAME[flag] ?? flag}`;

function buildConfig({ read, get, env }: Inputs): BuildConfig {
  return validateBuildSettings(
    buildSettings(get, read),
    (setting) => `input ${BUILD_INPUT_NAME[setting] ?? setting}`,
    env,
  );
}

/** `deploy`, with the images to build first when build-images is given (both validated at once). */
function deployCommandConfig(inputs: Inputs, github: GitHubSettings): ActionConfig {
  if (inputs.get('build-images') === '')
    return {
      command: 'deploy',
      deploy: validateDeploySettings(deploySettings(inputs), deployName, inputs.env),
      github,
    };
  // Both at once: a typo in the deploy inputs should not cost a build first.
  const problems = new Problems();
  const deploy = problems.attempt(() => validateDeploySettings(deploySettings(inputs), deployName, inputs.env));
  const built = problems.attempt(() => buildConfig(inputs));
  problems.throwIfAny();
  return { command: 'deploy', deploy: validated(deploy, 'the deploy'), build: validated(built, 'the build'), github };
}

/** `parity` or `cutover`. */
function trafficCommandConfig(command: 'parity' | 'cutover', inputs: Inputs, github: GitHubSettings): ActionConfig {
  const readDeclared = cutoverInputReader(inputs.read, inputs.runUrl);
  if (command === 'parity') return { command, parity: parityConfigFromInputs(readDeclared, inputs.env), github };
  // cutover.ts treats anything but "true" as false; for `revert` a typo would move traffic instead
  // of putting it back, so these two are checked strictly here.
  const problems = new Problems();
  for (const name of ['revert', 'scale-ecs-to-zero'] as const)
    problems.attempt(() => boolInput(name, inputs.get(name)));
  const cutover = problems.attempt(() => cutoverConfigFromInputs(readDeclared, inputs.env));
  problems.throwIfAny();
  return { command, cutover: validated(cutover, 'the cutover'), github };
}

/** `plan`: the ECS plan when ECS inputs are given, the release to diff when manifests or a cluster are. */
function planCommandConfig(inputs: Inputs, github: GitHubSettings): ActionConfig {
  const { get, env } = inputs;
  const hasEcs = get('ecs-task-definitions') !== '' || get('ecs-cluster') !== '';
  const hasCluster = get('cluster-name') !== '' || get('kubeconfig') !== '';
  const problems = new Problems();
  // Manifests alone (no ECS input) are planned by the live diff only.
  const plan =
    hasEcs || get('manifests') === ''
      ? problems.attempt(() => planConfig(inputs.read, env['GITHUB_WORKSPACE']))
      : undefined;
  // Manifests without a cluster (plan.yml's empty `cluster`): rendered and checked, never diffed.
  // The cluster target is validated as if a kubeconfig were given and then dropped: nothing connects.
  const clusterless = !hasCluster && get('manifests') !== '' && !env['KUBECONFIG'];
  const live =
    hasCluster || get('manifests') !== ''
      ? problems.attempt(() => {
          const settings = deploySettings(inputs);
          if (clusterless) settings.kubeconfig = '(no cluster: plan only)';
          const config = validateDeploySettings(settings, deployName, env);
          return clusterless ? { ...config, cluster: { kind: 'kubeconfig' as const } } : config;
        })
      : undefined;
  problems.throwIfAny();
  return {
    command: 'plan',
    ...(plan ? { plan } : {}),
    ...(live ? { live } : {}),
    ...(clusterless ? { clusterless } : {}),
    github,
  };
}

/** Read every input once, validate, and return the typed config. */
export function actionConfigFromInputs(read: InputReader, env: NodeJS.ProcessEnv = process.env): ActionConfig {
  const get = (name: ActionInput): string => read(name).trim();
  const command = get('command') || 'plan';
  if (!isActionCommand(command)) {
    throw new UserInputError(
      `expected one of ${Object.values(ActionCommand).join(', ')}, got ${JSON.stringify(command)}`,
      undefined,
      'input command',
    );
  }
  const github = githubSettings(get, get('namespace') || undefined);
  const inputs: Inputs = { read, get, env, runUrl: runUrlOf(env) };
  switch (command) {
    case 'build':
      return { command, build: buildConfig(inputs), github };
    case 'doctor':
      return { command, doctor: doctorConfig(get, env), github };
    case 'deploy':
      return deployCommandConfig(inputs, github);
    case 'rollback':
      return { command, rollback: validateRollbackSettings(deploySettings(inputs), deployName, env), github };
    case 'parity':
    case 'cutover':
      return trafficCommandConfig(command, inputs, github);
    case 'plan':
      return planCommandConfig(inputs, github);
  }
}

function isActionCommand(name: string): name is ActionCommand {
  return (Object.values(ActionCommand) as string[]).includes(name);
}

/** How build.ts names a setting → the action input that holds it. */
const BUILD_INPUT_NAME: Record<string, ActionInput> = { images: 'build-images', region: 'aws-region' };

/** The build settings and the inputs they come from (region, tag and workspace fall back to AWS_REGION, GITHUB_SHA, GITHUB_WORKSPACE). */
const BUILD_SETTING_INPUTS: [keyof BuildSettings, ActionInput][] = [
  ['region', 'aws-region'],
  ['builder', 'builder'],
  ['registry', 'registry'],
  ['platform', 'platform'],
  ['tag', 'tag'],
  ['forceBuild', 'force-build'],
  ['tagImmutability', 'tag-immutability'],
  ['scanOnPush', 'scan-on-push'],
  ['encryption', 'encryption'],
  ['lifecycleKeep', 'lifecycle-keep'],
  ['scanGateSeverity', 'scan-gate-severity'],
  ['scanGateTimeout', 'scan-gate-timeout'],
  ['cache', 'cache'],
  ['buildahIsolation', 'buildah-isolation'],
  ['buildahStorageDriver', 'buildah-storage-driver'],
  ['buildahRoot', 'buildah-root'],
  ['buildahRunroot', 'buildah-runroot'],
];

function buildSettings(get: (name: ActionInput) => string, read: InputReader): BuildSettings {
  const settings: BuildSettings = {};
  // The image list may be inline YAML: keep its indentation (core.getInput trims only the ends).
  if (get('build-images') !== '') settings.images = read('build-images');
  for (const [key, input] of BUILD_SETTING_INPUTS) {
    const v = get(input);
    if (v !== '') settings[key] = v;
  }
  return settings;
}

/**
 * The reader handed to the parity/cutover config: it refuses a name action.yml does not declare
 * (a bug here, caught by the tests, never by a user), and fills `run-url` from the run when empty.
 */
function cutoverInputReader(read: InputReader, runUrl: string | undefined): InputReader {
  const declared = new Set<string>(ACTION_INPUTS);
  const undeclared = CUTOVER_ACTION_INPUTS.filter((name) => !declared.has(name));
  if (undeclared.length > 0)
    throw new Error(`the cutover config reads inputs action.yml does not declare: ${undeclared.join(', ')}`);
  return (name) => {
    if (!declared.has(name)) throw new Error(`the cutover config read the undeclared input ${name}`);
    const value = read(name);
    return name === 'run-url' && value.trim() === '' && runUrl ? runUrl : value;
  };
}

function dedupe(errors: UserInputError[]): UserInputError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (seen.has(e.message)) return false;
    seen.add(e.message);
    return true;
  });
}

/** The action input that carries a flag of `command` (the model says; the same name when it does not). */
function inputOf(commandName: string, flag: string): string {
  return command(commandName).flags.find((f) => f.name === flag)?.input ?? flag;
}

/** The plan settings that are one optional text each, by flag. */
const PLAN_TEXT_SETTINGS = [
  ['cluster', 'ecs-cluster'],
  ['region', 'region'],
  ['namespace', 'namespace'],
  ['outDir', 'out'],
  ['reportJson', 'report-json'],
  ['reportMd', 'report-md'],
  ['albMode', 'alb-mode'],
] as const satisfies readonly (readonly [keyof PlanSettings, string])[];

function planConfig(read: InputReader, workspace: string | undefined): PlanConfig {
  const get = (flag: string): string => read(inputOf('plan', flag)).trim();
  const settings: PlanSettings = {
    ...(workspace ? { workspace } : {}),
    taskDefinitionFiles: listInput(get('ecs-task-definition')),
    serviceFiles: listInput(get('ecs-service')),
    scalingFiles: listInput(get('ecs-scaling')),
    serviceNames: listInput(get('ecs-service-name')),
    dropUnsupported: boolInput('drop-unsupported', get('drop-unsupported')),
    rates: listInput(get('rate')),
  };
  for (const [key, flag] of PLAN_TEXT_SETTINGS) {
    const v = get(flag);
    if (v !== '') settings[key] = v;
  }
  return validatePlanSettings(settings, (flag) => `input ${inputOf('plan', flag)}`);
}
