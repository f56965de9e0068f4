import { planReportJson } from '../../src/report/json.js';
import type { PlanResult } from '../../src/report/model.js';
import { twoServicePlan } from './fixtures.js';

describe('planReportJson', () => {
  test('renders the two-service plan (snapshot)', () => {
    expect(planReportJson(twoServicePlan())).toMatchSnapshot();
  });

  test('parses back to the same plan, numbers as numbers, version 1', () => {
    const plan = twoServicePlan();
    const parsed = JSON.parse(planReportJson(plan)) as PlanResult;
    expect(parsed.version).toBe(1);
    expect(parsed.workloads).toEqual(plan.workloads);
    expect(parsed.objects).toEqual(plan.objects);
    expect(parsed.totals).toEqual(plan.totals);
    expect(parsed.rates).toEqual(plan.rates);
    expect(typeof parsed.workloads[0]?.fargate.monthlyUsd).toBe('number');
    expect(parsed.workloads[0]?.replicas).toBe(2);
  });

  test('is pretty-printed with a trailing newline', () => {
    const text = planReportJson(twoServicePlan());
    expect(text.startsWith('{\n  "version": 1,\n  "findings": [\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  test('sorts findings: blockers, then warnings, then infos', () => {
    const parsed = JSON.parse(planReportJson(twoServicePlan())) as PlanResult;
    expect(parsed.findings.map((f) => `${f.severity}:${f.code}`)).toEqual([
      'blocker:capabilities-add',
      'warning:host-port-dropped',
      'warning:log-driver',
      'info:circuit-breaker',
    ]);
  });

  test('keys come out in a fixed order whatever order the planner built them in', () => {
    const plan = twoServicePlan();
    const web = plan.workloads[0];
    if (!web) throw new Error('fixture');
    // Same data, keys inserted backwards.
    const reversed = (o: object): object => Object.fromEntries(Object.entries(o).reverse());
    const shuffled = {
      ...(reversed(plan) as PlanResult),
      workloads: [
        reversed({ ...web, fargate: reversed(web.fargate), traffic: reversed(web.traffic) }),
        plan.workloads[1],
      ],
      findings: plan.findings.map(reversed).reverse(),
      objects: plan.objects.map(reversed),
    } as PlanResult;
    expect(planReportJson(shuffled)).toBe(planReportJson(plan));
    const firstWorkload = (JSON.parse(planReportJson(plan)) as PlanResult).workloads[0] as object;
    expect(Object.keys(firstWorkload)).toEqual([
      'name',
      'namespace',
      'source',
      'serviceName',
      'replicas',
      'containers',
      'initContainers',
      'blocked',
      'fargate',
      'ecs',
      'mappings',
      'traffic',
    ]);
  });

  test('leaves out absent optional fields instead of writing null', () => {
    const text = planReportJson(twoServicePlan());
    expect(text).not.toContain('null');
    const parsed = JSON.parse(text) as PlanResult;
    expect(Object.keys(parsed.objects[0] as object)).toEqual(['apiVersion', 'kind', 'name']);
    expect(Object.keys(parsed.findings.find((f) => f.code === 'circuit-breaker') as object)).toEqual([
      'severity',
      'code',
      'message',
      'file',
      'workload',
      'field',
    ]);
  });

  test('sorts input errors by file', () => {
    const plan: PlanResult = {
      ...twoServicePlan(),
      errors: [
        { file: 'b.json', message: 'second' },
        { file: 'a.json', message: 'first' },
      ],
    };
    expect((JSON.parse(planReportJson(plan)) as PlanResult).errors.map((e) => e.file)).toEqual(['a.json', 'b.json']);
  });

  test('refuses a NaN or infinite figure, naming where it is', () => {
    const plan = twoServicePlan();
    const api = plan.workloads[1];
    if (!api) throw new Error('fixture');
    api.fargate = { ...api.fargate, monthlyUsd: Number.NaN };
    expect(() => planReportJson(plan)).toThrow('plan report: $.workloads[1].fargate.monthlyUsd is NaN');
    plan.workloads[1] = { ...api, fargate: { ...api.fargate, monthlyUsd: 1 } };
    plan.totals = { ...plan.totals, eksMonthlyUsd: Infinity };
    expect(() => planReportJson(plan)).toThrow('$.totals.eksMonthlyUsd is Infinity');
  });
});
