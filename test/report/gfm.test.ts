/**
 * The markdown report read by a real GFM parser (micromark with the GFM extensions, which follows
 * the same specification as GitHub's cmark-gfm): what a reader sees, not what the text looks like.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { renderPlanMarkdown } from '../../src/report/markdown.js';
import { renderTrafficDiagram } from '../../src/report/mermaid.js';
import type { PlanResult } from '../../src/report/model.js';
import { twoServicePlan } from './fixtures.js';

const ZWJ = '\u200d';

function toHtml(markdown: string): string {
  // allowDangerousHtml: GitHub passes <details>, <summary>, <b> and <br> through, so must the oracle.
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

function decode(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Each `<table>` as rows of cell HTML, header row first. */
function tables(html: string): string[][][] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) =>
    [...(t[1] as string).matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
      [...(r[1] as string).matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1] as string),
    ),
  );
}

function hostilePlan(): PlanResult {
  const plan = twoServicePlan();
  const web = plan.workloads[0];
  if (!web) throw new Error('fixture');
  web.name = 'a|b';
  web.namespace = 'ns</details>';
  web.containers = ['c`1`|x'];
  web.mappings = [{ ecs: 'environment[0]\n## heading', kubernetes: '</details>\n```', note: '@octocat #1 *bold*' }];
  plan.findings = [
    {
      severity: 'blocker',
      code: 'privileged',
      message:
        'ping @octocat and @github/security, closes #1\n</details>\n<script>alert(1)</script> ![i](x.png) [x](y) `tick` a\\|b',
      file: 'evil|file`.json',
      workload: 'a|b',
      container: '`c`',
      field: 'containerDefinitions[0]\n|privileged',
    },
    { severity: 'info', code: 'note', message: '</summary></details><details open>', workload: 'a|b' },
  ];
  plan.errors = [{ file: '</details>.json', message: 'bad | value @someone' }];
  plan.objects = [{ apiVersion: 'v1', kind: 'Service', name: 'a|b', namespace: 'ns' }];
  return plan;
}

describe('the markdown report as GitHub-flavoured markdown parses it', () => {
  test("the seeds' plan: sections, tables and the mermaid block", () => {
    const html = toHtml(renderPlanMarkdown(twoServicePlan(), { marker: 'plan' }));
    expect(html.startsWith('<!-- eks-fargate-deploy:plan -->\n<h2>EKS Fargate migration plan</h2>')).toBe(true);
    expect([...html.matchAll(/<h3>(.*?)<\/h3>/g)].map((m) => m[1])).toEqual([
      'Blockers and warnings',
      'ECS → Kubernetes mapping',
      'Fargate sizing and monthly cost',
      'Traffic path',
    ]);
    // findings, infos, web mapping, api mapping, sizing, not in the totals, objects
    expect(tables(html).map((t) => [t.length, t[0]?.length])).toEqual([
      [4, 6],
      [2, 5],
      [5, 3],
      [3, 3],
      [5, 8],
      [2, 7],
      [11, 3],
    ]);
    expect((html.match(/<details>/g) ?? []).length).toBe(4);
    expect((html.match(/<\/details>/g) ?? []).length).toBe(4);
    const mermaid = /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/.exec(html);
    expect(decode(mermaid?.[1] ?? '')).toBe(renderTrafficDiagram(twoServicePlan()));
  });

  test('hostile text stays text: structure intact, no HTML, links, images or mentions', () => {
    const html = toHtml(renderPlanMarkdown(hostilePlan(), { title: '@octocat </details> # plan' }));
    // infos, web mapping, api mapping, objects: four real <details>, nothing more, nothing opened by the text.
    expect((html.match(/<details>/g) ?? []).length).toBe(4);
    expect((html.match(/<\/details>/g) ?? []).length).toBe(4);
    expect(html).not.toMatch(/<details open|<\/summary><\/details>|<script|<img|<a /);
    expect(html).not.toMatch(/<h2>[^<]*<\/h2>[\s\S]*<h2>/);
    expect(html).not.toMatch(/<em>|<strong>bold/);
    // Outside code (where GitHub links nothing), no @name and no #number survives for GitHub's mention and reference filters.
    const text = decode(html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, ''));
    expect(text).not.toMatch(/@[A-Za-z0-9]/);
    expect(text).not.toMatch(/#\d/);
    expect(text).toContain(`@${ZWJ}octocat`);
  });

  test('hostile text keeps its meaning: each value lands whole in its own cell', () => {
    const html = toHtml(renderPlanMarkdown(hostilePlan()));
    const [errors, findings, infos, webMapping] = tables(html);
    expect(errors?.[1]?.map(decode)).toEqual(['</details>.json', `bad | value @${ZWJ}someone`]);
    expect(findings?.[1]?.map(decode)).toEqual([
      '❌ blocker',
      'a|b',
      '`c`',
      'containerDefinitions[0] |privileged',
      `ping @${ZWJ}octocat and @${ZWJ}github/security, closes #${ZWJ}1</details><script>alert(1)</script> ![i](x.png) [x](y) \`tick\` a\\|b`,
      'evil|file`.json',
    ]);
    expect(findings?.[1]?.[4]).toContain('1<br>&lt;/details&gt;<br>&lt;script&gt;');
    expect(infos?.[1]?.map(decode)).toEqual(['a|b', '—', '—', '</summary></details><details open>', '—']);
    expect(webMapping?.[1]?.map(decode)).toEqual([
      'environment[0]## heading',
      '</details>```',
      `@${ZWJ}octocat #${ZWJ}1 *bold*`,
    ]);
    expect(html).toContain('<summary>❌ <b>a|b</b> (namespace ns&lt;/details&gt;, 2 replicas, 1 blocker)</summary>');
    expect(html).toContain('<li>Containers: <code>c`1`|x</code></li>');
  });
});
