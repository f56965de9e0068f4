import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlanConfig } from '../config/plan.js';
import { convertEcs } from '../convert/index.js';
import type { KubeObject } from '../model/kube-object.js';
import { toYamlStream } from '../convert/objects.js';
import { isUserError, UserInputError, UserInputErrors } from '../errors.js';
import { sortFindings, type Finding } from '../findings.js';
import { costTotals, priceWorkload } from '../convert/cost.js';
import { ec2TaskSize, ecsLaunchType, type LaunchTypeDecision } from '../fargate/pricing.js';
import { toDns1123Label } from '../convert/names.js';
import type { EcsInputs, EcsTaskDefinition } from '../ecs/model.js';
import {
  parseJsonText,
  parseScalingDocument,
  parseServicesDocument,
  parseTaskDefinitionDocument,
  taskDefinitionFamily,
  type Parsed,
} from '../ecs/parse.js';
import { defaultLiveEcsClients, readLiveEcs, type LiveEcsClients } from '../ecs/live.js';
import { confineToWorkspace, readInputFile, refuseSymlinkTarget, writeOutputFile } from '../inputs/input-file.js';
import { validateObject } from '../manifests/schema.js';
import { planReportJson } from '../report/json.js';
import { renderPlanMarkdown } from '../report/markdown.js';
import { planWithDisplayPaths } from '../report/paths.js';
import type { PlanResult, WorkloadPlan } from '../report/model.js';

/** Exit codes of `plan`. */
const PlanExit = { Ok: 0, Failed: 1, Blockers: 2 } as const;

/** What `plan` produced. */
export interface PlanOutcome {
  result: PlanResult;
  objects: KubeObject[];
  markdown: string;
  exitCode: (typeof PlanExit)[keyof typeof PlanExit];
  /** Files written (manifests and reports). */
  written: string[];
}

/** I/O that `plan` needs, injectable for tests. */
export interface PlanDeps {
  liveClients?: (region?: string) => LiveEcsClients;
}

/**
 * The migration plan: read ECS inputs (files and/or a live cluster), convert them, validate the
 * output against the Kubernetes schemas, price it, and write manifests and reports.
 * An invalid input file is reported and skipped; the others are still planned.
 */
export async function runPlan(config: PlanConfig, deps: PlanDeps = {}): Promise<PlanOutcome> {
  // Outputs first: a link where an output goes is refused before anything is read or written.
  await Promise.all([
    ...(config.outDir !== undefined ? [refuseSymlinkTarget(config.outDir, 'out')] : []),
    ...(config.reportJson !== undefined ? [refuseSymlinkTarget(config.reportJson, 'report-json')] : []),
    ...(config.reportMd !== undefined ? [refuseSymlinkTarget(config.reportMd, 'report-md')] : []),
  ]);
  const { inputs, errors, findings } = await readEcsFiles(
    config.taskDefinitionFiles,
    config.serviceFiles,
    config.scalingFiles,
    config.workspace,
  );

  if (config.live) await addLiveEcs(config.live, deps, inputs, errors, findings);

  const conversion = convertEcs(inputs, {
    namespace: config.namespace,
    dropUnsupported: config.dropUnsupported,
    albMode: config.albMode,
    rates: config.rates,
    secretStores: config.secretStores,
  });
  findings.push(...conversion.findings, ...schemaFindings(conversion.objects));

  const workloads = conversion.workloads.map((w) => {
    const { decision, td } = launchTypeOf(w, inputs);
    if (decision.launchType === 'EC2') findings.push(ec2Finding(w, decision.because, config.rates));
    return priceWorkload(w, decision.launchType, config.rates, td ? ec2TaskSize(td) : undefined);
  });
  // Report rows name files relative to the working directory, however the paths were given.
  const result: PlanResult = planWithDisplayPaths(
    {
      version: 1,
      findings: sortFindings(findings),
      errors,
      workloads,
      objects: conversion.objects.map((o) => ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        name: o.metadata.name,
        ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      })),
      totals: costTotals(workloads, config.rates),
      rates: config.rates,
    },
    process.cwd(),
  );
  const markdown = renderPlanMarkdown(result);
  const written = await writePlanOutputs(config, conversion.objects, result, markdown);
  const hasBlockers = result.findings.some((f) => f.severity === 'blocker');
  const exitCode = errors.length > 0 ? PlanExit.Failed : hasBlockers ? PlanExit.Blockers : PlanExit.Ok;
  return { result, objects: conversion.objects, markdown, exitCode, written };
}

/**
 * Add what a live ECS cluster holds to the inputs read from files. A failure to read it is an
 * error of the plan, reported against the cluster (`ecs://name`) or the file it names.
 */
