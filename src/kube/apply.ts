/**
 * Server-side apply of a release's objects, one at a time in the order given (callers pass
 * dependency order), with what happened to each: created, configured or unchanged.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../model/kube-object.js';
import { KubeApiError, type KubeClient, type KubeStatus } from './client.js';
import { omit, recs, text } from './fields.js';

/** The identity of an object in the cluster. */
export interface ObjectKey {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** The key of an object. */
export function objectKey(o: KubeObject): ObjectKey {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    name: o.metadata.name,
  };
}

/** `Deployment shop/web`, `Namespace shop`: how messages name an object. */
export function describeObject(k: ObjectKey): string {
  return `${k.kind} ${k.namespace ? `${k.namespace}/` : ''}${k.name}`;
}

/** The default field manager of every write this tool makes. */
export const FIELD_MANAGER = 'eks-fargate-deploy';

/** What applying one object did. */
type ApplyAction = 'created' | 'configured' | 'unchanged';

/** The outcome of applying one object. */
export interface ApplyResult {
  key: ObjectKey;
  action: ApplyAction;
  /** The object's resourceVersion after the apply (empty for a dry-run create). */
  resourceVersion: string;
  /** metadata.generation after the apply, when the server keeps one. */
  generation?: number;
}

/** Options of `applyObjects`. */
export interface ApplyOptions {
  fieldManager?: string;
  /** Take over fields owned by other managers (the `force-conflicts` input). */
  force?: boolean;
  /**
   * Sees each object's live state (undefined: absent) right before it is applied, from the read
   * the apply makes anyway; what it decides (e.g. who owns the object) may change `forceFor`.
   */
  onLive?: (obj: KubeObject, live: KubeObject | undefined) => void;
  /** Force only these objects (those taken over with `--adopt`: their fields become ours). */
  forceFor?: (key: ObjectKey) => boolean;
  /** Server-side dry run: the server validates and answers, nothing is stored. */
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Called after each object, in order, for progress lines. */
  onResult?: (result: ApplyResult) => void;
  /** Called right before each write is sent; throws to stop the apply (a deploy lock checks it still holds). */
  beforeWrite?: () => void;
}

/** An apply that stopped at one object; `applied` holds what had been applied before it. */
export class ApplyError extends Error {
  override name = 'ApplyError';
  constructor(
    message: string,
    readonly object: ObjectKey,
    readonly applied: readonly ApplyResult[],
    override readonly cause?: unknown,
  ) {
    super(message + appliedSuffix(applied));
  }
}

/** One field another manager owns. */
export interface FieldConflict {
  /** `Deployment shop/web`. */
  object: string;
  /** `.spec.replicas`. */
  field: string;
  /** The field manager that owns it, e.g. `kubectl-edit`. */
  manager: string;
}

/** A 409 from server-side apply: fields owned by other field managers. */
export class ApplyConflictError extends ApplyError {
  override name = 'ApplyConflictError';
  constructor(
    readonly conflicts: readonly FieldConflict[],
    object: ObjectKey,
    applied: readonly ApplyResult[],
    cause: KubeApiError,
  ) {
    const lines = conflicts.map((c) => `  ${c.field} is owned by field manager "${c.manager}"`);
    super(
      `apply of ${describeObject(object)} conflicts with other field managers:\n${lines.join('\n')}\n` +
        `Someone changed these fields outside this tool. Put the values in the manifests, or set the \`force-conflicts\` input to true to take the fields over.`,
      object,
      applied,
      cause,
    );
  }
}

/** A 422 from the API server: the object is invalid; `causes` are the server's. */
export class ApplyInvalidError extends ApplyError {
  override name = 'ApplyInvalidError';
  constructor(
    readonly causes: readonly { field?: string; message?: string }[],
    object: ObjectKey,
    applied: readonly ApplyResult[],
    cause: KubeApiError,
  ) {
    const lines =
      causes.length > 0
        ? causes.map((c) => `  ${c.field ?? '(object)'}: ${c.message ?? 'invalid'}`)
        : [`  ${cause.status?.message ?? cause.message}`];
    super(`the API server rejected ${describeObject(object)} as invalid:\n${lines.join('\n')}`, object, applied, cause);
  }
}

