/**
 * Pod sizing and monthly cost of rendered manifests: the Fargate configuration each workload's
 * pods are provisioned at, and what its replicas cost. Pure: objects in, rows and markdown out.
 * A plan with manifests shows it whether or not a cluster is reachable.
 */
import { fargatePodSize, podResourcesFromSpec } from '../fargate/sizing.js';
import { DEFAULT_RATES, monthlyComputeUsd } from '../fargate/pricing.js';
import type { FargateRates } from '../fargate/pricing.js';
import { escapeTableCell as escapeCell } from './escape.js';

/** One workload's row. */
export interface ManifestSizingRow {
  kind: string;
  namespace?: string;
  name: string;
  replicas: number;
  /** `0.25vCPU 0.5GB`, as the CapacityProvisioned annotation will say; `-` when the spec cannot be sized. */
  capacityProvisioned: string;
  monthlyUsd: number;
  /** Why the pod cannot be sized or does not fit, if so. */
  problem?: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** Workload kinds and where their pod template is; replicas default to 1 (HPA minimum not considered). */
const TEMPLATES: Record<string, (o: Obj) => unknown> = {
  Deployment: (o) => obj(obj(o['spec'])['template'])['spec'],
  StatefulSet: (o) => obj(obj(o['spec'])['template'])['spec'],
  ReplicaSet: (o) => obj(obj(o['spec'])['template'])['spec'],
  Pod: (o) => o['spec'],
};

/** Size every workload of `objects` (other kinds are left out). */
export function sizeManifests(objects: readonly unknown[], rates: FargateRates = DEFAULT_RATES): ManifestSizingRow[] {
  const rows: ManifestSizingRow[] = [];
  for (const raw of objects) {
    const o = obj(raw);
    const kind = typeof o['kind'] === 'string' ? o['kind'] : '';
    const template = TEMPLATES[kind];
    if (!template) continue;
    const meta = obj(o['metadata']);
    const name = typeof meta['name'] === 'string' ? meta['name'] : '(unnamed)';
    const replicasRaw = kind === 'Pod' ? 1 : obj(o['spec'])['replicas'];
    const replicas =
      typeof replicasRaw === 'number' && Number.isInteger(replicasRaw) && replicasRaw >= 0 ? replicasRaw : 1;
    const row: ManifestSizingRow = {
      kind,
      name,
      replicas,
      capacityProvisioned: '-',
      monthlyUsd: 0,
      ...(typeof meta['namespace'] === 'string' ? { namespace: meta['namespace'] } : {}),
    };
    try {
      const size = fargatePodSize(podResourcesFromSpec(template(o)));
      row.capacityProvisioned = size.capacityProvisioned;
      row.monthlyUsd = monthlyComputeUsd(size, replicas, rates);
      if (!size.fits && size.reason) row.problem = size.reason;
    } catch (err) {
      row.problem = err instanceof Error ? err.message : String(err);
    }
    rows.push(row);
  }
  return rows;
}

/** The `### Pod sizing and cost` section; empty when there are no workloads. */
export function renderManifestSizing(rows: readonly ManifestSizingRow[]): string {
  if (rows.length === 0) return '';
  const total = Math.round(rows.reduce((s, r) => s + r.monthlyUsd, 0) * 100) / 100;
  const lines = [
    '### Pod sizing and cost (EKS Fargate)',
    '',
    '| workload | replicas | Fargate size | USD / month |',
    '|---|---:|---|---:|',
    ...rows.map(
      (r) =>
        `| ${escapeCell(`${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`)} | ${r.replicas} | ${escapeCell(r.problem ? `${r.capacityProvisioned} (${r.problem})` : r.capacityProvisioned)} | ${r.monthlyUsd.toFixed(2)} |`,
    ),
    `| **total** | ${rows.reduce((s, r) => s + r.replicas, 0)} | | **${total.toFixed(2)}** |`,
    '',
    'Compute only (vCPU and memory at the default us-east-1 rates, always on); the EKS control plane is billed per cluster.',
    '',
  ];
  return lines.join('\n');
}
