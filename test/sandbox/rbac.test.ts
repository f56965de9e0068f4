/**
 * RBAC on the sandbox for the identities it knows (static-token users here; EKS-mapped principals
 * go through the same authorizer): a developer bound to the bootstrap `edit` ClusterRole in one
 * namespace can deploy there and nowhere else, cannot read Secrets elsewhere or change RBAC, and
 * the real kubectl sees the API server's 403 messages.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { resolveSandboxConfig } from '../../src/sandbox/config.js';
import { ruleAllows } from '../../src/sandbox/rbac.js';
import { sandboxRequest, startHarness, type KubectlResult, type SandboxHarness } from './helpers.js';

let h: SandboxHarness;
let devConfig: string;
const DEV_TOKEN = 'dev-token-0123456789';
const OPS_TOKEN = 'ops-token-0123456789';

beforeAll(async () => {
  h = await startHarness({
    timing: { timeFactor: 0.002 },
    users: [
      { token: DEV_TOKEN, username: 'alice', groups: ['developers'] },
      { token: OPS_TOKEN, username: 'ops-bot', groups: [] },
    ],
  });
  // alice's kubeconfig: the admin's, with her token.
  const kc = parse(h.sandbox.kubeconfigYaml()) as { users: Array<{ user: { token: string } }> };
  kc.users[0]!.user.token = DEV_TOKEN;
  devConfig = join(h.dir, 'alice.kubeconfig');
  await writeFile(devConfig, stringify(kc), { mode: 0o600 });
  const setup = await h.kubectl(['apply', '-f', '-'], {
    input: `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: developers-edit, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: node-reader}
rules: [{apiGroups: [""], resources: [nodes], verbs: [get, list, watch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops-bot-nodes}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-reader}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ops-bot}]
`,
  });
  expect(setup.stderr).toBe('');
}, 30_000);
afterAll(async () => {
  await (h as SandboxHarness | undefined)?.stop();
});

const asAlice = (args: string[], input?: string): Promise<KubectlResult> =>
  h.kubectl(['--kubeconfig', devConfig, ...args], input === undefined ? {} : { input });

describe('RBAC enforced for the sandbox identities', () => {
  test('bound to edit in shop: alice deploys and reads there', async () => {
    const applied = await asAlice(
      ['apply', '-n', 'shop', '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: "1"}\n',
    );
    expect(applied).toMatchObject({ code: 0, stdout: 'configmap/settings created\n' });
    const pods = await asAlice(['get', 'pods', '-n', 'shop']);
    expect(pods.code).toBe(0);
  });

  test('nothing outside her binding: other namespaces, Secrets elsewhere, RBAC, cluster-scoped kinds', async () => {
    const other = await asAlice(
      ['apply', '-n', 'default', '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: "1"}\n',
    );
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain(
      'configmaps "settings" is forbidden: User "alice" cannot get resource "configmaps" in API group "" in the namespace "default"',
    );
    const secrets = await asAlice(['get', 'secrets', '-n', 'kube-system']);
    expect(secrets.stderr).toContain(
      'secrets is forbidden: User "alice" cannot list resource "secrets" in API group "" in the namespace "kube-system"',
    );
    const rbac = await asAlice(
      ['create', '-n', 'shop', '-f', '-'],
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: me-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}\nsubjects: [{kind: User, name: alice}]\n',
    );
    expect(rbac.stderr).toContain(
      'rolebindings.rbac.authorization.k8s.io is forbidden: User "alice" cannot create resource "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "shop"',
    );
    const nodes = await asAlice(['get', 'nodes']);
    expect(nodes.stderr).toContain(
      'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope',
    );
  });

  test('a ClusterRoleBinding to a User grants exactly its rules, cluster-wide', async () => {
    const nodes = await sandboxRequest(h.sandbox, 'GET', '/api/v1/nodes', { token: OPS_TOKEN });
    expect(nodes.status).toBe(200);
    const pods = await sandboxRequest(h.sandbox, 'GET', '/api/v1/pods', { token: OPS_TOKEN });
    expect(pods.status).toBe(403);
    expect(pods.json()).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      message: 'pods is forbidden: User "ops-bot" cannot list resource "pods" in API group "" at the cluster scope',
    });
    const discovery = await sandboxRequest(h.sandbox, 'GET', '/apis', { token: OPS_TOKEN });
    expect(discovery.status).toBe(200);
  });

  test('SelfSubjectAccessReview answers what the caller may do', async () => {
    const ask = async (token: string, resourceAttributes: Record<string, string>): Promise<boolean> => {
      const r = await sandboxRequest(h.sandbox, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        token,
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } },
      });
      expect(r.status).toBe(201);
      return r.json<{ status: { allowed: boolean } }>().status.allowed;
    };
    expect(await ask(DEV_TOKEN, { namespace: 'shop', verb: 'create', group: 'apps', resource: 'deployments' })).toBe(
      true,
    );
    expect(await ask(DEV_TOKEN, { namespace: 'default', verb: 'create', group: 'apps', resource: 'deployments' })).toBe(
      false,
    );
    expect(
      await ask(DEV_TOKEN, {
        namespace: 'shop',
        verb: 'create',
        group: 'rbac.authorization.k8s.io',
        resource: 'rolebindings',
      }),
    ).toBe(false);
    expect(
      await ask(h.sandbox.token, { verb: 'delete', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' }),
    ).toBe(true);
  });

  test('the users config is validated up front, naming the field', () => {
    expect(() => resolveSandboxConfig({ users: [{ token: 'short', username: 'bob' }] })).toThrow(
      'sandbox config users[0].token must be a string of at least 8 characters',
    );
    expect(() => resolveSandboxConfig({ users: [{ token: 'long-enough-1', username: '' }] })).toThrow(
      'sandbox config users[0].username must be a non-empty string, got ""',
    );
    expect(() =>
      resolveSandboxConfig({
        users: [
          { token: 'long-enough-1', username: 'a' },
          { token: 'long-enough-1', username: 'b' },
        ],
      }),
    ).toThrow('sandbox config users[1].token is used twice');
  });

  test('rule matching: wildcards, subresources, resource names, non-resource URLs', () => {
    const attrs = { verb: 'get', group: 'apps', resource: 'deployments', path: '', isResourceRequest: true } as const;
    expect(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, attrs)).toBe(true);
    expect(
      ruleAllows(
        { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] },
        { ...attrs, subresource: 'scale' },
      ),
    ).toBe(false);
    expect(
      ruleAllows({ verbs: ['get'], apiGroups: ['apps'], resources: ['*/scale'] }, { ...attrs, subresource: 'scale' }),
    ).toBe(true);
    expect(
      ruleAllows(
        { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] },
        { ...attrs, name: 'web' },
      ),
    ).toBe(true);
    expect(
      ruleAllows({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] }, attrs),
    ).toBe(false);
    expect(
      ruleAllows(
        { verbs: ['get'], nonResourceURLs: ['/apis/*'] },
        { verb: 'get', path: '/apis/apps/v1', isResourceRequest: false },
      ),
    ).toBe(true);
    expect(
      ruleAllows(
        { verbs: ['get'], nonResourceURLs: ['/apis'] },
        { verb: 'get', path: '/apis/apps', isResourceRequest: false },
      ),
    ).toBe(false);
  });
});