async function addLiveEcs(
  live: NonNullable<PlanConfig['live']>,
  deps: PlanDeps,
  inputs: EcsInputs,
  errors: PlanResult['errors'],
  findings: Finding[],
): Promise<void> {
  const clients = (deps.liveClients ?? defaultLiveEcsClients)(live.region);
  const source = `ecs://${live.cluster}`;
  try {
    const read = await readLiveEcs(live, clients);
    inputs.taskDefinitions.push(...read.inputs.taskDefinitions);
    inputs.services.push(...read.inputs.services);
    inputs.scaling.push(...read.inputs.scaling);
    findings.push(...read.findings);
  } catch (err) {
    if (isUserError(err)) {
      const list = err instanceof UserInputErrors ? err.errors : [err];
      for (const e of list) errors.push({ file: e.file ?? source, message: e.message });
    } else {
      errors.push({ file: source, message: err instanceof Error ? err.message : String(err) });
    }
  }
}

/** A blocker for each place where a converted object does not match its Kubernetes schema. */
function schemaFindings(objects: readonly KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const obj of objects) {
    for (const p of validateObject(obj)) {
      findings.push({
        severity: 'blocker',
        code: 'schema',
        message: `${obj.kind} ${obj.metadata.name}: ${p.path ? `${p.path}: ` : ''}${p.message}`,
        workload: obj.metadata.labels?.['app.kubernetes.io/name'] ?? obj.metadata.name,
        field: p.path,
      });
    }
  }
  return findings;
}

/** Write the manifests and the reports the config asks for; returns the files written, in that order. */
async function writePlanOutputs(
  config: PlanConfig,
  objects: KubeObject[],
  result: PlanResult,
  markdown: string,
): Promise<string[]> {
  const written: string[] = [];
  if (config.outDir) written.push(...(await writeManifests(config.outDir, objects)));
  if (config.reportJson) {
    await writeOutputFile(config.reportJson, planReportJson(result), 'report-json');
    written.push(config.reportJson);
  }
  if (config.reportMd) {
    await writeOutputFile(config.reportMd, markdown, 'report-md');
    written.push(config.reportMd);
  }
  return written;
}

/**
 * Read ECS task definition, service and scaling files (or directories of them). Invalid files
 * are reported in `errors` (file + message) and left out; the others are returned. With a
 * `workspace`, a file (or directory, or a file in it) that is outside it or links out of it is an
 * error and is not read.
 */
export async function readEcsFiles(
  taskDefinitionFiles: readonly string[],
  serviceFiles: readonly string[],
  scalingFiles: readonly string[],
  workspace?: string,
): Promise<{ inputs: EcsInputs; errors: PlanResult['errors']; findings: Finding[] }> {
  const errors: PlanResult['errors'] = [];
  const findings: Finding[] = [];
  const inputs: EcsInputs = { taskDefinitions: [], services: [], scaling: [] };
  const load = async <T>(
    paths: readonly string[],
    parse: (raw: unknown, file: string) => Parsed<T>,
    push: (v: T) => void,
  ): Promise<void> => {
    for (const file of await expandPaths(paths, errors, workspace)) {
      try {
        const text = await readInputFile(
          workspace ? await confineToWorkspace(workspace, file) : file,
          file,
          'ECS files',
        );
        const parsed = parse(parseJsonText(text, file), file);
        findings.push(...parsed.findings);
        push(parsed.value);
      } catch (err) {
        if (!isUserError(err)) throw err;
        const list = err instanceof UserInputErrors ? err.errors : [err];
        for (const e of list)
          errors.push({
            file,
            message: e.message.startsWith(`${file}: `) ? e.message.slice(file.length + 2) : e.message,
          });
      }
    }
  };
  await load(taskDefinitionFiles, parseTaskDefinitionDocument, (v) => inputs.taskDefinitions.push(v));
  await load(serviceFiles, parseServicesDocument, (v) => inputs.services.push(...v));
  await load(scalingFiles, parseScalingDocument, (v) => inputs.scaling.push(v));
  return { inputs, errors, findings };
}

/** Files, and the `*.json` files of directories (sorted); a missing path is an input error. */
async function expandPaths(
  paths: readonly string[],
  errors: PlanResult['errors'],
  workspace: string | undefined,
): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let info;
    try {
      if (workspace) await confineToWorkspace(workspace, p);
      info = await stat(p);
    } catch (err) {
      if (err instanceof UserInputError) {
        errors.push({ file: p, message: err.message.slice(p.length + 2) });
        continue;
      }
      errors.push({ file: p, message: 'no such file or directory' });
      continue;
    }
    if (info.isDirectory()) {
      const entries = (await readdir(p)).filter((e) => e.endsWith('.json')).sort();
      if (entries.length === 0) errors.push({ file: p, message: 'directory holds no .json files' });
      out.push(...entries.map((e) => join(p, e)));
    } else out.push(p);
  }
  return [...new Set(out)];
}

/**
 * Write one multi-document YAML file per workload (`<workload>.yaml`), the namespace to
 * `namespace.yaml`, and a `kustomization.yaml` listing them in apply order.
 */
