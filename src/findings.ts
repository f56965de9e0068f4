/** Severity of a planner or lint finding. A blocker stops a deploy; a warning changes meaning; info explains. */
export const Severity = {
  Blocker: 'blocker',
  Warning: 'warning',
  Info: 'info',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

/** One thing the planner or the Fargate lint noticed, located as precisely as the source allows. */
export interface Finding {
  severity: Severity;
  /** Stable machine-readable code, e.g. `privileged`, `host-port-dropped`. */
  code: string;
  message: string;
  /** The source file the finding comes from (task definition, service, manifest). */
  file?: string;
  /** The ECS task family / Kubernetes workload it concerns. */
  workload?: string;
  container?: string;
  /** JSON-path-like location in the source, e.g. `containerDefinitions[0].privileged`. */
  field?: string;
}

/** Sort findings deterministically: blockers first, then by file, workload, container, field, code. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank: Record<Severity, number> = { blocker: 0, warning: 1, info: 2 };
  const key = (f: Finding): string =>
    [f.file ?? '', f.workload ?? '', f.container ?? '', f.field ?? '', f.code].join('\u0000');
  return [...findings].sort((a, b) => rank[a.severity] - rank[b.severity] || cmp(key(a), key(b)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
