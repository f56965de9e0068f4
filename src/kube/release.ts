/**
 * Release records, Helm style: one Secret per deploy of a release, holding the objects as applied
 * (gzip + base64, so Secrets among them stay as protected as any Secret), the images, commit, run
 * URL and status. Labels carry number and status so listing never has to decode a record.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { UserInputError } from '../errors.js';
import type { KubeObject } from '../model/kube-object.js';
import { LABEL_RELEASE_VERSION, LABEL_STATUS, RELEASE_SECRET_TYPE } from '../model/bookkeeping.js';
import type { ImageOverride } from '../manifests/images.js';
import { describeObject, FIELD_MANAGER, objectKey } from './apply.js';
import { KubeApiError, type KubeClient } from './client.js';

/** On every object and record this tool writes. */
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** The release an object or record belongs to (render puts it on every object too). */
export const LABEL_RELEASE = 'eks-fargate-deploy/release';

/**
 * The API server refuses a Secret whose data adds up to more than 1 MiB
 * (`Too long: must have at most 1048576 bytes`).
 */
const MAX_RECORD_BYTES = 1024 * 1024;

/** Every status a record can have (Helm's, plus `rolling-back` while a rollback runs). */
const RELEASE_STATUSES = ['pending', 'deployed', 'superseded', 'failed', 'rolled-back', 'rolling-back'] as const;
/** Where a release is in its life. */
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/** Statuses that end a deploy or a rollback: `finishedAt` is set when a record reaches one. */
const FINAL: ReadonlySet<ReleaseStatus> = new Set(['deployed', 'failed', 'rolled-back']);

/** One deploy of a release, as stored. */
export interface ReleaseRecord {
  schema: 1;
  release: string;
  number: number;
  status: ReleaseStatus;
  /** The objects as applied (Secrets included: they never leave this Secret and are never logged). */
  objects: KubeObject[];
  images: ImageOverride[];
  commit?: string;
  runUrl?: string;
  startedAt: string;
  finishedAt?: string;
  /**
   * Objects this release (or an earlier one it carries them from) took over with `--adopt`, as
   * they were before: a rollback puts them back exactly so instead of deleting them.
   */
  adopted?: KubeObject[];
  /** For a rollback: the release number it rolled back from. */
  rolledBackFrom?: number;
  /** The deploy lock (holder + generation) under which the record was last written: see `RecordFence`. */
  fence?: RecordFence;
  notes: string[];
}

/**
 * The lock a record write is made under: the holder identity and the Lease's generation
 * (`leaseTransitions` when it was taken). A record last written under a newer generation is not
 * overwritten by an older holder.
 */
export interface RecordFence {
  holder: string;
  generation: number;
}

/** A record write refused because a newer lock holder wrote the record (or the lock was lost). */
export class ReleaseRecordFencedError extends Error {
  override readonly name = 'ReleaseRecordFencedError';
}

/** What `create` needs: the store fills in schema, release and number. */
export type NewReleaseRecord = Omit<
  ReleaseRecord,
  'schema' | 'release' | 'number' | 'notes' | 'startedAt' | 'status'
> & {
  status?: ReleaseStatus;
  notes?: string[];
  startedAt?: string;
};

/** A listed release: number and status from labels; the record is decoded only when asked for. */
export interface ReleaseEntry {
  number: number;
  status: ReleaseStatus;
  /** The Secret's name. */
  secretName: string;
  createdAt?: string;
  /** Decode the record (gunzip + JSON), once. */
  record(): ReleaseRecord;
}

/** A record that cannot be stored or read back. */
export class ReleaseRecordError extends Error {
  override readonly name = 'ReleaseRecordError';
}

/** Options of `ReleaseStore`. */
export interface ReleaseStoreOptions {
  /** Records to keep (the last deployed one is always kept on top); 0 keeps all. Default 10. */
  historyLimit?: number;
  /** The lock this store writes under: stored in every record it writes, checked before each update. */
  fence?: RecordFence;
  /** Called right before every write (create, update, delete); throws to stop it (the lock was lost). */
  guard?: () => Promise<void>;
}

interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CREATE_ATTEMPTS = 20;
const UPDATE_ATTEMPTS = 5;

/** Encode a record as the Secret's `release` data value: base64(gzip(JSON)). */
function encodeRecord(record: ReleaseRecord): { value: string; bytes: number } {
  const gz = gzipSync(Buffer.from(JSON.stringify(record), 'utf8'));
  return { value: gz.toString('base64'), bytes: gz.length };
}

/** Decode a Secret's `release` value; `where` names the Secret in errors. */
function decodeRecord(value: string | undefined, where: string): ReleaseRecord {
  if (!value) throw new ReleaseRecordError(`${where}: the release record Secret has no data.release`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(gunzipSync(Buffer.from(value, 'base64')).toString('utf8'));
  } catch (err) {
    throw new ReleaseRecordError(
      `${where}: data.release is not base64(gzip(JSON)): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const r = parsed as Partial<ReleaseRecord> | null;
  if (!r || typeof r !== 'object' || r.schema !== 1) {
    throw new ReleaseRecordError(
      `${where}: unsupported release record schema ${JSON.stringify(r && typeof r === 'object' ? r.schema : r)} (this version reads schema 1)`,
    );
  }
  if (
    typeof r.number !== 'number' ||
    !Array.isArray(r.objects) ||
    !RELEASE_STATUSES.includes(r.status as ReleaseStatus)
  ) {
    throw new ReleaseRecordError(`${where}: the release record lacks number, status or objects`);
  }
  return { ...r, notes: r.notes ?? [], images: r.images ?? [] } as ReleaseRecord;
}

/**
 * The release records of one release in one namespace. Numbers start at 1 and grow by one per
 * deploy; two writers never get the same number (creating the Secret is the reservation).
 */
export class ReleaseStore {
  readonly historyLimit: number;
  private readonly fence: RecordFence | undefined;
  private readonly guard: () => Promise<void>;

  constructor(
    private readonly client: KubeClient,
    readonly namespace: string,
    readonly release: string,
    options: ReleaseStoreOptions = {},
  ) {
    if (!DNS1123_LABEL.test(release) || release.length > 53) {
      throw new UserInputError(
        `${JSON.stringify(release)} is not a valid release name (lower-case letters, digits and "-", at most 53)`,
        undefined,
        'release',
      );
    }
    this.historyLimit = options.historyLimit ?? 10;
    this.fence = options.fence;
    this.guard = options.guard ?? ((): Promise<void> => Promise.resolve());
    if (!Number.isInteger(this.historyLimit) || this.historyLimit < 0)
      throw new UserInputError(
        `history limit must be a whole number ≥ 0, got ${this.historyLimit}`,
        undefined,
        'history-limit',
      );
  }

  /** The Secret name of record `n`. */
  secretName(n: number): string {
    return `eks-fargate-deploy.${this.release}.v${n}`;
  }

  /** All records of the release, oldest first, read from labels (records are decoded lazily). */
  async list(): Promise<ReleaseEntry[]> {
    const { items } = await this.client.list<SecretObject>('v1', 'Secret', this.namespace, {
      labelSelector: `${LABEL_MANAGED_BY}=${FIELD_MANAGER},${LABEL_RELEASE}=${this.release}`,
    });
    const entries: ReleaseEntry[] = [];
    for (const s of items) {
      if (s.type !== RELEASE_SECRET_TYPE) continue;
      const labels = s.metadata.labels ?? {};
      const number = Number(labels[LABEL_RELEASE_VERSION] ?? /\.v(\d+)$/.exec(s.metadata.name)?.[1]);
      if (!Number.isInteger(number) || number < 1) continue;
      const status = RELEASE_STATUSES.includes(labels[LABEL_STATUS] as ReleaseStatus)
        ? (labels[LABEL_STATUS] as ReleaseStatus)
        : undefined;
      let decoded: ReleaseRecord | undefined;
      const record = (): ReleaseRecord => (decoded ??= decodeRecord(s.data?.['release'], this.where(s.metadata.name)));
      entries.push({
        number,
        // A label edited by hand is not trusted; the record knows.
        status: status ?? record().status,
        secretName: s.metadata.name,
        ...(typeof s.metadata['creationTimestamp'] === 'string' ? { createdAt: s.metadata['creationTimestamp'] } : {}),
        record,
      });
    }
    return entries.sort((a, b) => a.number - b.number);
  }

  /** Record `n`, or undefined when there is none. */
  async get(n: number): Promise<ReleaseRecord | undefined> {
    const secret = await this.client.get<SecretObject>('v1', 'Secret', this.namespace, this.secretName(n));
    if (!secret || secret.type !== RELEASE_SECRET_TYPE) return undefined;
    return decodeRecord(secret.data?.['release'], this.where(secret.metadata.name));
  }

  /** The newest record, whatever its status. */
  async latest(): Promise<ReleaseRecord | undefined> {
    return (await this.list()).at(-1)?.record();
  }

  /** The newest record with status `deployed`: what a rollback goes back to. */
  async lastDeployed(): Promise<ReleaseRecord | undefined> {
    return (await this.list())
      .filter((e) => e.status === 'deployed')
      .at(-1)
      ?.record();
  }

  /**
   * Store a new record with the next number (status `pending` unless given), then trim the
   * history. Refuses a record too big for a Secret with an error naming the biggest objects.
   */
  async create(input: NewReleaseRecord): Promise<ReleaseRecord> {
    const entries = await this.list();
    let number = (entries.at(-1)?.number ?? 0) + 1;
    for (let attempt = 1; ; attempt++) {
      const record: ReleaseRecord = {
        ...input,
        schema: 1,
        release: this.release,
        number,
        status: input.status ?? 'pending',
        startedAt: input.startedAt ?? new Date().toISOString(),
        notes: input.notes ?? [],
        ...(this.fence ? { fence: this.fence } : {}),
      };
      const secret = this.secretFor(record);
      await this.guard();
      try {
        await this.client.request('POST', `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/secrets`, {
          body: secret,
          query: { fieldManager: FIELD_MANAGER },
        });
      } catch (err) {
        // Another deploy took this number between our list and our create: take the next one.
        if (err instanceof KubeApiError && err.code === 409 && attempt < CREATE_ATTEMPTS) {
          number++;
          continue;
        }
        throw err;
      }
      await this.enforceHistoryLimit();
      return record;
    }
  }

  /**
   * Set the status of record `n` (label and record), appending `notes`. A final status sets
   * `finishedAt`. Marking a record `deployed` marks every other deployed record `superseded`.
   */
  async setStatus(n: number, status: ReleaseStatus, notes: readonly string[] = []): Promise<ReleaseRecord> {
    const updated = await this.update(n, (r) => ({
      ...r,
      status,
      notes: [...r.notes, ...notes],
      ...(FINAL.has(status) && !r.finishedAt ? { finishedAt: new Date().toISOString() } : {}),
    }));
    if (status === 'deployed') {
      for (const e of await this.list()) {
        if (e.number !== n && e.status === 'deployed')
          await this.update(e.number, (r) => ({ ...r, status: 'superseded' }));
      }
    }
    return updated;
  }

  /**
   * Delete the oldest records beyond the history limit, never the last deployed one.
   * Returns the numbers deleted.
   */
  async enforceHistoryLimit(): Promise<number[]> {
    if (this.historyLimit === 0) return [];
    const entries = await this.list();
    const lastDeployed = entries.filter((e) => e.status === 'deployed').at(-1)?.number;
    // Only records older than the newest `historyLimit` are candidates, so the record just
    // created is never among them, and the last deployed one stays (a rollback needs it).
    const deleted: number[] = [];
    for (const e of entries.slice(0, Math.max(0, entries.length - this.historyLimit))) {
      if (e.number === lastDeployed) continue;
      await this.guard();
      await this.client.delete('v1', 'Secret', this.namespace, e.secretName);
      deleted.push(e.number);
    }
    return deleted;
  }

  private where(secretName: string): string {
    return `Secret ${this.namespace}/${secretName}`;
  }

  private secretFor(record: ReleaseRecord, base?: SecretObject): SecretObject {
    const { value, bytes } = encodeRecord(record);
    if (bytes > MAX_RECORD_BYTES) throw tooLarge(record, bytes);
    return {
      ...(base ?? {}),
      apiVersion: 'v1',
      kind: 'Secret',
      type: RELEASE_SECRET_TYPE,
      metadata: {
        ...(base?.metadata ?? {}),
        name: this.secretName(record.number),
        namespace: this.namespace,
        labels: {
          ...(base?.metadata.labels ?? {}),
          [LABEL_MANAGED_BY]: FIELD_MANAGER,
          [LABEL_RELEASE]: this.release,
          [LABEL_RELEASE_VERSION]: String(record.number),
          [LABEL_STATUS]: record.status,
        },
      },
      data: { release: value },
    };
  }

  /** Read-modify-write of record `n`, retried when someone else wrote it in between. */
  private async update(n: number, change: (r: ReleaseRecord) => ReleaseRecord): Promise<ReleaseRecord> {
    const name = this.secretName(n);
    for (let attempt = 1; ; attempt++) {
      const secret = await this.client.get<SecretObject>('v1', 'Secret', this.namespace, name);
      if (!secret || secret.type !== RELEASE_SECRET_TYPE)
        throw new ReleaseRecordError(
          `release ${this.release} has no record number ${n} in namespace ${this.namespace} (no Secret ${name})`,
        );
      const stored = decodeRecord(secret.data?.['release'], this.where(name));
      if (this.fence && stored.fence && newerFence(stored.fence, this.fence)) {
        throw new ReleaseRecordFencedError(
          `release ${this.release} v${n} was written by ${stored.fence.holder} under lock generation ${stored.fence.generation}, newer than ours (${this.fence.generation}): not overwriting it`,
        );
      }
      const next: ReleaseRecord = { ...change(stored), ...(this.fence ? { fence: this.fence } : {}) };
      await this.guard();
      try {
        // The body keeps the read resourceVersion: a concurrent write makes this a 409, not a lost update.
        await this.client.request(
          'PUT',
          `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/secrets/${encodeURIComponent(name)}`,
          {
            body: this.secretFor(next, secret),
            query: { fieldManager: FIELD_MANAGER },
          },
        );
        return next;
      } catch (err) {
        if (!(err instanceof KubeApiError && err.code === 409) || attempt >= UPDATE_ATTEMPTS) throw err;
      }
    }
  }
}

/** Whether `stored` was written under a newer lock than `ours` (the same generation by another holder counts as newer). */
function newerFence(stored: RecordFence, ours: RecordFence): boolean {
  return (
    stored.generation > ours.generation || (stored.generation === ours.generation && stored.holder !== ours.holder)
  );
}

function tooLarge(record: ReleaseRecord, bytes: number): ReleaseRecordError {
  const sizes = record.objects
    .map((o) => ({ name: describeObject(objectKey(o)), size: JSON.stringify(o).length }))
    .sort((a, b) => b.size - a.size)
    .slice(0, 3)
    .map((s) => `${s.name} (${Math.ceil(s.size / 1024)} KiB)`);
  return new ReleaseRecordError(
    `release ${record.release} v${record.number} cannot be recorded: its ${record.objects.length} objects compress to ${bytes} bytes, ` +
      `more than a Secret holds (${MAX_RECORD_BYTES} bytes). Largest objects: ${sizes.join(', ')}. ` +
      `Move large data out of the manifests (e.g. into an image or External Secrets).`,
  );
}
