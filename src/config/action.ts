import type { PlanConfig } from './plan.js';
import { validatePlanSettings } from './plan.js';
import { UserInputError } from '../errors.js';
import { validateDeploySettings, validateRollbackSettings, type DeployConfig, type DeploySettings, type RollbackConfig } from './deploy.js';

/** Reads one action input (core.getInput); injected so this module never imports @actions/core. */
export type InputReader = (name: string) => string;

/** Every input action.yml declares; a test checks both directions. */
export const ACTION_INPUTS = [
  'command',
  'ecs-task-definitions',
  'ecs-services',
  'ecs-scaling',
  'ecs-cluster',
  'ecs-service-names',
  'aws-region',
  'namespace',
  'out-dir',
  'report-json',
  'report-md',
  'drop-unsupported',
  'alb-mode',
  'rates',
  'cluster-name',
  'kubeconfig',
  'context',
  'manifests',
  'images',
  'release',
  'smoke-tests',
  'timeout',
  'grace',
  'lock-wait',
  'auto-rollback',
  'force-conflicts',
  'prune',
  'history-limit',
  'to-release',
] as const;
export type ActionInput = (typeof ACTION_INPUTS)[number];

/** The commands the action runs. */
export const ActionCommand = { Plan: 'plan', Deploy: 'deploy', Rollback: 'rollback' } as const;
export type ActionCommand = (typeof ActionCommand)[keyof typeof ActionCommand];

/** The action's validated configuration, per command. */
export type ActionConfig =
  | { command: 'plan'; plan: PlanConfig }
  | { command: 'deploy'; deploy: DeployConfig }
  | { command: 'rollback'; rollback: RollbackConfig };

/** Split a multi-line or comma-separated list input. */
export function listInput(value: string): string[] {
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

/** Read every input once, validate, and return the typed config. */
export function actionConfigFromInputs(read: InputReader): ActionConfig {
  const get = (name: ActionInput): string => read(name).trim();
  const command = (get('command') || 'plan') as ActionCommand;
  if (!Object.values(ActionCommand).includes(command)) {
    throw new UserInputError(`expected one of ${Object.values(ActionCommand).join(', ')}, got ${JSON.stringify(command)}`, undefined, 'input command');
  }
  const optional = (name: ActionInput): string | undefined => get(name) || undefined;
  if (command === 'deploy' || command === 'rollback') {
    const env = process.env;
    const server = env['GITHUB_SERVER_URL'];
    const repo = env['GITHUB_REPOSITORY'];
    const runId = env['GITHUB_RUN_ID'];
    const runUrl = server && repo && runId ? `${server}/${repo}/actions/runs/${runId}${env['GITHUB_RUN_ATTEMPT'] ? `/attempts/${env['GITHUB_RUN_ATTEMPT']}` : ''}` : undefined;
    const settings: DeploySettings = {
      manifests: listInput(get('manifests')),
      ecsTaskDefinitions: listInput(get('ecs-task-definitions')),
      ecsServices: listInput(get('ecs-services')),
      ecsScaling: listInput(get('ecs-scaling')),
      images: get('images') === '' ? [] : [read('images')],
      forceConflicts: boolInput('force-conflicts', get('force-conflicts')),
      prune: boolInput('prune', get('prune')),
    };
    const pairs: [keyof DeploySettings, ActionInput][] = [
      ['clusterName', 'cluster-name'], ['region', 'aws-region'], ['kubeconfig', 'kubeconfig'], ['context', 'context'],
      ['namespace', 'namespace'], ['release', 'release'], ['timeout', 'timeout'], ['grace', 'grace'], ['lockWait', 'lock-wait'],
      ['autoRollback', 'auto-rollback'], ['historyLimit', 'history-limit'], ['toRelease', 'to-release'],
    ];
    for (const [key, input] of pairs) {
      const v = optional(input);
      if (v !== undefined) (settings as unknown as Record<string, unknown>)[key] = v;
    }
    // Smoke tests may be inline YAML: keep the raw text (trimmed only at the ends).
    if (get('smoke-tests') !== '') settings.smokeTests = read('smoke-tests');
    if (runUrl) settings.runUrl = runUrl;
    if (env['GITHUB_SHA']) settings.commit = env['GITHUB_SHA'];
    if (env['GITHUB_WORKSPACE']) settings.workspace = env['GITHUB_WORKSPACE'];
    const deployInputName: Record<string, string> = { region: 'aws-region', 'ecs-task-definition': 'ecs-task-definitions', 'run-url': 'GITHUB_RUN_ID', commit: 'GITHUB_SHA', image: 'images' };
    const name = (flag: string): string => `input ${deployInputName[flag] ?? flag}`;
    return command === 'deploy'
      ? { command, deploy: validateDeploySettings(settings, name, env) }
      : { command, rollback: validateRollbackSettings(settings, name, env) };
  }
  const settings = {
    taskDefinitionFiles: listInput(get('ecs-task-definitions')),
    serviceFiles: listInput(get('ecs-services')),
    scalingFiles: listInput(get('ecs-scaling')),
    serviceNames: listInput(get('ecs-service-names')),
    dropUnsupported: boolInput('drop-unsupported', get('drop-unsupported')),
    rates: listInput(get('rates')),
    ...(optional('ecs-cluster') ? { cluster: optional('ecs-cluster') } : {}),
    ...(optional('aws-region') ? { region: optional('aws-region') } : {}),
    ...(optional('namespace') ? { namespace: optional('namespace') } : {}),
    ...(optional('out-dir') ? { outDir: optional('out-dir') } : {}),
    ...(optional('report-json') ? { reportJson: optional('report-json') } : {}),
    ...(optional('report-md') ? { reportMd: optional('report-md') } : {}),
    ...(optional('alb-mode') ? { albMode: optional('alb-mode') } : {}),
  };
  const inputName: Record<string, string> = {
    'ecs-task-definition': 'ecs-task-definitions',
    'ecs-service': 'ecs-services',
    'ecs-service-name': 'ecs-service-names',
    region: 'aws-region',
    out: 'out-dir',
    rate: 'rates',
  };
  return { command: 'plan', plan: validatePlanSettings(settings, (flag) => `input ${inputName[flag] ?? flag}`) };
}
