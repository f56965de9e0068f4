import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runPlan, writeManifests } from '../../src/commands/plan.js';
import { planConfigFromArgs } from '../../src/config/plan.js';
import { toYamlStream } from '../../src/convert/objects.js';
import type { PlanResult } from '../../src/report/model.js';

const ROOT = join(import.meta.dirname, '..', '..');
const EX = (f: string): string => join(ROOT, 'examples', 'ecs', f);
const FX = (f: string): string => join(ROOT, 'test', 'fixtures', 'ecs', f);
/** Report rows name files relative to the working directory, however they were given. */
const REL = (p: string): string => relative(process.cwd(), p);
/** The examples, with extra task definition files in the same --ecs-task-definition list. */
const exampleArgs = (...extraTaskDefinitions: string[]): string[] => [
  '--ecs-task-definition',
  EX('backend-taskdef.json'),
  EX('frontend-taskdef.json'),
  ...extraTaskDefinitions,
  '--ecs-service',
  EX('services.json'),
  '--ecs-scaling',
  EX('scaling.json'),
];
const EXAMPLE_ARGS = exampleArgs();

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'plan-test-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const plan = (args: string[]): ReturnType<typeof runPlan> => runPlan(planConfigFromArgs(args));

describe('exit codes', () => {
  test('0 on the examples: no blockers, no errors, both services planned', async () => {
    const outcome = await plan(EXAMPLE_ARGS);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.result.errors).toEqual([]);
    expect(outcome.result.findings.filter((f) => f.severity === 'blocker')).toEqual([]);
    expect(outcome.result.workloads.map((w) => [w.name, w.serviceName, w.replicas])).toEqual([
      ['frontend', 'frontend', 2],
      ['backend', 'backend', 2],
    ]);
    expect(outcome.written).toEqual([]);
  });

  test('2 with a blocker; the reports are still written and the other workloads still planned', async () => {
    const reportJson = join(tmp, 'plan.json');
    const reportMd = join(tmp, 'plan.md');
    const out = join(tmp, 'manifests');
    const outcome = await plan([
      ...exampleArgs(FX('blocked/privileged-taskdef.json')),
      '--out',
      out,
      '--report-json',
      reportJson,
      '--report-md',
      reportMd,
    ]);
    expect(outcome.exitCode).toBe(2);
    const blockers = outcome.result.findings.filter((f) => f.severity === 'blocker');
    expect(blockers.map((f) => [f.code, f.workload])).toEqual([
      ['host-network', 'agent'],
      ['privileged', 'agent'],
    ]);
    const json = JSON.parse(await readFile(reportJson, 'utf8')) as PlanResult;
    expect(json.findings.filter((f) => f.severity === 'blocker')).toHaveLength(2);
    expect(await readFile(reportMd, 'utf8')).toContain('agent');
    expect((await readdir(out)).sort()).toEqual(['backend.yaml', 'frontend.yaml', 'kustomization.yaml']);
    expect(outcome.result.objects.some((o) => o.name === 'agent')).toBe(false);
  });

  test('1 with an invalid file: the error names file, field and value; the other files are still planned and written', async () => {
    const out = join(tmp, 'out');
    const reportJson = join(tmp, 'plan.json');
    const invalid = FX('invalid/no-image.json');
    const outcome = await plan([...exampleArgs(invalid), '--out', out, '--report-json', reportJson]);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.result.errors).toEqual([
      { file: REL(invalid), message: 'containerDefinitions[0].image: container api: required field is missing' },
    ]);
    expect(outcome.result.workloads.map((w) => w.name)).toEqual(['frontend', 'backend']);
    expect((await readdir(out)).sort()).toEqual(['backend.yaml', 'frontend.yaml', 'kustomization.yaml']);
    const json = JSON.parse(await readFile(reportJson, 'utf8')) as PlanResult;
    expect(json.errors).toEqual(outcome.result.errors);
    expect(json.objects.some((o) => o.name === 'broken')).toBe(false);
  });

  test('1 with malformed JSON, reported with line and column', async () => {
    const malformed = FX('invalid/malformed.json');
    const outcome = await plan(['--ecs-task-definition', malformed, EX('frontend-taskdef.json')]);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.result.errors).toEqual([
      { file: REL(malformed), message: "malformed JSON at line 5, column 3: Unexpected token ']'" },
    ]);
    expect(outcome.result.workloads.map((w) => w.name)).toEqual(['frontend']);
  });

  test('1 for a path that does not exist, named in the error', async () => {
    const missing = join(tmp, 'nope.json');
    const outcome = await plan(['--ecs-task-definition', missing, EX('frontend-taskdef.json')]);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.result.errors).toEqual([{ file: missing, message: 'no such file or directory' }]);
    expect(outcome.result.workloads).toHaveLength(1);
  });

  test('errors in a services file and a scaling file are reported, the task definitions still planned', async () => {
    const outcome = await plan([
      '--ecs-task-definition',
      EX('frontend-taskdef.json'),
      '--ecs-service',
      FX('services/invalid-services.json'),
      '--ecs-scaling',
      FX('scaling/invalid-scaling.json'),
    ]);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.result.errors.map((e) => [e.file.replace(`${ROOT}/`, ''), e.message])).toEqual([
      [
        'test/fixtures/ecs/services/invalid-services.json',
        'services[0].desiredCount: expected a non-negative integer, got -1',
      ],
      [
        'test/fixtures/ecs/services/invalid-services.json',
        'services[1].serviceName: "bad name!" is not a valid service name',
      ],
      ['test/fixtures/ecs/services/invalid-services.json', 'services[1].taskDefinition: required field is missing'],
      [
        'test/fixtures/ecs/services/invalid-services.json',
        'services[1].deploymentConfiguration.minimumHealthyPercent: expected a non-negative integer percentage, got "half"',
      ],
      [
        'test/fixtures/ecs/scaling/invalid-scaling.json',
        'ScalableTargets[0].MinCapacity: MinCapacity 5 is above MaxCapacity 2',
      ],
      [
        'test/fixtures/ecs/scaling/invalid-scaling.json',
        'ScalingPolicies[0].TargetTrackingScalingPolicyConfiguration.TargetValue: expected a number, got "seventy"',
      ],
    ]);
    expect(outcome.result.workloads.map((w) => w.name)).toEqual(['frontend']);
  });

  test('a directory argument reads its .json files in name order; one family planned twice is a blocker naming the file', async () => {
    const outcome = await plan(['--ecs-task-definition', FX('shapes')]);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.result.workloads.map((w) => [w.name, w.source])).toEqual([
      ['orders', REL(FX('shapes/console-export.json'))],
    ]);
    expect(outcome.result.findings.filter((f) => f.code === 'duplicate-workload').map((f) => f.file)).toEqual([
      REL(FX('shapes/describe.json')),
      REL(FX('shapes/register.json')),
    ]);
  });

  test('an empty directory is an input error', async () => {
    const outcome = await plan(['--ecs-task-definition', tmp]);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.result.errors).toEqual([{ file: tmp, message: 'directory holds no .json files' }]);
  });
});

