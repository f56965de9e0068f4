import type { KubeObject } from '../model/kube-object.js';
import type { KubeClient } from '../kube/client.js';
import { RolloutTracker, type RolloutOutcome, type RolloutTarget } from '../kube/rollout.js';
import { verifyFargatePods, type FargateVerification } from '../kube/verify.js';
import { runSmokeChecks, type SmokeResult } from '../smoke/run.js';
import type { SmokeCheck } from '../smoke/spec.js';
import { createSmokeTransport } from '../smoke/transport.js';

/** How long one phase of a deploy took. */
export interface Phase {
  name: string;
  durationMs: number;
}

/**
 * The sandbox publishes each emulated ALB's local listener here; on EKS the Ingress status
 * hostname is the address.
 */
const SANDBOX_URL_ANNOTATION = 'sandbox.eks-fargate-deploy/url';

function isAlbIngress(o: KubeObject): boolean {
  return (
    o.kind === 'Ingress' &&
    ((o['spec'] as { ingressClassName?: string } | undefined)?.ingressClassName === 'alb' ||
      o.metadata.annotations?.['kubernetes.io/ingress.class'] === 'alb')
  );
}

/** What a release's rollout is: its Deployments, StatefulSets, Jobs, LoadBalancer Services and ALB Ingresses. */
export function releaseTargets(objects: readonly KubeObject[]): RolloutTarget[] {
  const targets: RolloutTarget[] = [];
  for (const o of objects) {
    const ns = o.metadata.namespace ?? 'default';
    if (o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'Job')
      targets.push({ kind: o.kind, namespace: ns, name: o.metadata.name });
    else if (o.kind === 'Service' && (o['spec'] as { type?: string } | undefined)?.type === 'LoadBalancer')
      targets.push({ kind: 'Service', namespace: ns, name: o.metadata.name });
    else if (isAlbIngress(o)) targets.push({ kind: 'Ingress', namespace: ns, name: o.metadata.name });
  }
  return targets;
}

/** Watch every target at once until all are ready, one fails, the deadline passes or the signal aborts. */
export function trackRollouts(
  client: KubeClient,
  targets: RolloutTarget[],
  opts: {
    graceSeconds: number;
    settleSeconds?: number;
    deadline: number;
    signal: AbortSignal;
    log: (line: string) => void;
  },
): Promise<RolloutOutcome> {
  const timeoutSeconds = Math.max(1, Math.ceil((opts.deadline - Date.now()) / 1000));
  return new RolloutTracker(client, {
    targets,
    graceSeconds: opts.graceSeconds,
    ...(opts.settleSeconds !== undefined ? { settleSeconds: opts.settleSeconds } : {}),
    timeoutSeconds,
    signal: opts.signal,
    log: opts.log,
  }).run();
}

/** Verify the new pods of the release's workloads run on Fargate, sized as requested. */
export function verifyPods(
  client: KubeClient,
  targets: RolloutTarget[],
  log: (line: string) => void,
): Promise<FargateVerification> {
  return verifyFargatePods(
    client,
    targets.filter((t) => t.kind === 'Deployment' || t.kind === 'StatefulSet' || t.kind === 'Job'),
    { log },
  );
}

/** The base URL of an Ingress: the sandbox's local listener, else `http://<status hostname>`. */
export async function ingressBaseUrl(client: KubeClient, namespace: string, name: string): Promise<string | undefined> {
  const ing = await client.get('networking.k8s.io/v1', 'Ingress', namespace, name);
  if (!ing) throw new Error(`Ingress ${namespace}/${name} not found`);
  const local = ing.metadata.annotations?.[SANDBOX_URL_ANNOTATION];
  if (local) return local.replace(/\/$/, '');
  const lb = (ing['status'] as { loadBalancer?: { ingress?: { hostname?: string; ip?: string }[] } } | undefined)
    ?.loadBalancer?.ingress?.[0];
  const host = lb?.hostname ?? lb?.ip;
  return host ? `http://${host}` : undefined;
}

/** The URLs of the release's ALB Ingresses (for outputs and the GitHub Deployment). */
export async function ingressUrls(client: KubeClient, objects: readonly KubeObject[]): Promise<string[]> {
  const urls: string[] = [];
  for (const o of objects.filter(isAlbIngress)) {
    const url = await ingressBaseUrl(client, o.metadata.namespace ?? 'default', o.metadata.name).catch(() => undefined);
    if (url) urls.push(url);
  }
  return urls;
}

/** Run the smoke checks: URLs directly, Ingress paths through the release's ALB, services through the API server proxy. */
export function smokeTest(
  client: KubeClient,
  checks: readonly SmokeCheck[],
  namespace: string,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<SmokeResult[]> {
  const transport = createSmokeTransport({ client, defaultNamespace: namespace });
  return runSmokeChecks(checks, {
    transport,
    signal,
    log,
    resolveIngress: async (ref) => {
      const ns = ref.namespace ?? namespace;
      if (ref.name) return ingressBaseUrl(client, ns, ref.name);
      const { items } = await client.list('networking.k8s.io/v1', 'Ingress', ns);
      const first = items.find(isAlbIngress) ?? items[0];
      if (!first) throw new Error(`no Ingress in namespace ${ns}`);
      return ingressBaseUrl(client, ns, first.metadata.name);
    },
  });
}
