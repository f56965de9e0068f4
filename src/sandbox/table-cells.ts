/**
 * The cells of server-side printing: the column shape, kubectl's duration and pod STATUS wording,
 * and small readers the per-kind column tables share.
 */
import { scalarText, type KubeObject } from './object.js';

export interface Column {
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
export const nameCol: Column = { name: 'Name', type: 'string', format: 'name', cell: (o) => o.metadata.name ?? '' };
export const ageCol: Column = { name: 'Age', type: 'string', cell: age };

export type Rec = Record<string, unknown>;
export const get = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((cur, k) => (cur && typeof cur === 'object' ? (cur as Rec)[k] : undefined), o);
export const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export interface CStatus {
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

export function podRestarts(o: KubeObject, now: number): string {
  const cs = ((o.status as Rec | undefined)?.containerStatuses as CStatus[] | undefined) ?? [];
  const n = cs.reduce((s, c) => s + (c.restartCount ?? 0), 0);
  const last = cs
    .map((c) => c.lastState?.terminated?.finishedAt)
    .filter((x): x is string => !!x)
    .sort()
    .pop();
  return last && n > 0 ? `${n} (${humanDuration(now - Date.parse(last))} ago)` : String(n);
}

export const modes = (v: unknown): string =>
  ((v as string[] | undefined) ?? [])
    .map((m) => ({ ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' })[m] ?? m)
    .join(',');
export const condTrue = (o: KubeObject, type: string): boolean =>
  ((get(o, 'status', 'conditions') as Array<{ type: string; status: string }> | undefined) ?? []).some(
    (c) => c.type === type && c.status === 'True',
  );
export const orNone = (v: unknown): string => (v === undefined || v === null || v === '' ? '<none>' : scalarText(v));
