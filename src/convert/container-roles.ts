/** How the containers of one ECS task are laid out in a pod: their roles and what they share. */
import type { EcsContainer } from '../ecs/model.js';
import { cmpStr, type WorkloadScope } from './scope.js';

/** The part a container plays in the pod: run first and exit, run beside the app, or be the app. */
export type Role = 'init' | 'sidecar' | 'app';

/** Decide which ECS containers become init containers, sidecars, or app containers. */
export function containerRoles(defs: readonly EcsContainer[]): Map<string, Role> {
  const roles = new Map<string, Role>(defs.map((c) => [c.name, 'app']));
  for (const c of defs) {
    for (const d of c.dependsOn ?? []) {
      if (!d.containerName) continue;
      if (d.condition === 'SUCCESS' || d.condition === 'COMPLETE') roles.set(d.containerName, 'init');
      else if (roles.get(d.containerName) !== 'init') roles.set(d.containerName, 'sidecar');
    }
  }
  return roles;
}

/** The container that gets pod-level requests such as ephemeral storage: the first essential one. */
export function mainContainerIndex(defs: readonly EcsContainer[]): number {
  const i = defs.findIndex(
    (c) => c.essential !== false && !defs.some((o) => (o.dependsOn ?? []).some((d) => d.containerName === c.name)),
  );
  return i >= 0 ? i : 0;
}

/** ECS extraHosts of every container → the pod's hostAliases, one entry per address. */
export function collectHostAliases(defs: readonly EcsContainer[]): { ip: string; hostnames: string[] }[] {
  const byIp = new Map<string, Set<string>>();
  for (const c of defs) {
    for (const h of c.extraHosts ?? []) {
      if (!h.ipAddress || !h.hostname) continue;
      const set = byIp.get(h.ipAddress) ?? new Set<string>();
      set.add(h.hostname);
      byIp.set(h.ipAddress, set);
    }
  }
  return [...byIp.entries()]
    .sort(([a], [b]) => cmpStr(a, b))
    .map(([ip, names]) => ({ ip, hostnames: [...names].sort() }));
}

/** Two ECS names that become one Kubernetes name would be one container: a blocker. */
export function checkNameClash(
  scope: WorkloadScope,
  defs: readonly EcsContainer[],
  k8sNames: ReadonlyMap<string, string>,
): void {
  const clash = defs.find((c, i) => defs.findIndex((o) => k8sNames.get(o.name) === k8sNames.get(c.name)) !== i);
  if (!clash) return;
  scope.blocked = true;
  scope.add(
    'blocker',
    'container-name-clash',
    `container names ${defs
      .filter((o) => k8sNames.get(o.name) === k8sNames.get(clash.name))
      .map((o) => o.name)
      .join(' and ')} both become ${k8sNames.get(clash.name) ?? clash.name} in Kubernetes; rename one`,
    'containerDefinitions',
    clash.name,
  );
}
