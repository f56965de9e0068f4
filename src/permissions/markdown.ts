/** The generated part of docs/permissions.md, from the AWS calls and Kubernetes rules of each workflow. */
import { AWS_CALLS, iamPolicy, WORKFLOWS, type WorkflowName } from '../permissions.js';
import { kubernetesAccess, rbacObjects, TYPICAL_RELEASE } from './kubernetes.js';

/** Inputs that turn on optional calls, per workflow, for the documented policies. */
const DOCUMENTED_OPTIONS: Record<WorkflowName, string[]> = {
  plan: ['cluster', 'ecs-cluster'],
  deploy: ['build-images', 'lifecycle-keep', 'scan-gate-severity'],
  rollback: [],
  build: ['lifecycle-keep', 'scan-gate-severity'],
  cutover: ['cluster', 'alb-metrics', 'scale-ecs-to-zero', 'wait-dns'],
};

/**
 * The generated part of docs/permissions.md: per workflow, the IAM policy (every optional call
 * included, each marked with the input that turns it on) and the Kubernetes Role/ClusterRole for
 * the typical release (configmaps, secrets, services, deployments, ingresses). A test keeps the
 * file equal to this.
 */
export function permissionsMarkdown(): string {
  const out: string[] = [];
  for (const w of WORKFLOWS) {
    out.push(`## ${w}`, '');
    const calls = AWS_CALLS.filter((c) => c.workflows[w] !== undefined);
    out.push('| IAM action | when | made by |', '|---|---|---|');
    for (const c of calls)
      out.push(
        `| \`${c.action}\` | ${c.workflows[w] === 'always' ? 'always' : `\`${c.workflows[w]}\` given`} | ${c.source} |`,
      );
    out.push(
      '',
      'Identity policy of the role (replace REGION, ACCOUNT_ID, CLUSTER, REPOSITORY, …; drop the actions of inputs you do not use):',
      '',
      '```json',
      JSON.stringify(iamPolicy(w, DOCUMENTED_OPTIONS[w]), null, 2),
      '```',
      '',
    );
    const rules = kubernetesAccess(w, TYPICAL_RELEASE, { prune: w === 'deploy' });
    if (rules.length === 0) {
      out.push('No Kubernetes access.', '');
      continue;
    }
    out.push('| API group | resource | verbs | scope | why |', '|---|---|---|---|---|');
    for (const r of rules)
      out.push(
        `| \`${r.apiGroup || 'core'}\` | ${r.resources.join(', ')} | ${r.verbs.join(', ')} | ${r.clusterScoped ? 'cluster' : 'namespace'} | ${r.why}${r.when ? ` (only when: ${r.when})` : ''} |`,
      );
    out.push(
      '',
      "RBAC (namespace `my-app`; bind the role's access entry to the group with `--kubernetes-groups eks-fargate-" +
        w +
        '`):',
      '',
      '```yaml',
    );
    out.push(
      rbacObjects(w, 'my-app', TYPICAL_RELEASE, { prune: w === 'deploy' })
        .map((o) => toYaml(o))
        .join('---\n')
        .trimEnd(),
      '```',
      '',
    );
  }
  return out.join('\n');
}

/** A small YAML writer for the RBAC objects (maps, lists of maps, lists of strings, strings). */
function toYaml(v: unknown, indent = ''): string {
  if (Array.isArray(v)) {
    return v
      .map((item) => {
        if (item !== null && typeof item === 'object') {
          const body = toYaml(item, `${indent}  `);
          return `${indent}- ${body.slice(indent.length + 2)}`;
        }
        return `${indent}- ${scalar(item)}\n`;
      })
      .join('');
  }
  if (v !== null && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, val]) => {
        if (Array.isArray(val))
          return val.length === 0
            ? `${indent}${k}: []\n`
            : val.every((x) => typeof x !== 'object')
              ? `${indent}${k}: [${val.map(scalar).join(', ')}]\n`
              : `${indent}${k}:\n${toYaml(val, `${indent}  `)}`;
        if (val !== null && typeof val === 'object') return `${indent}${k}:\n${toYaml(val, `${indent}  `)}`;
        return `${indent}${k}: ${scalar(val)}\n`;
      })
      .join('');
  }
  return `${indent}${scalar(v)}\n`;
}

function scalar(v: unknown): string {
  const s = String(v);
  return s === '' || /^[\s*&!|>'"%@`#,[\]{}:-]|: | #|^(true|false|null|yes|no)$/i.test(s) ? JSON.stringify(s) : s;
}
