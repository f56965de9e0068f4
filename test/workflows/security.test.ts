/**
 * The workflow security rules, each shown to fire on a small bad workflow (with the line it
 * names) and to stay quiet on the safe way of writing the same thing.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expressions, untrustedReferences } from '../../src/workflows/expressions.js';
import {
  checkWorkflowFile,
  checkWorkflowSecurity,
  formatWorkflowFindings,
  WorkflowRule,
  type WorkflowFinding,
} from '../../src/workflows/security.js';
import { tempDir } from '../helpers/temp.js';

const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2';

/** A workflow with safe defaults; `jobs` is the YAML of the jobs mapping's body (indented 2). */
function workflow(jobs: string, head = 'on: push\npermissions:\n  contents: read\n'): string {
  return `${head}jobs:\n${jobs}`;
}

function check(text: string): WorkflowFinding[] {
  return checkWorkflowSecurity(text, 'wf.yml');
}

const rules = (findings: WorkflowFinding[]): string[] => findings.map((f) => f.rule);

describe('a safe workflow', () => {
  it('has no findings', () => {
    const text = workflow(`  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - name: Greet
        env:
          TITLE: \${{ github.event.pull_request.title }}
        run: echo "PR $TITLE, run \${{ github.run_id }}, number \${{ github.event.pull_request.number }}"
      - uses: ./local-action
      - uses: docker://alpine@sha256:${'a'.repeat(64)}
`);
    expect(check(text)).toEqual([]);
  });
});

describe(WorkflowRule.DangerousTriggerCheckout, () => {
  it('fires on pull_request_target checking out the head SHA, naming the line', () => {
    const text = workflow(
      `  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: ${CHECKOUT}
        with:
          ref: \${{ github.event.pull_request.head.sha }}
          persist-credentials: false
      - run: npm test
`,
      'on: pull_request_target\npermissions:\n  contents: read\n',
    );
    const f = check(text);
    expect(rules(f)).toEqual([WorkflowRule.DangerousTriggerCheckout]);
    expect(f[0]).toMatchObject({ file: 'wf.yml', line: 10, column: 16 });
    expect(f[0]!.message).toContain('pull_request_target');
  });

  it('fires on workflow_run checking out the triggering head branch, and on gh pr checkout', () => {
    const text = workflow(
      `  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: ${CHECKOUT}
        with:
          ref: \${{ github.event.workflow_run.head_branch }}
          persist-credentials: false
      - run: gh pr checkout 12
`,
      'on:\n  workflow_run:\n    workflows: [ci]\n    types: [completed]\npermissions:\n  contents: read\n',
    );
    expect(rules(check(text))).toEqual([WorkflowRule.DangerousTriggerCheckout, WorkflowRule.DangerousTriggerCheckout]);
  });

  it('fires on a checkout of the fork repository in bracket syntax', () => {
    const text = workflow(
      `  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: ${CHECKOUT}
        with:
          repository: \${{ github.event['pull_request']['head']['repo']['full_name'] }}
          persist-credentials: false
`,
      'on: [pull_request_target]\npermissions: {}\n',
    );
    expect(rules(check(text))).toEqual([WorkflowRule.DangerousTriggerCheckout]);
  });

  it('fires on git checkout of the head branch handed over through env:', () => {
    const text = workflow(
      `  test:
    runs-on: ubuntu-24.04
    steps:
      - env:
          HEAD: \${{ github.head_ref }}
        run: |
          git fetch origin "$HEAD"
          git checkout FETCH_HEAD
`,
      'on: pull_request_target\npermissions: {}\n',
    );
    expect(rules(check(text))).toEqual([WorkflowRule.DangerousTriggerCheckout]);
  });

  it('stays quiet for a pull_request_target step that only uses the pull request number', () => {
    const text = workflow(
      `  label:
    runs-on: ubuntu-24.04
    steps:
      - env:
          GH_TOKEN: \${{ github.token }}
        run: gh pr edit \${{ github.event.pull_request.number }} --add-label triage
`,
      'on: pull_request_target\npermissions:\n  pull-requests: write\n',
    );
    expect(check(text)).toEqual([]);
  });

  it('stays quiet for pull_request_target that only checks out the base, and for pull_request checking out the head', () => {
    const base = workflow(
      `  label:
    runs-on: ubuntu-24.04
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
`,
      'on: pull_request_target\npermissions: {}\n',
    );
    expect(check(base)).toEqual([]);
    const pr = workflow(
      `  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: ${CHECKOUT}
        with:
          ref: \${{ github.event.pull_request.head.sha }}
          persist-credentials: false
`,
      'on: pull_request\npermissions: {}\n',
    );
    expect(check(pr)).toEqual([]);
  });
});

