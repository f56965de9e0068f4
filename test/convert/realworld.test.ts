/**
 * The real-world corpus (test/fixtures/ecs-realworld): task definitions as people published them.
 * Each file goes through the same path as `plan` (read and parse the file, convert, validate every
 * object against the Kubernetes schemas, price, render the report), and what comes out — the
 * manifests, the findings, the sizing and the input errors — is kept as a snapshot. The snapshots
 * are the record of what the converter does with these inputs; a change to it shows up as a
 * snapshot diff to review file by file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runPlan } from '../../src/commands/plan.js';
import { toYamlStream } from '../../src/convert/objects.js';
import { validateObject } from '../../src/manifests/schema.js';
import { planConfigFromArgs, type PlanConfig } from '../../src/config/plan.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'ecs-realworld');

interface IndexEntry {
  file: string;
  kind: 'taskDefinition' | 'service';
  repository: string;
  path: string;
  commit: string;
  license: string;
  app: string;
  /** For a service: the task definition file it runs (they are planned together). */
  taskDefinitionFile?: string;
  /** Set when ECS would not register the file as is, saying why: the planner must report it. */
  invalid?: string;
  /** Set when ECS accepts the file but the planner reports it as invalid (a known bug), saying why. */
  rejectedToday?: string;
}

const index = (JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as { files: IndexEntry[] }).files;
const taskDefinitions = index.filter((e) => e.kind === 'taskDefinition');

/** The path as a user in the repository root would type it (findings and errors carry it). */
const userPath = (file: string): string => relative(process.cwd(), join(DIR, file));
/** Findings and errors name files; the snapshot must not depend on where the checkout is. */
const portable = (text: string): string =>
  text
    .split(`${DIR}/`)
    .join('<corpus>/')
    .split(`${userPath('')}/`)
    .join('<corpus>/');

/** The config `plan` builds from its flags for this file and the services published with it. */
function configFor(entry: IndexEntry): PlanConfig {
  const services = index
    .filter((e) => e.kind === 'service' && e.taskDefinitionFile === entry.file)
    .map((e) => userPath(e.file));
  return planConfigFromArgs([
    '--ecs-task-definition',
    userPath(entry.file),
    ...(services.length > 0 ? ['--ecs-service', ...services] : []),
    '--namespace',
    'corpus',
  ]);
}

describe('the corpus index', () => {
  const onDisk = readdirSync(DIR)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort();

  test('lists every file of the corpus, and every file it lists is there', () => {
    expect(index.map((e) => e.file).sort()).toEqual(onDisk);
    expect(new Set(index.map((e) => e.file)).size).toBe(index.length);
  });

  test('at least 40 task definitions from at least 20 repositories', () => {
    expect(taskDefinitions.length).toBeGreaterThanOrEqual(40);
    expect(new Set(taskDefinitions.map((e) => e.repository)).size).toBeGreaterThanOrEqual(20);
  });

  test('every entry names its source (repository, path, commit), its license and what the app is', () => {
    for (const e of index) {
      expect(e.repository).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(e.file.startsWith(`${e.repository.replace('/', '__')}__`)).toBe(true);
      expect(e.path).not.toBe('');
      expect(e.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(e.license).not.toBe('');
      expect(e.app).not.toBe('');
    }
  });

  test('every service names the task definition it runs, which is in the corpus', () => {
    const services = index.filter((e) => e.kind === 'service');
    expect(services.length).toBeGreaterThan(0);
    for (const s of services)
      expect([s.file, taskDefinitions.some((t) => t.file === s.taskDefinitionFile)]).toEqual([s.file, true]);
  });

  test('INDEX.md has a row for every file', () => {
    const md = readFileSync(join(DIR, 'INDEX.md'), 'utf8');
    for (const e of index)
      expect(md).toContain(`| ${e.file} | ${e.kind} | ${e.repository} | ${e.path} | ${e.commit.slice(0, 12)} |`);
  });
});

describe.each(taskDefinitions.map((e) => [e.file, e] as const))('%s', (file, entry) => {
  test('plans without a crash; every object is schema-valid; an unreadable file is reported with file, field and value', async () => {
    const outcome = await runPlan(configFor(entry));
    const { result, objects } = outcome;

    for (const obj of objects)
      expect([`${obj.kind}/${obj.metadata.name}`, validateObject(obj)]).toEqual([
        `${obj.kind}/${obj.metadata.name}`,
        [],
      ]);
    expect(result.findings.filter((f) => f.code === 'schema')).toEqual([]);

    const fileErrors = result.errors.filter((e) => e.file === userPath(file));
    expect(fileErrors).toEqual(result.errors); // no error about another file
    if (entry.invalid !== undefined || entry.rejectedToday !== undefined) {
      expect(fileErrors.length).toBeGreaterThan(0);
      expect(objects).toEqual([]);
      expect(outcome.exitCode).toBe(1);
      for (const e of fileErrors) {
        // `field: message` naming the offending value, or where the JSON breaks.
        expect(e.message).toMatch(
          /^(malformed JSON at line \d+, column \d+|[\w.[\]]+: .*(got |missing|not a valid|".*")|expected a JSON object .*got )/,
        );
      }
    } else {
      expect(fileErrors).toEqual([]);
      // Planned: its objects rendered, or kept out by a blocker that says why.
      expect(result.workloads.length).toBeGreaterThan(0);
      if (objects.length === 0) expect(result.findings.some((f) => f.severity === 'blocker')).toBe(true);
    }

    const findings = result.findings.map(
      (f) =>
        `${f.severity} ${f.code}${f.container ? ` [${f.container}]` : ''}${f.field ? ` @${f.field}` : ''}: ${f.message}`,
    );
    const sizing = result.workloads.map((w) => ({
      workload: w.name,
      replicas: w.replicas,
      blocked: w.blocked,
      ecs: `${w.ecs.vcpu} vCPU ${w.ecs.memoryGb} GB on ${w.ecs.launchType ?? '?'} ${w.ecs.monthlyUsd === undefined ? 'cost unknown' : `$${w.ecs.monthlyUsd}`}`,
      eks: `${w.fargate.capacityProvisioned} (requested ${w.fargate.requested.cpu} ${w.fargate.requested.memory}) $${w.fargate.monthlyUsd}`,
    }));
    expect(
      portable(
        [
          `# errors\n${result.errors.map((e) => `${e.file}: ${e.message}`).join('\n')}`,
          `# findings\n${findings.join('\n')}`,
          `# sizing\n${JSON.stringify(sizing, null, 1)}\ntotals ${JSON.stringify(result.totals)}`,
          `# manifests\n${toYamlStream(objects)}`,
        ].join('\n'),
      ),
    ).toMatchSnapshot();
  });
});