describe('--out', () => {
  test('writes <workload>.yaml and kustomization.yaml; kubectl kustomize accepts the directory', async () => {
    const out = join(tmp, 'manifests');
    const outcome = await plan([...EXAMPLE_ARGS, '--out', out, '--namespace', 'shop']);
    expect(outcome.exitCode).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'backend.yaml',
      'frontend.yaml',
      'kustomization.yaml',
      'namespace.yaml',
    ]);
    expect(outcome.written).toEqual([
      join(out, 'backend.yaml'),
      join(out, 'frontend.yaml'),
      join(out, 'kustomization.yaml'),
      join(out, 'namespace.yaml'),
    ]);
    expect(await readFile(join(out, 'kustomization.yaml'), 'utf8')).toBe(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - namespace.yaml\n  - backend.yaml\n  - frontend.yaml\n',
    );
    const backend = await readFile(join(out, 'backend.yaml'), 'utf8');
    expect(backend).toBe(
      toYamlStream(outcome.objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'backend')),
    );

    const rendered = execFileSync('kubectl', ['kustomize', out], { encoding: 'utf8', timeout: 20000 });
    const docs = parseAllDocuments(rendered).map(
      (d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string } },
    );
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual(
      outcome.result.objects.map((o) => `${o.kind}/${o.name}`).sort(),
    );
    expect(docs.filter((d) => d.kind !== 'Namespace').every((d) => d.metadata.namespace === 'shop')).toBe(true);
  });

  test('writing the same plan twice gives byte-identical files', async () => {
    const a = join(tmp, 'a');
    const b = join(tmp, 'b');
    await plan([...EXAMPLE_ARGS, '--out', a]);
    await plan([...EXAMPLE_ARGS, '--out', b]);
    for (const f of await readdir(a))
      expect(await readFile(join(b, f), 'utf8')).toBe(await readFile(join(a, f), 'utf8'));
  });

  test('writeManifests with no objects still writes an empty kustomization kubectl accepts', async () => {
    const out = join(tmp, 'empty');
    expect(await writeManifests(out, [])).toEqual([join(out, 'kustomization.yaml')]);
    expect(execFileSync('kubectl', ['kustomize', out], { encoding: 'utf8', timeout: 20000 })).toBe('');
  });
});