function appliedSuffix(applied: readonly ApplyResult[]): string {
  if (applied.length === 0) return '\nNothing was applied before it.';
  return `\nAlready applied before it: ${applied.map((r) => `${describeObject(r.key)} (${r.action})`).join(', ')}.`;
}

/** Parse the FieldManagerConflict causes of a 409 Status (`conflict with "kubectl-edit" using apps/v1`). */
function parseConflicts(status: KubeStatus | undefined, object: string): FieldConflict[] {
  const out: FieldConflict[] = [];
  for (const c of status?.details?.causes ?? []) {
    if (c.type !== undefined && c.type !== 'FieldManagerConflict') continue;
    const manager = /conflict with "([^"]*)"/.exec(c.message ?? '')?.[1] ?? c.message ?? 'unknown';
    out.push({ object, field: c.field ?? '(unknown field)', manager });
  }
  return out;
}

/** Fields the server owns; an apply configuration carrying them is rejected or misleading. */
const SERVER_FIELDS = [
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
];

function applyConfiguration(o: KubeObject): KubeObject {
  return { ...omit(o, ['status']), metadata: omit(o.metadata, SERVER_FIELDS) };
}

/**
 * True when the apply changed nothing we own. A dry-run answer keeps the live resourceVersion
 * whether or not anything would change, and a controller may write status between our read and
 * our apply, so content decides: everything but status and server bookkeeping, plus our own
 * managedFields entries without their timestamps (they move on every write).
 */
function sameContent(before: KubeObject, after: KubeObject, fieldManager: string): boolean {
  const strip = (o: KubeObject): unknown => {
    const ours = recs(o.metadata['managedFields'])
      .filter((m) => m['manager'] === fieldManager)
      .map((m) => omit(m, ['time']));
    return {
      ...omit(o, ['status', 'metadata']),
      metadata: omit(o.metadata, ['managedFields', 'resourceVersion', 'generation']),
      ours,
    };
  };
  return isDeepStrictEqual(strip(before), strip(after));
}

/**
 * Server-side apply each object in the order given and report what happened to it. The live
 * state is read first, once per kind and namespace (see {@link LiveObjects}): absent → `created`;
 * resourceVersion unchanged (or only status and other managers' bookkeeping moved in between) →
 * `unchanged`; otherwise `configured`.
 * Stops at the first failure: a 409 is an `ApplyConflictError` (field by field), a 422 an
 * `ApplyInvalidError` (the server's causes), anything else an `ApplyError`; each carries the
 * results of the objects applied before it.
 */
