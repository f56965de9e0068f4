import type { KubeObject } from '../model/kube-object.js';
import type { Finding } from '../findings.js';
import { matchFargateProfile } from '../fargate/profiles.js';
import {
  applyObjects,
  ApplyConflictError,
  ApplyError,
  ApplyInvalidError,
  describeObject,
  FIELD_MANAGER,
  objectKey,
  type ObjectKey,
} from '../kube/apply.js';
import { sameObject } from '../kube/rollback.js';
import { checkImagesExist, imageRequirements, type ImageCheckDeps } from '../image/exists.js';
import { KubeApiError, notServedAdvice } from '../kube/client.js';
import { LABEL_MANAGED_BY, LABEL_RELEASE } from '../kube/release.js';
import type { Connection } from './connect.js';

const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet']);

/** The pod template labels of a workload object, or undefined for other kinds. */
function podTemplateLabels(obj: KubeObject): Record<string, string> | undefined {
  if (obj.kind === 'Pod') return obj.metadata.labels ?? {};
  if (obj.kind === 'CronJob') {
    const spec = obj['spec'] as
      { jobTemplate?: { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } } } | undefined;
    return spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
  }
  if (!POD_TEMPLATE_KINDS.has(obj.kind)) return undefined;
  const spec = obj['spec'] as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined;
  return spec?.template?.metadata?.labels ?? {};
}

/**
 * Everything checked against the cluster before anything is written: reachable, every kind
 * served, IngressClass `alb` present when an Ingress needs it, every workload's pods covered by a
 * Fargate profile, and a server-side dry-run apply of every object (schemas, admission, conflicts
 * and permissions, as the real apply will meet them). Returns blockers and infos; writes nothing.
 */
export async function preflight(
  conn: Connection,
  objects: readonly KubeObject[],
  opts: { forceConflicts: boolean; signal?: AbortSignal; ownership?: OwnershipCheck; images?: ImageCheckDeps },
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const blocker = (code: string, message: string, workload?: string): void => {
    findings.push({ severity: 'blocker', code, message, ...(workload ? { workload } : {}) });
  };
  const { client } = conn;
  try {
    await client.request('GET', '/version', { ...(opts.signal ? { signal: opts.signal } : {}) });
  } catch (err) {
    blocker(
      'cluster-unreachable',
      `cannot reach the cluster (${conn.describe}): ${err instanceof Error ? err.message : String(err)}`,
    );
    return findings;
  }

  await checkKindsServed(client, objects, blocker);

  await checkAlbIngressClass(client, objects, blocker);

  checkFargateProfiles(conn, objects, blocker, findings);

  // Every image there, for the platform its pods run on: a pull that cannot succeed fails here, not after apply.
  if (opts.images)
    findings.push(
      ...(await checkImagesExist(imageRequirements(objects), {
        ...opts.images,
        ...(opts.signal ? { signal: opts.signal } : {}),
      })),
    );

  if (findings.some((f) => f.severity === 'blocker')) return findings;
  const missing = await missingNamespaces(client, objects, findings);
  await dryRun(client, [...missing, ...objects], opts, blocker);
  return findings;
}

type Blocker = (code: string, message: string, workload?: string) => void;

/** Every kind is served by the cluster. */
async function checkKindsServed(
  client: Connection['client'],
  objects: readonly KubeObject[],
  blocker: Blocker,
): Promise<void> {
  const served = new Set<string>();
  for (const o of objects) {
    const key = `${o.apiVersion}/${o.kind}`;
    if (served.has(key)) continue;
    try {
      await client.resourceFor(o.apiVersion, o.kind);
      served.add(key);
    } catch (err) {
      if (err instanceof KubeApiError && err.code === 404) {
        blocker(
          'kind-not-served',
          `${describeObject(objectKey(o))}: the cluster does not serve ${o.kind} in ${o.apiVersion} (${notServedAdvice(o.apiVersion)})`,
          o.metadata.name,
        );
        served.add(key);
      } else throw err;
    }
  }
}

/** An Ingress of class alb needs the AWS Load Balancer Controller's IngressClass. */
async function checkAlbIngressClass(
  client: Connection['client'],
  objects: readonly KubeObject[],
  blocker: Blocker,
): Promise<void> {
  const albIngresses = objects.filter(
    (o) =>
      o.kind === 'Ingress' &&
      ((o['spec'] as { ingressClassName?: string } | undefined)?.ingressClassName === 'alb' ||
        o.metadata.annotations?.['kubernetes.io/ingress.class'] === 'alb'),
  );
  if (albIngresses.length > 0 && !objects.some((o) => o.kind === 'IngressClass' && o.metadata.name === 'alb')) {
    const cls = await client.get('networking.k8s.io/v1', 'IngressClass', undefined, 'alb');
    if (!cls) {
      blocker(
        'no-alb-ingress-class',
        `IngressClass alb is missing: install the AWS Load Balancer Controller before deploying ${albIngresses.map((i) => describeObject(objectKey(i))).join(', ')}`,
      );
    }
  }
}

/** Every workload's pods are selected by a Fargate profile (when the profiles could be read). */
function checkFargateProfiles(
  conn: Connection,
  objects: readonly KubeObject[],
  blocker: Blocker,
  findings: Finding[],
): void {
  if (conn.profiles) {
    const names = conn.profiles.map((p) => p.name).sort();
    for (const o of objects) {
      const labels = podTemplateLabels(o);
      if (labels === undefined) continue;
      const ns = o.metadata.namespace ?? 'default';
      if (!matchFargateProfile(conn.profiles, ns, labels)) {
        blocker(
          'no-fargate-profile',
          `${describeObject(objectKey(o))}: no Fargate profile selects namespace ${ns} with pod labels ${JSON.stringify(labels)} (checked: ${names.join(', ') || 'none'}); its pods would stay Pending`,
          o.metadata.name,
        );
      }
    }
  } else {
    findings.push({
      severity: 'info',
      code: 'fargate-profiles-unchecked',
      message: `Fargate profile coverage not checked: give the EKS cluster name and region so its profiles can be read (${conn.describe})`,
    });
  }
}

