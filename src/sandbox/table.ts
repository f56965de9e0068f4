/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), which is how
 * `kubectl get` gets its columns: per-kind columns like the API server's printers (pods READY /
 * STATUS / RESTARTS, deployments READY / UP-TO-DATE / AVAILABLE, ...), NAME + AGE otherwise.
 */
import { scalarText, withoutFields, type KubeObject } from './object.js';

interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  description?: string;
  cell(o: KubeObject, now: number): string | number;
}

/** kubectl's `duration.HumanDuration`. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 192) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

const age = (o: KubeObject, now: number): string =>
  o.metadata.creationTimestamp ? humanDuration(now - Date.parse(o.metadata.creationTimestamp)) : '<unknown>';
const nameCol: Column = { name: 'Name', type: 'string', format: 'name', cell: (o) => o.metadata.name ?? '' };
const ageCol: Column = { name: 'Age', type: 'string', cell: age };

type Rec = Record<string, unknown>;
const get = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((cur, k) => (cur && typeof cur === 'object' ? (cur as Rec)[k] : undefined), o);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

interface CStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string };
    terminated?: { reason?: string; exitCode?: number; signal?: number };
    running?: unknown;
  };
  lastState?: { terminated?: { finishedAt?: string } };
}

/** kubectl's pod STATUS column. */
export function podStatusReason(o: KubeObject): string {
  const status = (o.status ?? {}) as {
    phase?: string;
    reason?: string;
    initContainerStatuses?: CStatus[];
    containerStatuses?: CStatus[];
    conditions?: Array<{ type: string; status: string }>;
  };
  let reason = status.reason ?? status.phase ?? 'Pending';
  const inits = status.initContainerStatuses ?? [];
  const initTotal = ((o.spec as Rec | undefined)?.initContainers as unknown[] | undefined)?.length ?? 0;
  let initializing = false;
  for (const [i, c] of inits.entries()) {
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) continue;
    initializing = true;
    if (t) reason = t.reason ? `Init:${t.reason}` : `Init:ExitCode:${t.exitCode}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing')
      reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${initTotal}`;
    break;
  }
  if (!initializing) {
    let hasRunning = false;
    for (const c of [...(status.containerStatuses ?? [])].reverse()) {
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state?.terminated) reason = `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) reason = 'Running';
  }
  if (o.metadata.deletionTimestamp) reason = 'Terminating';
  return reason;
}

function podRestarts(o: KubeObject, now: number): string {
  const cs = ((o.status as Rec | undefined)?.containerStatuses as CStatus[] | undefined) ?? [];
  const n = cs.reduce((s, c) => s + (c.restartCount ?? 0), 0);
  const last = cs
    .map((c) => c.lastState?.terminated?.finishedAt)
    .filter((x): x is string => !!x)
    .sort()
    .pop();
  return last && n > 0 ? `${n} (${humanDuration(now - Date.parse(last))} ago)` : String(n);
}

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    nameCol,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => {
        const cs = (get(o, 'status', 'containerStatuses') as CStatus[] | undefined) ?? [];
        const total = ((get(o, 'spec', 'containers') as unknown[] | undefined) ?? []).length;
        return `${cs.filter((c) => c.ready).length}/${total}`;
      },
    },
    { name: 'Status', type: 'string', cell: podStatusReason },
    { name: 'Restarts', type: 'string', cell: podRestarts },
    ageCol,
    { name: 'IP', type: 'string', priority: 1, cell: (o) => scalarText(get(o, 'status', 'podIP'), '<none>') },
    { name: 'Node', type: 'string', priority: 1, cell: (o) => scalarText(get(o, 'spec', 'nodeName'), '<none>') },
  ],
  Deployment: [
    nameCol,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(get(o, 'status', 'readyReplicas'))}/${num(get(o, 'spec', 'replicas'))}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(get(o, 'status', 'updatedReplicas')) },
    { name: 'Available', type: 'integer', cell: (o) => num(get(o, 'status', 'availableReplicas')) },
    ageCol,
    {
      name: 'Containers',
      type: 'string',
      priority: 1,
      cell: (o) =>
        ((get(o, 'spec', 'template', 'spec', 'containers') as Array<{ name: string }> | undefined) ?? [])
          .map((c) => c.name)
          .join(','),
    },
    {
      name: 'Images',
      type: 'string',
      priority: 1,
      cell: (o) =>
        ((get(o, 'spec', 'template', 'spec', 'containers') as Array<{ image: string }> | undefined) ?? [])
          .map((c) => c.image)
          .join(','),
    },
  ],
  ReplicaSet: [
    nameCol,
    { name: 'Desired', type: 'integer', cell: (o) => num(get(o, 'spec', 'replicas')) },
    { name: 'Current', type: 'integer', cell: (o) => num(get(o, 'status', 'replicas')) },
    { name: 'Ready', type: 'integer', cell: (o) => num(get(o, 'status', 'readyReplicas')) },
    ageCol,
  ],
  Node: [
    nameCol,
    {
      name: 'Status',
      type: 'string',
      cell: (o) =>
        ((get(o, 'status', 'conditions') as Array<{ type: string; status: string }> | undefined) ?? []).find(
          (c) => c.type === 'Ready',
        )?.status === 'True'
          ? 'Ready'
          : 'NotReady',
    },
    { name: 'Roles', type: 'string', cell: () => '<none>' },
    ageCol,
    { name: 'Version', type: 'string', cell: (o) => scalarText(get(o, 'status', 'nodeInfo', 'kubeletVersion'), '') },
  ],
  Service: [
    nameCol,
    { name: 'Type', type: 'string', cell: (o) => scalarText(get(o, 'spec', 'type'), 'ClusterIP') },
    { name: 'Cluster-IP', type: 'string', cell: (o) => scalarText(get(o, 'spec', 'clusterIP'), '<none>') },
    {
      name: 'External-IP',
      type: 'string',
      cell: (o) =>
        ((get(o, 'status', 'loadBalancer', 'ingress') as Array<{ hostname?: string; ip?: string }> | undefined) ?? [])
          .map((i) => i.hostname ?? i.ip)
          .join(',') || '<none>',
    },
    {
      name: 'Port(s)',
      type: 'string',
      cell: (o) =>
        ((get(o, 'spec', 'ports') as Array<{ port: number; protocol?: string; nodePort?: number }> | undefined) ?? [])
          .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`)
          .join(',') || '<none>',
    },
    ageCol,
  ],
  Namespace: [
    nameCol,
    { name: 'Status', type: 'string', cell: (o) => scalarText(get(o, 'status', 'phase'), 'Active') },
    ageCol,
  ],
  Endpoints: [
    nameCol,
    {
      name: 'Endpoints',
      type: 'string',
      cell: (o) => {
        const subsets =
          (o.subsets as Array<{ addresses?: Array<{ ip: string }>; ports?: Array<{ port: number }> }> | undefined) ??
          [];
        const eps = subsets.flatMap((s) =>
          (s.addresses ?? []).flatMap((a) => (s.ports?.length ? s.ports.map((p) => `${a.ip}:${p.port}`) : [a.ip])),
        );
        return eps.length === 0
          ? '<none>'
          : eps.length > 3
            ? `${eps.slice(0, 3).join(',')} + ${eps.length - 3} more...`
            : eps.join(',');
      },
    },
    ageCol,
  ],
  Event: [
    {
      name: 'Last Seen',
      type: 'string',
      cell: (o, now) => humanDuration(now - Date.parse(scalarText(o.lastTimestamp ?? o.metadata.creationTimestamp))),
    },
    { name: 'Type', type: 'string', cell: (o) => scalarText(o.type, '') },
    { name: 'Reason', type: 'string', cell: (o) => scalarText(o.reason, '') },
    {
      name: 'Object',
      type: 'string',
      cell: (o) =>
        `${scalarText(get(o, 'involvedObject', 'kind'), '').toLowerCase()}/${scalarText(get(o, 'involvedObject', 'name'), '')}`,
    },
    { name: 'Message', type: 'string', cell: (o) => scalarText(o.message, '') },
    { name: 'Name', type: 'string', format: 'name', priority: 1, cell: (o) => o.metadata.name ?? '' },
  ],
  Ingress: [
    nameCol,
    { name: 'Class', type: 'string', cell: (o) => scalarText(get(o, 'spec', 'ingressClassName'), '<none>') },
    {
      name: 'Hosts',
      type: 'string',
      cell: (o) =>
        ((get(o, 'spec', 'rules') as Array<{ host?: string }> | undefined) ?? []).map((r) => r.host ?? '*').join(',') ||
        '*',
    },
    {
      name: 'Address',
      type: 'string',
      cell: (o) =>
        ((get(o, 'status', 'loadBalancer', 'ingress') as Array<{ hostname?: string; ip?: string }> | undefined) ?? [])
          .map((i) => i.hostname ?? i.ip)
          .join(','),
    },
    { name: 'Ports', type: 'string', cell: () => '80' },
    ageCol,
  ],
};

