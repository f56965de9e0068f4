/**
 * Discovery documents (`/api`, `/apis`, `/apis/<group>`, per group-version resource lists) and
 * `/version`, built from the resource registry. The legacy (non-aggregated) format: kubectl asks
 * for aggregated discovery first and falls back to this when the server answers plain JSON.
 */
import { apiVersionOf, type ResourceRegistry, type ResourceType } from './registry.js';

const MAIN_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** `/api` (APIVersions). */
export function coreApiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDoc(reg: ResourceRegistry, group: string): object {
  const versions = reg
    .groupVersions()
    .filter((gv) => gv.group === group)
    .map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

/** `/apis` (APIGroupList). */
export function apiGroupList(reg: ResourceRegistry): object {
  const groups = [
    ...new Set(
      reg
        .groupVersions()
        .map((gv) => gv.group)
        .filter((g) => g !== ''),
    ),
  ];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => groupDoc(reg, g)) };
}

/** `/apis/<group>` (APIGroup), or undefined for an unknown group. */
export function apiGroup(reg: ResourceRegistry, group: string): object | undefined {
  if (!reg.groupVersions().some((gv) => gv.group === group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(reg, group) };
}

function resourceEntries(t: ResourceType): object[] {
  const out: object[] = [
    {
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: MAIN_VERBS,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(t.categories ? { categories: t.categories } : {}),
    },
  ];
  for (const sub of t.subresources ?? []) {
    if (sub === 'scale')
      out.push({
        name: `${t.resource}/scale`,
        singularName: '',
        namespaced: t.namespaced,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      });
    else if (sub === 'status')
      out.push({
        name: `${t.resource}/status`,
        singularName: '',
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: ['get', 'patch', 'update'],
      });
    else if (sub === 'log')
      out.push({ name: `${t.resource}/log`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get'] });
    // the only subresource left: eviction
    else
      out.push({
        name: `${t.resource}/eviction`,
        singularName: '',
        namespaced: t.namespaced,
        group: 'policy',
        version: 'v1',
        kind: 'Eviction',
        verbs: ['create'],
      });
  }
  return out;
}

/** `/api/v1` or `/apis/<group>/<version>` (APIResourceList), or undefined when unknown. */
export function apiResourceList(reg: ResourceRegistry, group: string, version: string): object | undefined {
  const types = reg.types.filter((t) => t.group === group && t.version === version);
  const first = types[0];
  if (!first) return undefined;
  const extra: object[] =
    group === '' && version === 'v1'
      ? [
          {
            name: 'services/proxy',
            singularName: '',
            namespaced: true,
            kind: 'ServiceProxyOptions',
            verbs: ['create', 'delete', 'get', 'patch', 'update'],
          },
        ]
      : [];
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(first),
    resources: [...types.flatMap(resourceEntries), ...extra],
  };
}

/** `/version`, shaped like EKS's (gitVersion `v1.32.3-eks-…`). */
export function versionInfo(gitVersion: string): object {
  const m = gitVersion.match(/^v(\d+)\.(\d+)/);
  return {
    major: m?.[1] ?? '1',
    minor: `${m?.[2] ?? '32'}+`,
    gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
