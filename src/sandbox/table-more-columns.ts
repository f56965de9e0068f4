/** Printer columns of the workload, storage and autoscaling kinds (`kubectl get statefulsets`, `pvc`, `hpa`…). */
import { scalarText } from './object.js';
import { ageCol, condTrue, get, humanDuration, modes, nameCol, num, orNone, type Column } from './table-cells.js';

/** Printer columns of the kinds served next to the deploy's core ones (workloads, storage, autoscaling). */
export const MORE_COLUMNS: Record<string, Column[]> = {
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