const modes = (v: unknown): string =>
  ((v as string[] | undefined) ?? [])
    .map((m) => ({ ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' })[m] ?? m)
    .join(',');
const condTrue = (o: KubeObject, type: string): boolean =>
  ((get(o, 'status', 'conditions') as Array<{ type: string; status: string }> | undefined) ?? []).some(
    (c) => c.type === type && c.status === 'True',
  );
const orNone = (v: unknown): string => (v === undefined || v === null || v === '' ? '<none>' : scalarText(v));

/** Printer columns of the kinds served next to the deploy's core ones (workloads, storage, autoscaling). */
const MORE_COLUMNS: Record<string, Column[]> = {
  StatefulSet: [
    nameCol,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(get(o, 'status', 'readyReplicas'))}/${num(get(o, 'spec', 'replicas'))}`,
    },
    ageCol,
    {
      name: 'Containers',
      type: 'string',
      priority: 1,
      cell: (o) =>
        ((get(o, 'spec', 'template', 'spec', 'containers') as Array<{ name: string }> | undefined) ?? [])
          .map((c) => c.name)
          .join(','),
    },
    {
      name: 'Images',
      type: 'string',
      priority: 1,
      cell: (o) =>
        ((get(o, 'spec', 'template', 'spec', 'containers') as Array<{ image: string }> | undefined) ?? [])
          .map((c) => c.image)
          .join(','),
    },
  ],
  DaemonSet: [
    nameCol,
    { name: 'Desired', type: 'integer', cell: (o) => num(get(o, 'status', 'desiredNumberScheduled')) },
    { name: 'Current', type: 'integer', cell: (o) => num(get(o, 'status', 'currentNumberScheduled')) },
    { name: 'Ready', type: 'integer', cell: (o) => num(get(o, 'status', 'numberReady')) },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(get(o, 'status', 'updatedNumberScheduled')) },
    { name: 'Available', type: 'integer', cell: (o) => num(get(o, 'status', 'numberAvailable')) },
    {
      name: 'Node Selector',
      type: 'string',
      cell: (o) =>
        Object.entries((get(o, 'spec', 'template', 'spec', 'nodeSelector') as Record<string, string> | undefined) ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(',') || '<none>',
    },
    ageCol,
  ],
  Job: [
    nameCol,
    {
      name: 'Status',
      type: 'string',
      cell: (o) =>
        condTrue(o, 'Complete')
          ? 'Complete'
          : condTrue(o, 'Failed')
            ? 'Failed'
            : condTrue(o, 'Suspended')
              ? 'Suspended'
              : 'Running',
    },
    {
      name: 'Completions',
      type: 'string',
      cell: (o) => `${num(get(o, 'status', 'succeeded'))}/${scalarText(get(o, 'spec', 'completions'), '1')}`,
    },
    {
      name: 'Duration',
      type: 'string',
      cell: (o, now) => {
        const start = get(o, 'status', 'startTime') as string | undefined;
        if (!start) return '';
        const end = get(o, 'status', 'completionTime') as string | undefined;
        return humanDuration((end ? Date.parse(end) : now) - Date.parse(start));
      },
    },
    ageCol,
  ],
  CronJob: [
    nameCol,
    { name: 'Schedule', type: 'string', cell: (o) => scalarText(get(o, 'spec', 'schedule'), '') },
    { name: 'Timezone', type: 'string', cell: (o) => orNone(get(o, 'spec', 'timeZone')) },
    { name: 'Suspend', type: 'boolean', cell: (o) => (get(o, 'spec', 'suspend') === true ? 'True' : 'False') },
    {
      name: 'Active',
      type: 'integer',
      cell: (o) => ((get(o, 'status', 'active') as unknown[] | undefined) ?? []).length,
    },
    {
      name: 'Last Schedule',
      type: 'string',
      cell: (o, now) => {
        const t = get(o, 'status', 'lastScheduleTime') as string | undefined;
        return t ? humanDuration(now - Date.parse(t)) : '<none>';
      },
    },
    ageCol,
  ],
  HorizontalPodAutoscaler: [
    nameCol,
    {
      name: 'Reference',
      type: 'string',
      cell: (o) =>
        `${scalarText(get(o, 'spec', 'scaleTargetRef', 'kind'), '')}/${scalarText(get(o, 'spec', 'scaleTargetRef', 'name'), '')}`,
    },
    {
      name: 'Targets',
      type: 'string',
      cell: (o) => {
        const v1Target = get(o, 'spec', 'targetCPUUtilizationPercentage') as number | undefined;
        if (o.apiVersion === 'autoscaling/v1') {
          const cur = get(o, 'status', 'currentCPUUtilizationPercentage') as number | undefined;
          return `cpu: ${cur === undefined ? '<unknown>' : `${cur}%`}/${v1Target ?? 80}%`;
        }
        const metrics =
          (get(o, 'spec', 'metrics') as
            | Array<{ resource?: { name?: string; target?: { averageUtilization?: number; averageValue?: string } } }>
            | undefined) ?? [];
        const current =
          (get(o, 'status', 'currentMetrics') as
            | Array<{ resource?: { name?: string; current?: { averageUtilization?: number; averageValue?: string } } }>
            | undefined) ?? [];
        return (
          metrics
            .map((m) => {
              const name = m.resource?.name ?? '';
              const c = current.find((x) => x.resource?.name === name)?.resource?.current;
              const pct = m.resource?.target?.averageUtilization !== undefined;
              const cur = pct
                ? c?.averageUtilization !== undefined
                  ? `${c.averageUtilization}%`
                  : '<unknown>'
                : (c?.averageValue ?? '<unknown>');
              return `${name}: ${cur}/${pct ? `${m.resource?.target?.averageUtilization}%` : (m.resource?.target?.averageValue ?? '')}`;
            })
            .join(', ') || '<none>'
        );
      },
    },
    { name: 'MinPods', type: 'integer', cell: (o) => num(get(o, 'spec', 'minReplicas') ?? 1) },
    { name: 'MaxPods', type: 'integer', cell: (o) => num(get(o, 'spec', 'maxReplicas')) },
    { name: 'Replicas', type: 'integer', cell: (o) => num(get(o, 'status', 'currentReplicas')) },
    ageCol,
  ],
  PodDisruptionBudget: [
    nameCol,
    {
      name: 'Min Available',
      type: 'string',
      cell: (o) => {
        const v = get(o, 'spec', 'minAvailable');
        return v === undefined ? 'N/A' : scalarText(v);
      },
    },
    {
      name: 'Max Unavailable',
      type: 'string',
      cell: (o) => {
        const v = get(o, 'spec', 'maxUnavailable');
        return v === undefined ? 'N/A' : scalarText(v);
      },
    },
    { name: 'Allowed Disruptions', type: 'integer', cell: (o) => num(get(o, 'status', 'disruptionsAllowed')) },
    ageCol,
  ],
  PersistentVolumeClaim: [
    nameCol,
    { name: 'Status', type: 'string', cell: (o) => scalarText(get(o, 'status', 'phase'), 'Pending') },
    { name: 'Volume', type: 'string', cell: (o) => scalarText(get(o, 'spec', 'volumeName'), '') },
    { name: 'Capacity', type: 'string', cell: (o) => scalarText(get(o, 'status', 'capacity', 'storage'), '') },
    { name: 'Access Modes', type: 'string', cell: (o) => modes(get(o, 'status', 'accessModes')) },
    { name: 'StorageClass', type: 'string', cell: (o) => orNone(get(o, 'spec', 'storageClassName')) },
    { name: 'VolumeAttributesClass', type: 'string', cell: () => '<unset>' },
    ageCol,
  ],
  PersistentVolume: [
    nameCol,
    { name: 'Capacity', type: 'string', cell: (o) => scalarText(get(o, 'spec', 'capacity', 'storage'), '') },
    { name: 'Access Modes', type: 'string', cell: (o) => modes(get(o, 'spec', 'accessModes')) },
    {
      name: 'Reclaim Policy',
      type: 'string',
      cell: (o) => scalarText(get(o, 'spec', 'persistentVolumeReclaimPolicy'), 'Retain'),
    },
    { name: 'Status', type: 'string', cell: (o) => scalarText(get(o, 'status', 'phase'), 'Available') },
    {
      name: 'Claim',
      type: 'string',
      cell: (o) => {
        const c = get(o, 'spec', 'claimRef') as { namespace?: string; name?: string } | undefined;
        return c ? `${c.namespace}/${c.name}` : '';
      },
    },
    { name: 'StorageClass', type: 'string', cell: (o) => scalarText(get(o, 'spec', 'storageClassName'), '') },
    { name: 'VolumeAttributesClass', type: 'string', cell: () => '<unset>' },
    { name: 'Reason', type: 'string', cell: (o) => scalarText(get(o, 'status', 'reason'), '') },
    ageCol,
  ],
  StorageClass: [
    {
      name: 'Name',
      type: 'string',
      format: 'name',
      cell: (o) =>
        `${o.metadata.name ?? ''}${o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ? ' (default)' : ''}`,
    },
    { name: 'Provisioner', type: 'string', cell: (o) => scalarText(o.provisioner, '') },
    { name: 'ReclaimPolicy', type: 'string', cell: (o) => scalarText(o.reclaimPolicy, 'Delete') },
    { name: 'VolumeBindingMode', type: 'string', cell: (o) => scalarText(o.volumeBindingMode, 'Immediate') },
    { name: 'AllowVolumeExpansion', type: 'string', cell: (o) => String(o.allowVolumeExpansion === true) },
    ageCol,
  ],
  EndpointSlice: [
    nameCol,
    { name: 'AddressType', type: 'string', cell: (o) => scalarText(o.addressType, '') },
    {
      name: 'Ports',
      type: 'string',
      cell: (o) =>
        ((o.ports as Array<{ port?: number }> | undefined) ?? []).map((p) => String(p.port)).join(',') || '<unset>',
    },
    {
      name: 'Endpoints',
      type: 'string',
      cell: (o) => {
        const a = ((o.endpoints as Array<{ addresses?: string[] }> | undefined) ?? []).flatMap(
          (e) => e.addresses ?? [],
        );
        return a.length === 0
          ? '<unset>'
          : a.length > 3
            ? `${a.slice(0, 3).join(',')} + ${a.length - 3} more...`
            : a.join(',');
      },
    },
    ageCol,
  ],
};

/** Whether the Accept header asks for a meta.k8s.io Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept.split(',')[0] ?? '');
}

function columnsFor(kind: string): Column[] {
  return COLUMNS[kind] ?? MORE_COLUMNS[kind] ?? [nameCol, ageCol];
}

function partialMeta(o: KubeObject): object {
  const meta = withoutFields(o.metadata, 'managedFields');
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta };
}

/** A meta.k8s.io/v1 Table for objects of one kind. */
export function toTable(
  kind: string,
  items: readonly KubeObject[],
  resourceVersion: string,
  includeObject: string | null,
  withColumns = true,
): object {
  const cols = columnsFor(kind);
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: withColumns
      ? cols.map((c) => ({
          name: c.name,
          type: c.type,
          format: c.format ?? '',
          description: c.description ?? c.name,
          priority: c.priority ?? 0,
        }))
      : [],
    rows: items.map((o) => ({
      cells: cols.map((c) => c.cell(o, now)),
      object: includeObject === 'None' ? undefined : includeObject === 'Object' ? o : partialMeta(o),
    })),
  };
}