export async function applyObjects(
  client: KubeClient,
  objects: readonly KubeObject[],
  options: ApplyOptions = {},
): Promise<ApplyResult[]> {
  const fieldManager = options.fieldManager ?? FIELD_MANAGER;
  const results: ApplyResult[] = [];
  // In a dry run, Namespaces this apply would create do not exist, so the server would answer
  // 404 for everything inside them; such objects are reported as created without a request.
  const dryRunNewNamespaces = new Set<string>();
  const lives = new LiveObjects(client, objects);
  for (const obj of objects) {
    const key = objectKey(obj);
    let result: ApplyResult;
    try {
      if (options.signal?.aborted)
        throw new ApplyError(`apply cancelled before ${describeObject(key)}`, key, results, options.signal.reason);
      if (options.dryRun && key.namespace && dryRunNewNamespaces.has(key.namespace)) {
        result = { key, action: 'created', resourceVersion: '' };
      } else {
        const live = await lives.get(obj);
        options.onLive?.(obj, live);
        options.beforeWrite?.();
        const applied = await client.apply(applyConfiguration(obj), {
          fieldManager,
          ...(options.force || options.forceFor?.(key) ? { force: true } : {}),
          ...(options.dryRun ? { dryRun: true } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          // Again on the wire: each attempt of the PATCH (retries included), once its connection is up.
          ...(options.beforeWrite ? { beforeSend: options.beforeWrite } : {}),
        });
        const resourceVersion = text(applied.metadata['resourceVersion']);
        let action: ApplyAction;
        if (!live) action = 'created';
        else if (resourceVersion === live.metadata['resourceVersion'] && !options.dryRun) action = 'unchanged';
        else action = sameContent(live, applied, fieldManager) ? 'unchanged' : 'configured';
        const generation = applied.metadata['generation'];
        result = { key, action, resourceVersion, ...(typeof generation === 'number' ? { generation } : {}) };
        if (options.dryRun && !live && obj.kind === 'Namespace' && obj.apiVersion === 'v1')
          dryRunNewNamespaces.add(obj.metadata.name);
      }
    } catch (err) {
      throw toApplyError(err, key, results);
    }
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

/**
 * The live objects an apply compares against, read with one list per kind and namespace instead
 * of one GET per object: a deploy of 50 objects in 5 kinds costs 5 requests, not 50. A kind with
 * a single object in its namespace is read with a GET (as cheap, smaller, and it needs only the
 * `get` permission). A list the caller may not make (403) or the server cannot serve (404/405)
 * falls back to GETs for that kind. Each list is made when the apply reaches the first object of
 * its kind and namespace, so the snapshot is as fresh as the GET it replaces; applying one object
 * never changes another of the same kind, so the rest of the group is still read correctly.
 */
class LiveObjects {
  private readonly sizes = new Map<string, number>();
  private readonly lists = new Map<string, Promise<Map<string, KubeObject> | undefined>>();

  constructor(
    private readonly client: KubeClient,
    objects: readonly KubeObject[],
  ) {
    for (const o of objects) this.sizes.set(groupOf(o), (this.sizes.get(groupOf(o)) ?? 0) + 1);
  }

  async get(obj: KubeObject): Promise<KubeObject | undefined> {
    const { apiVersion, kind } = obj;
    const { namespace, name } = obj.metadata;
    const group = groupOf(obj);
    if ((this.sizes.get(group) ?? 0) < 2) return this.client.get(apiVersion, kind, namespace, name);
    let list = this.lists.get(group);
    if (!list) {
      list = this.list(apiVersion, kind, namespace);
      this.lists.set(group, list);
    }
    const byName = await list;
    if (!byName) return this.client.get(apiVersion, kind, namespace, name);
    return byName.get(name);
  }

  private async list(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
  ): Promise<Map<string, KubeObject> | undefined> {
    const info = await this.client.resourceFor(apiVersion, kind);
    try {
      const { items } = await this.client.list(
        apiVersion,
        kind,
        info.namespaced ? (namespace ?? 'default') : undefined,
      );
      // List items carry no apiVersion/kind; the apply answers do, and sameContent compares both.
      return new Map(items.map((i) => [i.metadata.name, { ...i, apiVersion, kind }]));
    } catch (err) {
      if (err instanceof KubeApiError && (err.code === 403 || err.code === 404 || err.code === 405)) return undefined;
      throw err;
    }
  }
}

function groupOf(o: KubeObject): string {
  return `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ''}`;
}

function toApplyError(err: unknown, key: ObjectKey, applied: readonly ApplyResult[]): Error {
  if (err instanceof ApplyError) return err;
  const done = [...applied];
  if (err instanceof KubeApiError) {
    if (err.code === 409 && err.status?.details?.causes?.length)
      return new ApplyConflictError(parseConflicts(err.status, describeObject(key)), key, done, err);
    if (err.code === 422) return new ApplyInvalidError(err.status?.details?.causes ?? [], key, done, err);
    return new ApplyError(`apply of ${describeObject(key)} failed: ${err.message}`, key, done, err);
  }
  if (err instanceof Error && err.name === 'AbortError')
    return new ApplyError(`apply cancelled before ${describeObject(key)}`, key, done, err);
  return new ApplyError(
    `apply of ${describeObject(key)} failed: ${err instanceof Error ? err.message : String(err)}`,
    key,
    done,
    err,
  );
}
