import {
  formatNumber,
  formatSignedUsd,
  formatUsd,
  GITHUB_COMMENT_MAX_LENGTH,
  renderPlanMarkdown,
} from '../../src/report/markdown.js';
import type { PlanResult, WorkloadPlan } from '../../src/report/model.js';
import { monthly, RATES, structureProblems, tableCells, twoServicePlan } from './fixtures.js';

const ZWJ = '\u200d';

/** The table that follows a `### heading`, as rows of cells (header and separator left out). */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = heading.startsWith('**') ? lines.indexOf(heading) : lines.indexOf(`### ${heading}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const first = lines.findIndex((l, i) => i > start && l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = first + 2; i < lines.length && lines[i]?.startsWith('|'); i++) rows.push(tableCells(lines[i] as string));
  return rows;
}

/** `$1,234.56` / `+$1.00` / `**-$2.00, -3%**` → the dollar amount as a number. */
function dollars(cell: string): number {
  const match = /([+-]?)\$([\d,]+\.\d\d)/.exec(cell);
  if (!match) throw new Error(`no dollar amount in ${cell}`);
  return (match[1] === '-' ? -1 : 1) * Number((match[2] as string).replace(/,/g, ''));
}

describe('renderPlanMarkdown', () => {
  test('renders the two-service plan (snapshot)', () => {
    expect(renderPlanMarkdown(twoServicePlan(), { marker: 'plan' })).toMatchSnapshot();
  });

  test('is deterministic: same plan, byte-identical text, whatever order the findings came in', () => {
    const plan = twoServicePlan();
    const shuffled: PlanResult = { ...plan, findings: [...plan.findings].reverse() };
    expect(renderPlanMarkdown(plan)).toBe(renderPlanMarkdown(twoServicePlan()));
    expect(renderPlanMarkdown(shuffled)).toBe(renderPlanMarkdown(plan));
  });

  test('starts with the hidden marker, then the title', () => {
    const lines = renderPlanMarkdown(twoServicePlan(), { marker: 'plan/shop', title: 'Plan for shop' }).split('\n');
    expect(lines[0]).toBe('<!-- eks-fargate-deploy:plan/shop -->');
    expect(lines[1]).toBe('## Plan for shop');
    expect(renderPlanMarkdown(twoServicePlan()).split('\n')[0]).toBe('## EKS Fargate migration plan');
  });

  test('refuses a marker that could close the HTML comment', () => {
    expect(() => renderPlanMarkdown(twoServicePlan(), { marker: 'x --> <img>' })).toThrow(/marker "x --> <img>"/);
    expect(() => renderPlanMarkdown(twoServicePlan(), { marker: 'a--b' })).toThrow(RangeError);
  });

  test('summary line counts workloads, objects, blockers, warnings, input errors and the cost change', () => {
    const summary = renderPlanMarkdown(twoServicePlan()).split('\n')[2];
    expect(summary).toBe(
      '❌ 2 workloads, 10 Kubernetes objects, **1 blocker**, 2 warnings, 0 input errors · ' +
        'monthly cost ECS $36.04 → EKS $115.53 (+$79.49, +220.6%), 1 workload not in the totals',
    );
  });

  test('summary status is ⚠️ with warnings only and ✅ with neither', () => {
    const plan = twoServicePlan();
    const warningsOnly = { ...plan, findings: plan.findings.filter((f) => f.severity !== 'blocker') };
    expect(renderPlanMarkdown(warningsOnly).split('\n')[2]).toMatch(/^⚠️ .*0 blockers, 2 warnings/);
    const clean = { ...plan, findings: [] };
    expect(renderPlanMarkdown(clean).split('\n')[2]).toMatch(/^✅ /);
    expect(renderPlanMarkdown(clean)).toContain('No blockers or warnings.');
  });

  test('lists blockers before warnings, and infos only inside a collapsed <details>', () => {
    const md = renderPlanMarkdown(twoServicePlan());
    const rows = tableAfter(md, 'Blockers and warnings');
    expect(rows.map((r) => r[0])).toEqual(['❌ blocker', '⚠️ warning', '⚠️ warning']);
    expect(rows[0]).toEqual([
      '❌ blocker',
      'api',
      '`api`',
      '`containerDefinitions[0].linuxParameters.capabilities.add`',
      'EKS Fargate rejects capabilities.add: SYS\\_PTRACE',
      '`examples/ecs/api-task-definition.json`',
    ]);
    const infoAt = md.indexOf('deploymentCircuitBreaker →');
    const detailsAt = md.lastIndexOf('<details>', infoAt);
    expect(md.slice(detailsAt, infoAt)).toContain('<summary>1 info finding</summary>');
    expect(md.indexOf('</details>', detailsAt)).toBeGreaterThan(infoAt);
  });

  test('lists input errors with their file', () => {
    const plan: PlanResult = {
      ...twoServicePlan(),
      errors: [
        { file: 'ecs/z.json', message: 'containerDefinitions[0].image: missing' },
        { file: 'ecs/a.json', message: 'not JSON: Unexpected token } at line 3' },
      ],
    };
    const md = renderPlanMarkdown(plan);
    expect(md.split('\n')[2]).toContain('**2 input errors**');
    expect(tableAfter(md, 'Input errors')).toEqual([
      ['`ecs/a.json`', 'not JSON: Unexpected token } at line 3'],
      ['`ecs/z.json`', 'containerDefinitions\\[0\\].image: missing'],
    ]);
    expect(md.indexOf('### Input errors')).toBeLessThan(md.indexOf('### Blockers and warnings'));
  });

  test("shows each workload's mapping, replicas and containers in its own <details>", () => {
    const md = renderPlanMarkdown(twoServicePlan());
    const api = md.slice(md.indexOf('<b>api</b>'), md.indexOf('</details>', md.indexOf('<b>api</b>')));
    expect(md).toContain('<summary>⛔ <b>api</b> (namespace shop, 3 replicas, 1 blocker, 1 warning)</summary>');
    expect(api).toContain('- Replicas: 3');
    expect(api).toContain('- Containers: `api`');
    expect(api).toContain('- Init containers: `migrate`');
    expect(api).toContain('⛔ Blocked');
    expect(api).toContain(
      '| containerDefinitions\\[1\\].dependsOn (migrate: SUCCESS) | initContainers\\[migrate\\] |  |',
    );
    expect(md).toContain(
      '| service.loadBalancers\\[0\\] (targetGroupArn) | Ingress web (alb, target-type: ip) | Fargate pods are reached by IP; instance targets do not exist |',
    );
  });

  test('sizing and cost: rows match the rates, totals add up, control plane is $0.10/h × 730 h; the blocked workload is listed apart', () => {
    const md = renderPlanMarkdown(twoServicePlan());
    const rows = tableAfter(md, 'Fargate sizing and monthly cost');
    expect(rows.map((r) => r[0])).toEqual(['web', '**Compute**', 'EKS control plane ($0.10/h × 730 h)', '**Total**']);
    const [web, compute, controlPlane, total] = rows as [string[], string[], string[], string[]];
    expect(web.slice(1, 5)).toEqual(['2', '500m / 1Gi', '0.5vCPU 2GB', '0.5 vCPU / 1 GB']);
    // (0.5 × 0.04048 + 1 × 0.004445) × 730 × 2 = 36.0401
    expect(web[5]).toBe('$36.04');
    expect(dollars(web[6] as string)).toBeCloseTo(monthly(0.5, 2, 2), 2);
    expect(dollars(web[7] as string)).toBeCloseTo(dollars(web[6] as string) - dollars(web[5] as string), 2);

    // api is blocked: it would not be deployed, so neither side of the totals counts it.
    expect(compute[1]).toBe('2');
    expect(compute[5]).toBe(web[5]);
    expect(compute[6]).toBe(web[6]);
    expect(controlPlane[6]).toBe('$73.00');
    expect(dollars(total[6] as string)).toBeCloseTo(dollars(compute[6] as string) + 73, 2);
    expect(total.slice(5)).toEqual(['**$36.04**', '**$115.53**', '**+$79.49, +220.6%**']);

    const apart = tableAfter(md, '**Not in the totals**');
    expect(apart).toHaveLength(1);
    const api = apart[0] as string[];
    expect(api.slice(0, 5)).toEqual([
      '⛔ api',
      'blocked: cannot run on EKS Fargate as is',
      '3',
      '1vCPU 3GB',
      '1 vCPU / 2 GB',
    ]);
    expect(dollars(api[5] as string)).toBeCloseTo(monthly(1, 2, 3), 2);
    expect(dollars(api[6] as string)).toBeCloseTo(monthly(1, 3, 3), 2);
    expect(md).toContain(
      'Rates: Fargate $0.04048 per vCPU-hour, $0.004445 per GB-hour, $0.000111 per GB-hour of ephemeral storage above 20 GiB; ' +
        'EKS control plane $0.10 per cluster-hour; 730 hours per month.',
    );
  });

  test('an EC2 task without EC2 rates: ECS cost unknown, listed apart; with them: in the totals at those rates', () => {
    const plan = twoServicePlan();
    const [web] = plan.workloads;
    if (!web) throw new Error('fixture');
    const ecsSize = { ...web.ecs };
    delete ecsSize.monthlyUsd;
    web.ecs = { ...ecsSize, launchType: 'EC2' };
    plan.totals = {
      ...plan.totals,
      ecsMonthlyUsd: 0,
      eksComputeMonthlyUsd: 0,
      eksMonthlyUsd: 73,
      notInTotals: [
        { workload: 'web', reason: 'ecs-cost-unknown', eksMonthlyUsd: web.fargate.monthlyUsd },
        ...plan.totals.notInTotals,
      ],
    };
    const md = renderPlanMarkdown(plan);
    expect(md.split('\n')[2]).toContain('monthly cost ECS $0.00 → EKS $73.00 (+$73.00), 2 workloads not in the totals');
    expect(tableAfter(md, 'Fargate sizing and monthly cost').map((r) => r[0])).toEqual([
      '**Compute**',
      'EKS control plane ($0.10/h × 730 h)',
      '**Total**',
    ]);
    const apart = tableAfter(md, '**Not in the totals**');
    expect(apart.map((r) => [r[0], r[1], r[4], r[5]])).toEqual([
      ['web', 'ran on EC2: ECS cost unknown without EC2 rates', '0.5 vCPU / 1 GB on EC2', 'unknown'],
      ['⛔ api', 'blocked: cannot run on EKS Fargate as is', '1 vCPU / 2 GB', expect.stringMatching(/^\$\d+\.\d\d$/)],
    ]);
    expect(md).not.toContain('ECS on EC2 $');

    plan.rates = { ...plan.rates, ec2VcpuHour: 0.03, ec2GbHour: 0.004 };
    web.ecs = { ...web.ecs, monthlyUsd: 24.82 };
    plan.totals = { ...plan.totals, ecsMonthlyUsd: 24.82, notInTotals: plan.totals.notInTotals.slice(1) };
    const priced = renderPlanMarkdown(plan);
    expect(tableAfter(priced, 'Fargate sizing and monthly cost')[0]?.slice(4, 6)).toEqual([
      '0.5 vCPU / 1 GB on EC2',
      '$24.82',
    ]);
    expect(priced).toContain('; ECS on EC2 $0.03 per vCPU-hour, $0.004 per GB-hour of task size;');
  });

  test('shows a cost decrease with a minus sign, and extra ephemeral storage', () => {
    const plan = twoServicePlan();
    const [web] = plan.workloads;
    if (!web) throw new Error('fixture');
    web.ecs = { ...web.ecs, ephemeralStorageGiB: 50, monthlyUsd: 2000 };
    web.fargate = { ...web.fargate, ephemeralStorageGiB: 50 };
    plan.totals = { ...plan.totals, ecsMonthlyUsd: 2000 };
    const rows = tableAfter(renderPlanMarkdown(plan), 'Fargate sizing and monthly cost');
    expect(rows[0]?.[3]).toBe('0.5vCPU 2GB + 50 GiB storage');
    expect(rows[0]?.[4]).toBe('0.5 vCPU / 1 GB + 50 GiB storage');
    expect(rows[0]?.[5]).toBe('$2,000.00');
    expect(rows[0]?.[7]).toBe('-$1,957.47');
    // Total: EKS web (0.5 vCPU 2 GB + 30 GiB extra storage … here the fixture's $42.53) + $73 control plane vs $2,000
    expect(rows[3]?.[7]).toMatch(/^\*\*-\$1,\d{3}\.\d\d, -9\d\.\d%\*\*$/);
  });

  test('embeds the traffic diagram in a mermaid fence', () => {
    const md = renderPlanMarkdown(twoServicePlan());
    const fence = md.slice(md.indexOf('```mermaid\n'), md.indexOf('\n```\n', md.indexOf('```mermaid')) + 4);
    expect(fence).toContain('flowchart LR');
    expect(fence).toContain('  pods_shop_web --> svc_shop_api');
  });

  test('replaces a diagram GitHub would refuse to draw with a sentence', () => {
    const base = twoServicePlan();
    const template = base.workloads[0];
    if (!template) throw new Error('fixture');
    const workloads = Array.from({ length: 200 }, (_, i) => ({
      ...template,
      name: `svc-${i}`,
      traffic: { ...template.traffic, calls: [`svc-${(i + 1) % 200}`] },
    }));
    const md = renderPlanMarkdown({ ...base, workloads });
    expect(md).not.toContain('```mermaid');
    expect(md).toMatch(/The diagram has 801 edges .* more than GitHub's Mermaid draws \(500 edges/);
  });

  test("lists the emitted objects collapsed, in the planner's order", () => {
    const md = renderPlanMarkdown(twoServicePlan());
    expect(md).toContain('<summary>10 Kubernetes objects emitted</summary>');
    expect(md).toContain('| Namespace | `shop` | v1 |\n| ServiceAccount | `shop/web` | v1 |');
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
  });

  test('every <details> is closed and code fences are balanced', () => {
    expect(structureProblems(renderPlanMarkdown(twoServicePlan(), { marker: 'plan' }))).toEqual([]);
  });

  test('hostile names and messages break neither tables nor structure, and mention nobody', () => {
    const plan = twoServicePlan();
    const web = plan.workloads[0];
    if (!web) throw new Error('fixture');
    web.name = 'a|b';
    web.namespace = 'ns</details>';
    web.containers = ['c`1`|x'];
    web.mappings = [{ ecs: 'environment[0]\n## heading', kubernetes: '</details>\n```', note: '@octocat #1' }];
    plan.findings = [
      {
        severity: 'blocker',
        code: 'privileged',
        message:
          'ping @octocat and @github/security, closes #1\n</details>\n<script>alert(1)</script> [x](http://evil) `tick`',
        file: 'evil|file`.json',
        workload: 'a|b',
        container: '`c`',
        field: 'containerDefinitions[0]\n|privileged',
      },
    ];
    plan.errors = [{ file: '</details>.json', message: 'bad | value @someone' }];
    plan.objects = [{ apiVersion: 'v1', kind: 'Service', name: 'a|b', namespace: 'ns' }];
    const md = renderPlanMarkdown(plan, { title: '@octocat </details> # plan' });

    expect(structureProblems(md)).toEqual([]);
    // A raw `</details>` may appear only on a line of its own (ours) or inside a code span, where it is text.
    for (const line of md.split('\n').filter((l) => l.includes('</details>') && l !== '</details>')) {
      const cells = line.startsWith('|') ? tableCells(line) : [line];
      for (const cell of cells.filter((c) => c.includes('</details>'))) expect(cell).toMatch(/^(`+).*\1$/);
    }
    expect(md).not.toMatch(/@(octocat|github|someone)/);
    expect(md).not.toMatch(/#1\b/);
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('[x](http://evil)');
    expect(md.split('\n')[0]).toBe(`## @${ZWJ}octocat &lt;/details&gt; # plan`);

    // Every row of every table has as many cells as its header.
    const lines = md.split('\n');
    lines.forEach((line, i) => {
      if (line.startsWith('|') && !lines[i - 1]?.startsWith('|')) {
        const width = tableCells(line).length;
        for (let j = i + 1; lines[j]?.startsWith('|'); j++)
          expect([j, tableCells(lines[j] as string).length]).toEqual([j, width]);
      }
    });
    expect(tableAfter(md, 'Blockers and warnings')[0]).toEqual([
      '❌ blocker',
      'a\\|b',
      '`` `c` ``',
      '`containerDefinitions[0] \\|privileged`',
      `ping @${ZWJ}octocat and @${ZWJ}github/security, closes #${ZWJ}1<br>&lt;/details&gt;<br>&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](http://evil) \\\`tick\\\``,
      '``evil\\|file`.json``',
    ]);
    expect(md).toContain(`<summary>❌ <b>a|b</b> (namespace ns&lt;/details&gt;, 2 replicas, 1 blocker)</summary>`);
    expect(md).toContain('- Containers: ``c`1`|x``');
  });
});

describe('renderPlanMarkdown with maxLength', () => {
  /** `n` copies of the front end, each with `mappings` mapping rows. */
  function bigPlan(n: number, mappings: number): PlanResult {
    const plan = twoServicePlan();
    const template = plan.workloads[0] as WorkloadPlan;
    plan.workloads = Array.from({ length: n }, (_, i) => ({
      ...template,
      name: `service-${String(i).padStart(3, '0')}`,
      mappings: Array.from({ length: mappings }, (_, j) => ({
        ecs: `containerDefinitions[0].environment[${j}] (VARIABLE_${j})`,
        kubernetes: `ConfigMap service-${i}: VARIABLE_${j}`,
      })),
    }));
    return plan;
  }

  test('a report that fits is the full report, byte for byte', () => {
    const plan = twoServicePlan();
    expect(renderPlanMarkdown(plan, { maxLength: GITHUB_COMMENT_MAX_LENGTH })).toBe(renderPlanMarkdown(plan));
  });

  test('drops mapping tables, info findings and the object list first, and says so', () => {
    const plan = bigPlan(40, 60);
    expect(renderPlanMarkdown(plan).length).toBeGreaterThan(GITHUB_COMMENT_MAX_LENGTH);
    const md = renderPlanMarkdown(plan, { maxLength: GITHUB_COMMENT_MAX_LENGTH });
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_LENGTH);
    expect(md).toContain(
      "> This report was shortened to fit GitHub's size limit: the ECS → Kubernetes mapping tables, info findings, the object list are left out.",
    );
    expect(md).not.toContain('### ECS → Kubernetes mapping');
    expect(md).toContain('1 info finding not shown.');
    expect(md).toContain('10 Kubernetes objects emitted (list not shown).');
    expect(md).toContain('```mermaid');
    expect(tableAfter(md, 'Fargate sizing and monthly cost')).toHaveLength(43);
    expect(structureProblems(md)).toEqual([]);
  });

  test('then the diagram, then table rows, keeping blockers first and the totals', () => {
    const plan = bigPlan(400, 0);
    plan.findings = Array.from({ length: 600 }, (_, i) => ({
      severity: i % 3 === 0 ? ('blocker' as const) : ('warning' as const),
      code: 'x',
      message: `finding ${i}: ${'long explanation '.repeat(8)}`,
      workload: `service-${String(i % 400).padStart(3, '0')}`,
      file: `ecs/task-${i}.json`,
    }));
    const md = renderPlanMarkdown(plan, { maxLength: GITHUB_COMMENT_MAX_LENGTH });
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_LENGTH);
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_MAX_LENGTH - 1000);
    expect(md).not.toContain('```mermaid');
    const findings = tableAfter(md, 'Blockers and warnings');
    const shown = findings.length - 1;
    expect(findings[findings.length - 1]?.[0]).toBe(`… ${600 - shown} more rows not shown`);
    expect(findings[0]?.[0]).toBe('❌ blocker');
    const cost = tableAfter(md, 'Fargate sizing and monthly cost');
    expect(cost.slice(-3).map((r) => r[0])).toEqual([
      '**Compute**',
      'EKS control plane ($0.10/h × 730 h)',
      '**Total**',
    ]);
    expect(cost[cost.length - 4]?.[0]).toMatch(/^… \d+ more rows not shown$/);
    expect(structureProblems(md)).toEqual([]);
  });

  test('refuses a limit too small for the summary itself', () => {
    expect(() => renderPlanMarkdown(twoServicePlan(), { maxLength: 200 })).toThrow(
      /report maxLength 200 is too small: the shortest plan report has \d+ characters/,
    );
  });
});

describe('money and number formatting', () => {
  test.each([
    [0, '$0.00'],
    [0.004, '$0.00'],
    [-0.004, '$0.00'],
    [1.005, '$1.00'],
    [73, '$73.00'],
    [1234.567, '$1,234.57'],
    [1234567.891, '$1,234,567.89'],
    [-1957.47, '-$1,957.47'],
  ])('formatUsd(%p) = %p', (amount, text) => {
    expect(formatUsd(amount)).toBe(text);
  });

  test('formatSignedUsd puts a sign on any change that shows', () => {
    expect(formatSignedUsd(6.49)).toBe('+$6.49');
    expect(formatSignedUsd(-6.49)).toBe('-$6.49');
    expect(formatSignedUsd(0.001)).toBe('$0.00');
  });

  test.each([
    [0.25, '0.25'],
    [0.5, '0.5'],
    [2, '2'],
    [120, '120'],
    [1024, '1,024'],
    [0.1 + 0.2, '0.3'],
    [RATES.hoursPerMonth, '730'],
  ])('formatNumber(%p) = %p (no trailing zeros)', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});
