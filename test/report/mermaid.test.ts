import { buildTrafficDiagram, renderTrafficDiagram } from '../../src/report/mermaid.js';
import type { PlanResult, WorkloadPlan } from '../../src/report/model.js';
import { twoServicePlan } from './fixtures.js';

/** The `from --> to` (or `from -.-> to`, label dropped) pairs of a diagram. */
function edges(diagram: string): string[] {
  return diagram
    .split('\n')
    .map((l) => /^ {2}(\w+) (-->|-\.->)(?:\|"[^"]*"\|)? (\w+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} ${m[2]} ${m[3]}`);
}

/** Node id → label, from the declarations. */
function labels(diagram: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of diagram.split('\n')) {
    const m = /^ {2}(\w+)[[(]+"(.*)"[\])]+$/.exec(line);
    if (m) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

function workload(name: string, overrides: Partial<WorkloadPlan> = {}): WorkloadPlan {
  const base = twoServicePlan().workloads[0] as WorkloadPlan;
  return {
    ...base,
    name,
    blocked: false,
    traffic: { ports: [8080], calls: [], dataStores: [] },
    ...overrides,
  };
}

function planOf(workloads: WorkloadPlan[]): PlanResult {
  return { ...twoServicePlan(), workloads };
}

describe('renderTrafficDiagram', () => {
  test("draws Internet → ALB → Ingress → Service → Pods → called service → data store for the seeds' app", () => {
    const diagram = renderTrafficDiagram(twoServicePlan());
    expect(diagram.startsWith('flowchart LR\n')).toBe(true);
    expect(edges(diagram)).toEqual([
      'internet --> alb_internet_facing',
      'alb_internet_facing --> ing_shop_web',
      'ing_shop_web --> svc_shop_web',
      'svc_shop_web --> pods_shop_web',
      'svc_shop_api --> pods_shop_api',
      'pods_shop_web --> svc_shop_api',
      'pods_shop_api --> ds_RDS_orders_db',
    ]);
    expect(diagram).toContain('  alb_internet_facing -->|"/"| ing_shop_web');
    const l = labels(diagram);
    expect(l.get('svc_shop_web')).toBe('Service web:80');
    expect(l.get('pods_shop_web')).toBe('web ×2<br/>Fargate 0.5vCPU 2GB');
    expect(l.get('pods_shop_api')).toBe('api ×3<br/>Fargate 1vCPU 3GB<br/>blocked: no Deployment');
    expect(l.get('ds_RDS_orders_db')).toBe('RDS orders-db');
    expect(diagram).toContain('  class pods_shop_api blocked\n');
    expect(diagram).toMatchSnapshot();
  });

  test('is deterministic', () => {
    expect(renderTrafficDiagram(twoServicePlan())).toBe(renderTrafficDiagram(twoServicePlan()));
  });

  test('one ALB per scheme; internal ALBs are reached from the VPC; existing target groups go through a TargetGroupBinding', () => {
    const diagram = renderTrafficDiagram(
      planOf([
        workload('a', {
          traffic: {
            loadBalancer: { scheme: 'internet-facing', via: 'ingress', path: '/a' },
            ports: [80],
            calls: [],
            dataStores: [],
          },
        }),
        workload('b', {
          traffic: {
            loadBalancer: { scheme: 'internet-facing', via: 'ingress', path: '/b' },
            ports: [80],
            calls: [],
            dataStores: [],
          },
        }),
        workload('c', {
          traffic: { loadBalancer: { scheme: 'internal', via: 'ingress' }, ports: [80], calls: [], dataStores: [] },
        }),
        workload('d', {
          traffic: {
            loadBalancer: { scheme: 'internet-facing', via: 'targetgroupbinding' },
            ports: [443, 80],
            calls: [],
            dataStores: [],
          },
        }),
      ]),
    );
    expect(edges(diagram)).toEqual([
      'internet --> alb_internet_facing',
      'internet --> alb_internet_facing_tg',
      'vpc_clients --> alb_internal',
      'alb_internet_facing --> ing_shop_a',
      'ing_shop_a --> svc_shop_a',
      'svc_shop_a --> pods_shop_a',
      'alb_internet_facing --> ing_shop_b',
      'ing_shop_b --> svc_shop_b',
      'svc_shop_b --> pods_shop_b',
      'alb_internal --> ing_shop_c',
      'ing_shop_c --> svc_shop_c',
      'svc_shop_c --> pods_shop_c',
      'alb_internet_facing_tg --> tgb_shop_d',
      'tgb_shop_d --> svc_shop_d',
      'svc_shop_d --> pods_shop_d',
    ]);
    const l = labels(diagram);
    expect(l.get('alb_internal')).toBe('ALB (internal)');
    expect(l.get('alb_internet_facing_tg')).toBe('existing ALB target groups (internet-facing)');
    expect(l.get('tgb_shop_d')).toBe('TargetGroupBinding d');
    expect(l.get('svc_shop_d')).toBe('Service d:80,443');
    expect(diagram).toContain('  alb_internet_facing -->|"/b"| ing_shop_b');
    expect(diagram).not.toContain('classDef');
  });

  test('a workload without a load balancer or callers stands alone; one without ports is called at its pods', () => {
    const diagram = renderTrafficDiagram(
      planOf([
        workload('worker', {
          traffic: { ports: [], calls: ['cache'], dataStores: [{ name: 'SQS jobs', kind: 'sqs' }] },
        }),
        workload('cache', { traffic: { ports: [], calls: [], dataStores: [] } }),
        workload('cron', { traffic: { ports: [], calls: [], dataStores: [] } }),
      ]),
    );
    expect(edges(diagram)).toEqual(['pods_shop_worker --> pods_shop_cache', 'pods_shop_worker --> ds_SQS_jobs']);
    expect(diagram).toContain('  pods_shop_cron["cron ×2<br/>Fargate 0.5vCPU 2GB"]\n');
    expect(diagram).toContain('  ds_SQS_jobs(["SQS jobs"])\n');
    expect(diagram).not.toMatch(/internet|alb_/);
  });

  test('a data store shared by two workloads is one node; calls outside the plan are dotted', () => {
    const rds = { name: 'RDS main', kind: 'rds' as const };
    const diagram = renderTrafficDiagram(
      planOf([
        workload('a', { traffic: { ports: [80], calls: ['payments', 'a'], dataStores: [rds] } }),
        workload('b', { traffic: { ports: [80], calls: [], dataStores: [rds, rds] } }),
      ]),
    );
    expect(edges(diagram)).toEqual([
      'svc_shop_a --> pods_shop_a',
      'svc_shop_b --> pods_shop_b',
      'pods_shop_a -.-> ext_payments',
      'pods_shop_a --> ds_RDS_main',
      'pods_shop_b --> ds_RDS_main',
    ]);
    expect(labels(diagram).get('ext_payments')).toBe('payments (not in this plan)');
  });

  test("calls resolve in the caller's namespace first; labels carry the namespace when there are several", () => {
    const diagram = renderTrafficDiagram(
      planOf([
        workload('api', { namespace: 'blue' }),
        workload('api', { namespace: 'green' }),
        workload('web', { namespace: 'green', traffic: { ports: [80], calls: ['api'], dataStores: [] } }),
      ]),
    );
    expect(edges(diagram)).toContain('pods_green_web --> svc_green_api');
    expect(edges(diagram)).not.toContain('pods_green_web --> svc_blue_api');
    expect(labels(diagram).get('svc_blue_api')).toBe('Service blue/api:8080');
  });

  test('node ids are sanitised and unique even when names collide after sanitising', () => {
    const diagram = renderTrafficDiagram(
      planOf([workload('a-b'), workload('a_b'), workload('a.b'), workload('end'), workload('x"]-->y')]),
    );
    const ids = [...labels(diagram).keys()];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9_]*$/);
    expect(ids).toEqual(
      expect.arrayContaining(['pods_shop_a_b', 'pods_shop_a_b_2', 'pods_shop_a_b_3', 'pods_shop_end', 'pods_shop_x_y']),
    );
    expect(labels(diagram).get('pods_shop_x_y')).toBe('x#34;#93;--#62;y ×2<br/>Fargate 0.5vCPU 2GB');
  });

  test('hostile text cannot leave its label or the code fence', () => {
    const diagram = renderTrafficDiagram(
      planOf([
        workload('web', {
          traffic: {
            loadBalancer: { scheme: 'internet-facing', via: 'ingress', path: '/"] --> evil\n```' },
            ports: [80],
            calls: [],
            dataStores: [{ name: 'RDS "db"]\n```\n<script>', kind: 'rds' }],
          },
        }),
      ]),
    );
    expect(diagram).not.toContain('`');
    expect(diagram).not.toContain('<script>');
    // Every line is a declaration, an edge, or a class line: nothing injected in between.
    for (const line of diagram.trimEnd().split('\n').slice(1)) {
      expect(line).toMatch(/^ {2}(\w+(\[|\(|\]).*|\w+ (-->|-\.->).*|classDef .*|class .*)$/);
    }
    expect(edges(diagram)).toContain('pods_shop_web --> ds_RDS_db_script');
  });

  test('counts nodes and edges for the caller', () => {
    const diagram = buildTrafficDiagram(twoServicePlan());
    expect(diagram.nodes).toBe(8);
    expect(diagram.edges).toBe(7);
  });
});
