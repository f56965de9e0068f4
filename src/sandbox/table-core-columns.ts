/** Printer columns of the kinds a deploy touches most (pods, deployments, services, nodes, events…), as the API server prints them. */
import { scalarText } from './object.js';
import {
  ageCol,
  get,
  humanDuration,
  nameCol,
  num,
  podRestarts,
  podStatusReason,
  type Column,
  type CStatus,
} from './table-cells.js';

export const CORE_COLUMNS: Record<string, Column[]> = {
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