describe('--report-json', () => {
  test('matches the documented schema: version 1, findings, errors, workloads with fargate/ecs blocks, objects', async () => {
    const reportJson = join(tmp, 'plan.json');
    await plan([...EXAMPLE_ARGS, '--report-json', reportJson]);
    const doc = JSON.parse(await readFile(reportJson, 'utf8')) as Record<string, unknown>;
    expect(doc.version).toBe(1);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['version', 'findings', 'errors', 'workloads', 'objects']));
    const findings = doc.findings as Record<string, unknown>[];
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(['blocker', 'warning', 'info']).toContain(f.severity);
      expect(typeof f.code).toBe('string');
      expect(typeof f.message).toBe('string');
      expect(typeof f.file).toBe('string');
      for (const k of ['container', 'field']) if (k in f) expect(typeof f[k]).toBe('string');
    }
    expect(findings.find((f) => f.code === 'ulimits')).toEqual({
      severity: 'warning',
      code: 'ulimits',
      // Issue 13 point 4: the old message stated the wrong figure (EKS Fargate's soft nofile is 1024).
      message:
        "ulimits nofile=65536/65536 are dropped: Kubernetes has no ulimit setting and EKS Fargate pods get nofile and nproc soft 1024 / hard 65535, not configurable; for nofile above 1024, raise the soft limit in the entrypoint, up to the hard 65535: sh -c 'ulimit -n 65535 && exec <command>'",
      file: REL(EX('backend-taskdef.json')),
      workload: 'backend',
      container: 'fastapi',
      field: 'containerDefinitions[1].ulimits',
    });
    expect(doc.errors).toEqual([]);
    const workloads = doc.workloads as Record<string, unknown>[];
    const frontend = workloads.find((w) => w.name === 'frontend')!;
    expect(frontend).toMatchObject({
      name: 'frontend',
      namespace: 'default',
      replicas: 2,
      containers: ['nodejs'],
      initContainers: [],
      fargate: { requested: { cpu: '500m', memory: '1Gi' }, vcpu: 0.5, memoryGb: 2 },
      ecs: { vcpu: 0.5, memoryGb: 1 },
    });
    const fargate = frontend.fargate as Record<string, number>;
    const ecs = frontend.ecs as Record<string, number>;
    expect(fargate.monthlyUsd).toBeGreaterThan(ecs.monthlyUsd!);
    const backend = workloads.find((w) => w.name === 'backend')!;
    expect(backend).toMatchObject({ containers: ['fastapi'], initContainers: ['migrate'] });
    const objects = doc.objects as Record<string, unknown>[];
    expect(objects[0]).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', name: 'backend', namespace: 'default' });
    expect(objects.map((o) => o.kind)).toEqual([
      'ServiceAccount',
      'ServiceAccount',
      'ConfigMap',
      'ConfigMap',
      'ExternalSecret',
      'ExternalSecret',
      'Service',
      'Service',
      'Deployment',
      'Deployment',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'PodDisruptionBudget',
      'Ingress',
      'Ingress',
    ]);
  });

  test('with --drop-unsupported the blocked fixture plans with warnings and exits 0', async () => {
    const outcome = await plan(['--ecs-task-definition', FX('blocked/privileged-taskdef.json'), '--drop-unsupported']);
    expect(outcome.exitCode).toBe(0);
    expect(
      outcome.result.findings
        .filter((f) => f.message.endsWith('(--drop-unsupported)'))
        .map((f) => f.code)
        .sort(),
    ).toEqual(['host-network', 'privileged']);
    expect(outcome.result.objects.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'ServiceAccount/agent',
      'Service/agent',
      'Deployment/agent',
    ]);
  });

  test('the markdown report holds the summary, mapping and cost', async () => {
    const md = join(tmp, 'plan.md');
    const outcome = await plan([...EXAMPLE_ARGS, '--report-md', md]);
    const text = await readFile(md, 'utf8');
    expect(text).toBe(outcome.markdown);
    expect(text).toContain('frontend');
    expect(text).toContain('```mermaid');
  });
});

