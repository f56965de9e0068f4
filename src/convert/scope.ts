import type { Finding, Severity } from '../findings.js';
import type { FieldMapping } from '../report/model.js';
import type { ConvertOptions } from './options.js';
import type { KubeObject } from '../model/kube-object.js';
import { FieldLedger } from './ledger.js';

/** A Kubernetes container being built (plain data). */
export type Container = Record<string, unknown> & { name: string };

/** Lists whose entries the parser requires fields of. */
const DENSE_LISTS: ReadonlySet<string> = new Set([
  'environment',
  'secrets',
  'portMappings',
  'mountPoints',
  'extraHosts',
  'dependsOn',
  'containerDefinitions',
]);

const MANAGED_LABEL = 'app.kubernetes.io/name';

/**
 * What every mapper of one workload shares: where findings, mapping rows and ledger entries go, the
 * workload's name and namespace, and whether a blocker has kept it out. Mappers are plain functions
 * of (scope, input) that return data; the scope only collects.
 */
export class WorkloadScope {
  readonly findings: Finding[] = [];
  readonly mappings: FieldMapping[] = [];
  readonly ledger: FieldLedger;
  /** True once a blocker that --drop-unsupported cannot remove was found. */
  blocked = false;

  constructor(
    readonly name: string,
    readonly family: string,
    readonly options: ConvertOptions,
    /** The task definition file. */
    readonly file: string,
  ) {
    this.ledger = new FieldLedger(name, file);
  }

  get namespace(): string {
    return this.options.namespace;
  }

  get labels(): Record<string, string> {
    return { [MANAGED_LABEL]: this.name };
  }

  meta(objName: string, namespaced = true): KubeObject['metadata'] {
    return namespaced
      ? { name: objName, namespace: this.namespace, labels: this.labels }
      : { name: objName, labels: this.labels };
  }

  /** A finding; its field (when given) is recorded in the ledger as named by this finding. */
  add(
    severity: Severity,
    code: string,
    message: string,
    field?: string,
    container?: string,
    file: string = this.file,
  ): void {
    const f: Finding = { severity, code, message, file, workload: this.name };
    if (container !== undefined) f.container = container;
    if (field !== undefined) {
      f.field = field;
      this.ledger.finding(field, code, file);
    }
    this.findings.push(f);
  }

  /** A Fargate blocker: with --drop-unsupported (and `droppable`) a warning, and true = the caller drops the field. */
  blocker(code: string, message: string, field: string, container?: string, droppable = true, file?: string): boolean {
    if (this.options.dropUnsupported && droppable) {
      this.add('warning', code, `${message} — removed (--drop-unsupported)`, field, container, file);
      return true;
    }
    this.blocked = true;
    this.add(
      'blocker',
      code,
      this.options.dropUnsupported ? `${message} (cannot be dropped)` : message,
      field,
      container,
      file,
    );
    return false;
  }

  /** A row of the report's mapping table (the ledger gets its own, precise entries). */
  row(ecs: string, kubernetes: string, note?: string): void {
    this.mappings.push(note ? { ecs, kubernetes, note } : { ecs, kubernetes });
  }

  /** An input field that went into an output object. */
  mapped(path: string, to: string, file?: string): void {
    this.ledger.mapped(path, to, file);
  }

  noMeaning(path: string, file?: string): void {
    this.ledger.noMeaning(path, file);
  }

  /** Empty lists and maps anywhere below `value` ask for nothing: recorded as having no meaning. */
  emptiesHaveNoMeaning(value: unknown, at: string, file?: string): void {
    // Paths are built only for what is recorded: this walks every input field of every container.
    const walk = (v: unknown, path: () => string, root: boolean, dense = false): void => {
      if (v === null || typeof v !== 'object') return;
      if (Array.isArray(v)) {
        if (v.length === 0) {
          if (!root) this.noMeaning(path(), file);
          return;
        }
        // Entries of these lists have required fields (the parser checks them): never empty.
        if (dense) return;
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          if (x !== null && typeof x === 'object') walk(x, () => `${path()}[${i}]`, false);
        }
        return;
      }
      const keys = Object.keys(v);
      for (const k of keys) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && typeof x === 'object')
          walk(x, root ? () => k : () => `${path()}.${k}`, false, DENSE_LISTS.has(k));
      }
      if (keys.length === 0 && !root) this.noMeaning(path(), file);
    };
    walk(value, () => at, at === '');
  }
}

export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