describe(WorkflowRule.UntrustedExpressionInRun, () => {
  it.each([
    ['github.event.pull_request.title'],
    ['github.event.issue.body'],
    ['github.event.comment.body'],
    ['github.head_ref'],
    ['github.event.head_commit.message'],
    ['github.event.pull_request.head.ref'],
    ['inputs.images'],
    ['github.event.inputs.reason'],
    ["github.event['pull_request']['title']"],
    ['toJSON(github.event)'],
  ])('fires on ${{ %s }} in run:', (expr) => {
    const text = workflow(`  a:
    runs-on: ubuntu-24.04
    steps:
      - run: |
          echo start
          echo "\${{ ${expr} }}"
`);
    const f = check(text);
    expect(rules(f)).toEqual([WorkflowRule.UntrustedExpressionInRun]);
    expect(f[0]!.line).toBe(8);
    expect(f[0]!.message).toContain('env:');
  });

  it('fires on an actions/github-script script', () => {
    const text = workflow(`  a:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1
        with:
          script: console.log("\${{ github.event.issue.title }}")
`);
    expect(rules(check(text))).toEqual([WorkflowRule.UntrustedExpressionInRun]);
  });

  it('stays quiet on numbers, hashes, booleans and trusted contexts', () => {
    const text = workflow(`  a:
    runs-on: ubuntu-24.04
    steps:
      - run: echo \${{ github.event.pull_request.number }} \${{ github.event.pull_request.head.sha }} \${{ github.sha }} \${{ github.run_id }} \${{ github.event.pull_request.head.repo.fork }} \${{ steps.x.outputs.y }} \${{ runner.temp }}
`);
    expect(check(text)).toEqual([]);
  });

  it('reads references in expressions whatever their spelling', () => {
    expect(expressions("a ${{ github.event['issue'].title }} b ${{inputs.x}}")).toEqual([
      'github.event.issue.title',
      'inputs.x',
    ]);
    expect(untrustedReferences("format('{0}', github.event.issue.title) && github.event.issue.number")).toEqual([
      'github.event.issue.title',
    ]);
    expect(untrustedReferences('steps.inputs.outputs.x')).toEqual([]);
  });
});

describe(WorkflowRule.MissingPermissions, () => {
  it('fires for each job when neither the workflow nor the job declares permissions, at the job key', () => {
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - run: echo a
  b:
    permissions:
      contents: read
    runs-on: ubuntu-24.04
    steps:
      - run: echo b
  c:
    uses: ./.github/workflows/plan.yml
`;
    const f = check(text);
    expect(f.map((x) => [x.rule, x.line])).toEqual([
      [WorkflowRule.MissingPermissions, 3],
      [WorkflowRule.MissingPermissions, 13],
    ]);
    expect(f[0]!.message).toContain('job "a"');
  });

  it('fires on permissions: write-all', () => {
    expect(
      rules(
        check(
          workflow(
            '  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo\n',
            'on: push\npermissions: write-all\n',
          ),
        ),
      ),
    ).toEqual([WorkflowRule.MissingPermissions]);
  });

  it('is satisfied by top-level permissions, even empty ones', () => {
    expect(
      check(
        workflow('  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo\n', 'on: push\npermissions: {}\n'),
      ),
    ).toEqual([]);
  });
});

describe(WorkflowRule.UnpinnedAction, () => {
  it.each([
    ['actions/checkout@v4'],
    ['aws-actions/configure-aws-credentials@main'],
    ['aws-actions/configure-aws-credentials@e3dd6a4'],
    ['docker://alpine:3.20'],
    ['some/action'],
  ])('fires on uses: %s', (uses) => {
    const text = workflow(`  a:
    runs-on: ubuntu-24.04
    steps:
      - uses: ${uses}
        with:
          persist-credentials: false
`);
    const f = check(text);
    expect(rules(f)).toEqual([WorkflowRule.UnpinnedAction]);
    expect(f[0]).toMatchObject({ line: 8, column: 15 });
  });

  it('fires on a reusable workflow called by tag', () => {
    const text = workflow(
      '  deploy:\n    uses: eks-fargate-deploy/eks-fargate-deploy/.github/workflows/deploy.yml@v1\n',
    );
    expect(rules(check(text))).toEqual([WorkflowRule.UnpinnedAction]);
  });
});

describe(WorkflowRule.MissingVersionComment, () => {
  it('fires on a SHA without a version comment, not on one with it', () => {
    const sha = '11bd71901bbe5b1630ceea73d27597364c9af683';
    const bare = workflow(
      `  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@${sha}\n        with:\n          persist-credentials: false\n`,
    );
    expect(rules(check(bare))).toEqual([WorkflowRule.MissingVersionComment]);
    const withComment = bare.replace(sha, `${sha} # v4.2.2`);
    expect(check(withComment)).toEqual([]);
  });
});