export async function writeManifests(dir: string, objects: readonly KubeObject[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const groups = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const key =
      o.kind === 'Namespace' ? 'namespace' : (o.metadata.labels?.['app.kubernetes.io/name'] ?? o.metadata.name);
    const list = groups.get(key) ?? [];
    list.push(o);
    groups.set(key, list);
  }
  const files = [...groups.keys()]
    .sort((a, b) => (a === 'namespace' ? -1 : b === 'namespace' ? 1 : a < b ? -1 : 1))
    .map((k) => `${k}.yaml`);
  // Every target is checked before the first is written: none may be a link (see writeOutputFile).
  const targets = [...groups.keys()].map((k) => join(dir, `${k}.yaml`));
  await Promise.all([...targets, join(dir, 'kustomization.yaml')].map((f) => refuseSymlinkTarget(f, 'out')));
  const written: string[] = [];
  for (const [key, list] of groups) {
    const file = join(dir, `${key}.yaml`);
    const { objects: onDisk, notes } = withoutSecretValues(list);
    await writeOutputFile(file, notes.join('') + toYamlStream(onDisk), 'out');
    written.push(file);
  }
  // An empty `resources:` is null, which kustomize rejects ("kustomization.yaml is empty").
  const resources = files.length > 0 ? ['resources:', ...files.map((f) => `  - ${f}`)] : ['resources: []'];
  const kustomization = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', ...resources, ''].join(
    '\n',
  );
  await writeOutputFile(join(dir, 'kustomization.yaml'), kustomization, 'out');
  written.push(join(dir, 'kustomization.yaml'));
  return written.sort();
}

/**
 * Secrets as written to disk: their keys without their values (a value planned from an ECS task's
 * plain environment is a credential, and no secret value is stored in plain text), each preceded by
 * a comment saying how to set the values before the file is applied.
 */
function withoutSecretValues(list: readonly KubeObject[]): { objects: KubeObject[]; notes: string[] } {
  const notes: string[] = [];
  const objects = list.map((o) => {
    if (o.kind !== 'Secret') return o;
    const keys: string[] = [];
    const blank = (m: unknown): Record<string, string> | undefined => {
      if (m === null || typeof m !== 'object') return undefined;
      const out: Record<string, string> = {};
      for (const k of Object.keys(m)) {
        keys.push(k);
        out[k] = '';
      }
      return out;
    };
    const copy: KubeObject = { ...o };
    const data = blank(o['data']);
    const stringData = blank(o['stringData']);
    if (data) copy['data'] = data;
    if (stringData) copy['stringData'] = stringData;
    if (keys.length === 0) return o;
    const ns = o.metadata.namespace ? ` -n ${o.metadata.namespace}` : '';
    const literals = keys
      .sort()
      .map((k) => `--from-literal=${k}=…`)
      .join(' ');
    notes.push(
      `# Secret ${o.metadata.name}: the values of ${keys.join(', ')} are not written here (no secret value is stored in plain text).\n` +
        `# Set them before applying: kubectl create secret generic ${o.metadata.name}${ns} ${literals}\n` +
        `# or, better, store them in AWS Secrets Manager and let an ExternalSecret create this Secret.\n`,
    );
    return copy;
  });
  return { objects, notes };
}

/** The task definition and service a workload was planned from, for what ECS ran it on. */
function launchTypeOf(w: WorkloadPlan, inputs: EcsInputs): { decision: LaunchTypeDecision; td?: EcsTaskDefinition } {
  const service =
    w.serviceName !== undefined
      ? inputs.services.find((s) => s.service.serviceName === w.serviceName)?.service
      : undefined;
  const family = service ? taskDefinitionFamily(service.taskDefinition) : undefined;
  const td =
    inputs.taskDefinitions.find(
      (t) =>
        t.source === w.source &&
        (family ? t.taskDefinition.family === family : toDns1123Label(t.taskDefinition.family) === w.name),
    ) ??
    inputs.taskDefinitions.find((t) =>
      family ? t.taskDefinition.family === family : toDns1123Label(t.taskDefinition.family) === w.name,
    );
  return {
    decision: ecsLaunchType(td?.taskDefinition ?? { requiresCompatibilities: ['FARGATE'] }, service),
    ...(td ? { td: td.taskDefinition } : {}),
  };
}

function ec2Finding(w: WorkloadPlan, because: string, rates: PlanResult['rates']): Finding {
  const priced = rates.ec2VcpuHour !== undefined || rates.ec2GbHour !== undefined;
  return {
    severity: 'info',
    code: 'ecs-ec2-launch-type',
    message: priced
      ? `ran on EC2 instances (${because}): its ECS cost is the task size at the EC2 rates given (--rate ec2VcpuHour/ec2GbHour), not a Fargate price`
      : `ran on EC2 instances (${because}): its ECS cost is unknown, so it is left out of the cost totals; price it with --rate ec2VcpuHour=USD --rate ec2GbHour=USD`,
    file: w.source,
    workload: w.name,
  };
}