/**
 * Namespaces the deploy will create (the lock creates its own namespace first): dry-run them as
 * Namespace objects so the objects inside them are checked as new rather than failing with 404.
 */
async function missingNamespaces(
  client: Connection['client'],
  objects: readonly KubeObject[],
  findings: Finding[],
): Promise<KubeObject[]> {
  const declared = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  const missing: KubeObject[] = [];
  for (const ns of [...new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => !!n))].sort()) {
    if (declared.has(ns)) continue;
    if (!(await client.get('v1', 'Namespace', undefined, ns))) {
      missing.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      findings.push({
        severity: 'info',
        code: 'namespace-created',
        message: `namespace ${ns} does not exist yet: the deploy creates it`,
      });
    }
  }
  return missing;
}

/** A server-side dry run of everything: schemas, admission, conflicts, permissions, ownership. */
async function dryRun(
  client: Connection['client'],
  objects: KubeObject[],
  opts: { forceConflicts: boolean; signal?: AbortSignal; ownership?: OwnershipCheck },
  blocker: Blocker,
): Promise<void> {
  try {
    const adopted = opts.ownership?.adopted ?? [];
    // Adopted objects' fields become ours; one refused as not ours is dry-run forced too, so its
    // blocker is the one reason given, not also a conflict with the fields of its real owner.
    const refused: ObjectKey[] = [];
    const forceFor = (k: ObjectKey): boolean =>
      adopted.some((a) => sameObject(a, k)) || refused.some((r) => sameObject(r, k));
    // Who owns each object is judged from the live state the dry run reads anyway (no extra requests).
    const own = opts.ownership;
    const onLive = own
      ? (o: KubeObject, live: KubeObject | undefined): void => {
          if (!judgeOwnership(o, live, own, blocker)) refused.push(objectKey(o));
        }
      : undefined;
    await applyObjects(client, objects, {
      dryRun: true,
      force: opts.forceConflicts,
      forceFor,
      ...(onLive ? { onLive } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    // A dry run applies nothing: drop the "already applied before it" part of the message.
    const text = (e: Error): string =>
      `dry run: ${e.message
        .split('\n')
        .filter((l) => !/^(Nothing was applied|Already applied)/.test(l))
        .join('\n')}`;
    if (err instanceof ApplyConflictError) {
      blocker('conflict', text(err), err.object.name);
    } else if (err instanceof ApplyInvalidError) {
      blocker('invalid', text(err), err.object.name);
    } else if (err instanceof ApplyError) {
      const cause = err.cause;
      const code = cause instanceof KubeApiError ? cause.code : undefined;
      blocker(
        code === 403 ? 'forbidden' : 'dry-run-failed',
        code === 403 ? `not allowed: ${text(err)}` : text(err),
        err.object.name,
      );
    } else throw err;
  }
}

/** Who may take over what: the release's name, `--adopt`, and where adopted objects' prior states go. */
export interface OwnershipCheck {
  release: string;
  adopt: boolean;
  /** Filled with the live state (server bookkeeping removed) of every object taken over. */
  adopted: KubeObject[];
}

/** Server-written metadata that a restored object must not carry (or would be refused for). */
const BOOKKEEPING = new Set([
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);

/** An object as it was, to be put back exactly: no status, no server bookkeeping. */
function priorState(live: KubeObject, apiVersion: string, kind: string): KubeObject {
  const rest = Object.fromEntries(Object.entries(live).filter(([k]) => k !== 'status' && k !== 'metadata'));
  const kept = Object.fromEntries(Object.entries(live.metadata).filter(([k]) => !BOOKKEEPING.has(k)));
  // (name is never bookkeeping: setting it again keeps its place and says its type)
  const meta: KubeObject['metadata'] = { ...kept, name: live.metadata.name };
  return { ...rest, apiVersion, kind, metadata: meta };
}

/**
 * An object that exists and that no release of this tool created (or that another release owns)
 * is a blocker naming it, unless `adopt` is set, in which case its current state is kept so a
 * rollback can put it back exactly as it was. A Namespace the deploy lock created is ours.
 * Returns whether the deploy may write the object.
 */
function judgeOwnership(
  o: KubeObject,
  live: KubeObject | undefined,
  own: OwnershipCheck,
  blocker: (code: string, message: string, workload?: string) => void,
): boolean {
  if (!live) return true;
  const labels = live.metadata.labels ?? {};
  const owner = labels[LABEL_RELEASE];
  if (owner === own.release) return true;
  if (o.kind === 'Namespace' && owner === undefined && labels[LABEL_MANAGED_BY] === FIELD_MANAGER) return true;
  if (!own.adopt) {
    const why =
      owner !== undefined
        ? `it belongs to release ${JSON.stringify(owner)}`
        : 'no release of eks-fargate-deploy created it';
    blocker(
      'not-owned',
      `${describeObject(objectKey(o))} already exists and ${why}. Pass --adopt to take it over (its current state is kept in the release record and restored on rollback), or remove it from the manifests`,
      o.metadata.name,
    );
    return false;
  }
  own.adopted.push(priorState(live, o.apiVersion, o.kind));
  return true;
}
