import type { PlanConfig } from './plan.js';
import { validatePlanSettings } from './plan.js';
import { UserInputError } from '../errors.js';

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
] as const;
export type ActionInput = (typeof ACTION_INPUTS)[number];

/** The commands the action runs (later issues add deploy, rollback, build). */
export const ActionCommand = { Plan: 'plan' } as const;
export type ActionCommand = (typeof ActionCommand)[keyof typeof ActionCommand];

/** The action's validated configuration. */
export interface ActionConfig {
  command: ActionCommand;
  plan: PlanConfig;
}

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
  return { command, plan: validatePlanSettings(settings, (flag) => `input ${inputName[flag] ?? flag}`) };
}
