import { join, relative } from 'node:path';
import { runPlan } from '../../src/commands/plan.js';
import { planConfigFromArgs } from '../../src/config/plan.js';
import { planReportJson } from '../../src/report/json.js';
import { renderPlanMarkdown } from '../../src/report/markdown.js';
import { displayPath } from '../../src/report/paths.js';

describe('displayPath', () => {
  test('a path inside the working directory is shown relative to it', () => {
    expect(displayPath('/home/runner/work/shop/shop/ecs/web.json', '/home/runner/work/shop/shop')).toBe('ecs/web.json');
    expect(displayPath('/home/runner/work/shop/shop/ecs/web.json', '/home/runner/work/shop/shop/')).toBe(
      'ecs/web.json',
    );
  });
  test('relative paths, live sources and paths outside the working directory stay as given', () => {
    expect(displayPath('ecs/web.json', '/repo')).toBe('ecs/web.json');
    expect(displayPath('ecs://prod/web/taskdef/web:7', '/repo')).toBe('ecs://prod/web/taskdef/web:7');
    expect(displayPath('/tmp/web.json', '/repo')).toBe('/tmp/web.json');
    expect(displayPath('/repository/web.json', '/repo')).toBe('/repository/web.json');
    expect(displayPath('/repo', '/repo')).toBe('/repo');
  });
});

describe('plan reports name files relative to the working directory', () => {
  test('task definitions given by absolute path: findings, errors and workload sources in the JSON and markdown reports are relative', async () => {
    const corpus = join(import.meta.dirname, '..', 'fixtures', 'ecs-realworld');
    const blocked = join(corpus, 'aws__amazon-ecs-agent__privileged.json');
    const invalid = join(corpus, '2-chanhee__ecs-on-fargate-infrastructure__test-task-def.json');
    const fine = join(corpus, 'aws-samples__amazon-ecs-firelens-examples__newrelic.json');
    const { result, markdown } = await runPlan(planConfigFromArgs(['--ecs-task-definition', blocked, invalid, fine]));

    expect(result.findings.filter((f) => f.file === relative(process.cwd(), blocked)).length).toBeGreaterThan(0);
    expect(result.errors.map((e) => e.file)).toEqual([relative(process.cwd(), invalid)]);
    expect(result.workloads.map((w) => w.source).sort()).toEqual(
      [relative(process.cwd(), blocked), relative(process.cwd(), fine)].sort(),
    );
    for (const text of [planReportJson(result), markdown, renderPlanMarkdown(result)]) {
      expect(text).not.toContain(corpus);
      expect(text).toContain(relative(process.cwd(), invalid));
    }
  });
});