describe('input files written by hand', () => {
  test('a task definition file written on the fly with a BOM and CRLF line ends is planned', async () => {
    const file = join(tmp, 'crlf.json');
    await writeFile(
      file,
      '\ufeff{\r\n "family": "crlf",\r\n "cpu": "256", "memory": "512",\r\n "containerDefinitions": [{"name": "a", "image": "nginx"}]\r\n}\r\n',
    );
    const outcome = await plan(['--ecs-task-definition', file]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.result.workloads.map((w) => w.name)).toEqual(['crlf']);
  });
});

describe('--out with credentials found in plain environment', () => {
  test('the Secret file lists the keys and how to set them, and no value is written anywhere under --out', async () => {
    const td = {
      family: 'billing',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'app',
          image: 'public.ecr.aws/nginx/nginx:1.27',
          essential: true,
          environment: [
            { name: 'DB_PASSWORD', value: 'hunter2-on-disk-canary' },
            { name: 'PORT', value: '8080' },
          ],
        },
      ],
    };
    const file = join(tmp, 'billing.json');
    await writeFile(file, JSON.stringify(td));
    const out = join(tmp, 'out');
    const outcome = await plan(['--ecs-task-definition', file, '--out', out]);
    expect(outcome.exitCode).toBe(0);
    // The Secret is still rendered in memory (deploy applies it to the cluster, where it belongs).
    expect(outcome.objects.some((o) => o.kind === 'Secret' && o.metadata.name === 'billing-env-credentials')).toBe(
      true,
    );
    let all = '';
    for (const f of await readdir(out)) all += await readFile(join(out, f), 'utf8');
    expect(all).not.toContain('hunter2-on-disk-canary');
    expect(all).not.toContain(Buffer.from('hunter2-on-disk-canary').toString('base64'));
    const text = await readFile(join(out, 'billing.yaml'), 'utf8');
    expect(text).toContain('# Secret billing-env-credentials: the values of DB_PASSWORD are not written here');
    expect(text).toContain(
      'kubectl create secret generic billing-env-credentials -n default --from-literal=DB_PASSWORD=…',
    );
    const secret = parseAllDocuments(text)
      .map((d) => d.toJSON() as Record<string, unknown>)
      .find((o) => o['kind'] === 'Secret')!;
    expect(secret['stringData']).toEqual({ DB_PASSWORD: '' });
    // The PORT value is no credential and stays in the ConfigMap as written.
    expect(text).toMatch(/PORT: ["']8080["']/);
  });
});
