/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), which is how
 * `kubectl get` gets its columns: per-kind columns like the API server's printers (pods READY /
 * STATUS / RESTARTS, deployments READY / UP-TO-DATE / AVAILABLE, ...), NAME + AGE otherwise.
 */
import { withoutFields, type KubeObject } from './object.js';
import { ageCol, nameCol, type Column } from './table-cells.js';
import { CORE_COLUMNS } from './table-core-columns.js';
import { MORE_COLUMNS } from './table-more-columns.js';

/** Whether the Accept header asks for a meta.k8s.io Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept.split(',')[0] ?? '');
}

function columnsFor(kind: string): Column[] {
  return CORE_COLUMNS[kind] ?? MORE_COLUMNS[kind] ?? [nameCol, ageCol];
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