describe(WorkflowRule.SecretsInherit, () => {
  it('fires on secrets: inherit, at its value', () => {
    const text = workflow('  deploy:\n    uses: ./.github/workflows/deploy.yml\n    secrets: inherit\n');
    const f = check(text);
    expect(rules(f)).toEqual([WorkflowRule.SecretsInherit]);
    expect(f[0]).toMatchObject({ line: 7, column: 14 });
  });

  it('stays quiet when secrets are passed by name', () => {
    expect(
      check(
        workflow(
          '  deploy:\n    uses: ./.github/workflows/deploy.yml\n    secrets:\n      token: ${{ secrets.TOKEN }}\n',
        ),
      ),
    ).toEqual([]);
  });
});

describe(WorkflowRule.PersistCredentials, () => {
  const job = (withBlock: string, later = '      - run: npm test\n'): string =>
    workflow(`  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: ${CHECKOUT}\n${withBlock}${later}`);

  it('fires when persist-credentials is left at its default', () => {
    const f = check(job(''));
    expect(rules(f)).toEqual([WorkflowRule.PersistCredentials]);
    expect(f[0]!.line).toBe(8);
  });

  it('fires when it is set to true but nothing pushes', () => {
    expect(rules(check(job('        with:\n          persist-credentials: true\n')))).toEqual([
      WorkflowRule.PersistCredentials,
    ]);
  });

  it('accepts true in a job that pushes with git, and false anywhere', () => {
    expect(
      check(
        job(
          '        with:\n          persist-credentials: true\n',
          '      - run: |\n          git commit -am bump\n          git push origin HEAD\n',
        ),
      ),
    ).toEqual([]);
    expect(check(job("        with:\n          persist-credentials: 'false'\n"))).toEqual([]);
  });
});

describe(WorkflowRule.InvalidWorkflow, () => {
  it('reports YAML errors with their line, and a file without jobs', () => {
    const f = check('on: push\njobs:\n  a: [\n');
    expect(f[0]).toMatchObject({ rule: WorkflowRule.InvalidWorkflow });
    expect(f[0]!.message).toContain('not valid YAML');
    expect(rules(check('on: push\n'))).toEqual([WorkflowRule.InvalidWorkflow]);
    expect(rules(check('on: push\njobs:\n  a: 1\n  a: 2\n'))).toEqual([WorkflowRule.InvalidWorkflow]);
  });
});

describe('reporting', () => {
  it('formats findings as file:line:column: message [rule], sorted by position, several per file', async () => {
    const dir = tempDir('wf-');
    const path = join(dir, 'bad.yml');
    await writeFile(
      path,
      `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.head_ref }}
      - run: echo "\${{ github.event.pull_request.body }}"
  b:
    permissions: {}
    uses: org/repo/.github/workflows/x.yml@main
    secrets: inherit
`,
    );
    const findings = await checkWorkflowFile(path, '.github/workflows/bad.yml');
    const text = formatWorkflowFindings(findings);
    expect(
      text
        .split('\n')
        .map((l) => l.replace(/: .*\[/, ' ['))
        .join('\n'),
    ).toBe(
      [
        '.github/workflows/bad.yml:3:3 [missing-permissions]',
        '.github/workflows/bad.yml:6:15 [persist-credentials]',
        '.github/workflows/bad.yml:6:15 [unpinned-action]',
        '.github/workflows/bad.yml:8:16 [dangerous-trigger-checkout]',
        '.github/workflows/bad.yml:9:14 [untrusted-expression-in-run]',
        '.github/workflows/bad.yml:12:11 [unpinned-action]',
        '.github/workflows/bad.yml:13:14 [secrets-inherit]',
      ].join('\n'),
    );
  });
});
