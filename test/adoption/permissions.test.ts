import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { AWS_CALLS, iamActions, iamPolicy, WORKFLOWS } from '../../src/permissions.js';
import { kubernetesAccess } from '../../src/permissions/kubernetes.js';
import { permissionsMarkdown } from '../../src/permissions/markdown.js';

const BEGIN = '<!-- generated from src/permissions.ts: begin -->';
const END = '<!-- generated from src/permissions.ts: end -->';

describe('docs/permissions.md', () => {
  test('holds exactly what src/permissions.ts says (regenerate with UPDATE_PERMISSIONS_DOC=1)', async () => {
    const path = 'docs/permissions.md';
    const text = await readFile(path, 'utf8');
    const generated = permissionsMarkdown();
    if (process.env['UPDATE_PERMISSIONS_DOC'] === '1') {
      const { writeFile } = await import('node:fs/promises');
      const start = text.indexOf(BEGIN);
      const end = text.indexOf(END);
      await writeFile(path, `${text.slice(0, start + BEGIN.length)}\n${generated}\n${text.slice(end)}`);
      return;
    }
    const between = text.slice(text.indexOf(BEGIN) + BEGIN.length, text.indexOf(END)).trim();
    expect(between).toBe(generated.trim());
  });

  test('its RBAC blocks are valid Kubernetes YAML and its policies valid JSON', () => {
    const md = permissionsMarkdown();
    for (const block of md.matchAll(/```yaml\n([\s\S]*?)```/g)) {
      for (const doc of parseAllDocuments(block[1]!)) {
        expect(doc.errors).toEqual([]);
        const o = doc.toJS() as { apiVersion: string; kind: string; metadata: { name: string } };
        expect(o.apiVersion).toBe('rbac.authorization.k8s.io/v1');
        expect(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']).toContain(o.kind);
      }
    }
    for (const block of md.matchAll(/```json\n([\s\S]*?)```/g))
      expect(() => {
        JSON.parse(block[1]!);
      }).not.toThrow();
  });
});

describe('src/permissions.ts', () => {
  test('lists every AWS SDK command the sources send', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { stdout } = await promisify(execFile)('grep', [
      '-rhoE',
      'new [A-Z][A-Za-z]+Command\\(',
      'src/aws',
      'src/ecs',
      'src/commands',
    ]);
    const sent = [
      ...new Set(
        stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => l.replace(/^new /, '').replace(/Command\($/, '')),
      ),
    ]
      .filter((c) => c !== 'AssumeRoleWithWebIdentity')
      .sort();
    const listed = new Set(AWS_CALLS.map((c) => c.action.split(':')[1]));
    expect(sent.filter((c) => !listed.has(c))).toEqual([]);
  });

  test('the plan role: read verbs and the dry-run patch only, and no Secrets at all', () => {
    const rules = kubernetesAccess('plan');
    const verbs = new Set(rules.flatMap((r) => r.verbs));
    expect([...verbs].sort()).toEqual(['get', 'patch']);
    expect(rules.some((r) => r.resources.includes('secrets'))).toBe(false);
    expect(iamActions('plan', ['cluster']).every((a) => /:(Describe|List|Get)/.test(a))).toBe(true);
  });

  test('every workflow has a policy, with one statement per resource pattern', () => {
    for (const w of WORKFLOWS) {
      const p = iamPolicy(w, ['cluster', 'build-images']);
      const resources = p.Statement.map((s) => s.Resource);
      expect(new Set(resources).size).toBe(resources.length);
    }
  });
});
