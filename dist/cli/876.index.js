export const id = 876;
export const ids = [876];
export const modules = {

/***/ 89501:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ap: () => (/* binding */ ApplyInvalidError),
/* harmony export */   T5: () => (/* binding */ objectKey),
/* harmony export */   b1: () => (/* binding */ ApplyConflictError),
/* harmony export */   d5: () => (/* binding */ ApplyError),
/* harmony export */   r3: () => (/* binding */ applyObjects),
/* harmony export */   v8: () => (/* binding */ describeObject),
/* harmony export */   vy: () => (/* binding */ FIELD_MANAGER)
/* harmony export */ });
/* unused harmony export parseConflicts */
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(31934);
/**
 * Server-side apply of a release's objects, one at a time in the order given (callers pass
 * dependency order), with what happened to each: created, configured or unchanged.
 */


/** The key of an object. */
function objectKey(o) {
    return {
        apiVersion: o.apiVersion,
        kind: o.kind,
        ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
        name: o.metadata.name,
    };
}
/** `Deployment shop/web`, `Namespace shop`: how messages name an object. */
function describeObject(k) {
    return `${k.kind} ${k.namespace ? `${k.namespace}/` : ''}${k.name}`;
}
/** The default field manager of every write this tool makes. */
const FIELD_MANAGER = 'eks-fargate-deploy';
/** An apply that stopped at one object; `applied` holds what had been applied before it. */
class ApplyError extends Error {
    object;
    applied;
    cause;
    name = 'ApplyError';
    constructor(message, object, applied, cause) {
        super(message + appliedSuffix(applied));
        this.object = object;
        this.applied = applied;
        this.cause = cause;
    }
}
/** A 409 from server-side apply: fields owned by other field managers. */
class ApplyConflictError extends ApplyError {
    conflicts;
    name = 'ApplyConflictError';
    constructor(conflicts, object, applied, cause) {
        const lines = conflicts.map((c) => `  ${c.field} is owned by field manager "${c.manager}"`);
        super(`apply of ${describeObject(object)} conflicts with other field managers:\n${lines.join('\n')}\n` +
            `Someone changed these fields outside this tool. Put the values in the manifests, or set the \`force-conflicts\` input to true to take the fields over.`, object, applied, cause);
        this.conflicts = conflicts;
    }
}
/** A 422 from the API server: the object is invalid; `causes` are the server's. */
class ApplyInvalidError extends ApplyError {
    causes;
    name = 'ApplyInvalidError';
    constructor(causes, object, applied, cause) {
        const lines = causes.length > 0
            ? causes.map((c) => `  ${c.field ?? '(object)'}: ${c.message ?? 'invalid'}`)
            : [`  ${cause.status?.message ?? cause.message}`];
        super(`the API server rejected ${describeObject(object)} as invalid:\n${lines.join('\n')}`, object, applied, cause);
        this.causes = causes;
    }
}
function appliedSuffix(applied) {
    if (applied.length === 0)
        return '\nNothing was applied before it.';
    return `\nAlready applied before it: ${applied.map((r) => `${describeObject(r.key)} (${r.action})`).join(', ')}.`;
}
/** Parse the FieldManagerConflict causes of a 409 Status (`conflict with "kubectl-edit" using apps/v1`). */
function parseConflicts(status, object) {
    const out = [];
    for (const c of status?.details?.causes ?? []) {
        if (c.type !== undefined && c.type !== 'FieldManagerConflict')
            continue;
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
function applyConfiguration(o) {
    const metadata = { ...o.metadata };
    for (const f of SERVER_FIELDS)
        delete metadata[f];
    const { status: _status, ...rest } = o;
    return { ...rest, metadata };
}
/**
 * True when the apply changed nothing we own. A dry-run answer keeps the live resourceVersion
 * whether or not anything would change, and a controller may write status between our read and
 * our apply, so content decides: everything but status and server bookkeeping, plus our own
 * managedFields entries without their timestamps (they move on every write).
 */
function sameContent(before, after, fieldManager) {
    const strip = (o) => {
        const { status: _status, metadata, ...rest } = o;
        const { managedFields, resourceVersion: _rv, generation: _gen, ...meta } = metadata;
        const ours = (managedFields ?? [])
            .filter((m) => m['manager'] === fieldManager)
            .map(({ time: _time, ...m }) => m);
        return { ...rest, metadata: meta, ours };
    };
    return (0,node_util__WEBPACK_IMPORTED_MODULE_0__.isDeepStrictEqual)(strip(before), strip(after));
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
async function applyObjects(client, objects, options = {}) {
    const fieldManager = options.fieldManager ?? FIELD_MANAGER;
    const results = [];
    // In a dry run, Namespaces this apply would create do not exist, so the server would answer
    // 404 for everything inside them; such objects are reported as created without a request.
    const dryRunNewNamespaces = new Set();
    const lives = new LiveObjects(client, objects);
    for (const obj of objects) {
        const key = objectKey(obj);
        let result;
        try {
            if (options.signal?.aborted)
                throw new ApplyError(`apply cancelled before ${describeObject(key)}`, key, results, options.signal.reason);
            if (options.dryRun && key.namespace && dryRunNewNamespaces.has(key.namespace)) {
                result = { key, action: 'created', resourceVersion: '' };
            }
            else {
                const live = await lives.get(obj);
                options.onLive?.(obj, live);
                options.beforeWrite?.();
                const applied = await client.apply(applyConfiguration(obj), {
                    fieldManager,
                    ...(options.force || options.forceFor?.(key) ? { force: true } : {}),
                    ...(options.dryRun ? { dryRun: true } : {}),
                    ...(options.signal ? { signal: options.signal } : {}),
                });
                const resourceVersion = String(applied.metadata['resourceVersion'] ?? '');
                let action;
                if (!live)
                    action = 'created';
                else if (resourceVersion === live.metadata['resourceVersion'] && !options.dryRun)
                    action = 'unchanged';
                else
                    action = sameContent(live, applied, fieldManager) ? 'unchanged' : 'configured';
                const generation = applied.metadata['generation'];
                result = { key, action, resourceVersion, ...(typeof generation === 'number' ? { generation } : {}) };
                if (options.dryRun && !live && obj.kind === 'Namespace' && obj.apiVersion === 'v1')
                    dryRunNewNamespaces.add(obj.metadata.name);
            }
        }
        catch (err) {
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
    client;
    sizes = new Map();
    lists = new Map();
    constructor(client, objects) {
        this.client = client;
        for (const o of objects)
            this.sizes.set(groupOf(o), (this.sizes.get(groupOf(o)) ?? 0) + 1);
    }
    async get(obj) {
        const { apiVersion, kind } = obj;
        const { namespace, name } = obj.metadata;
        const group = groupOf(obj);
        if ((this.sizes.get(group) ?? 0) < 2)
            return this.client.get(apiVersion, kind, namespace, name);
        let list = this.lists.get(group);
        if (!list) {
            list = this.list(apiVersion, kind, namespace);
            this.lists.set(group, list);
        }
        const byName = await list;
        if (!byName)
            return this.client.get(apiVersion, kind, namespace, name);
        return byName.get(name);
    }
    async list(apiVersion, kind, namespace) {
        const info = await this.client.resourceFor(apiVersion, kind);
        try {
            const { items } = await this.client.list(apiVersion, kind, info.namespaced ? (namespace ?? 'default') : undefined);
            // List items carry no apiVersion/kind; the apply answers do, and sameContent compares both.
            return new Map(items.map((i) => [i.metadata.name, { ...i, apiVersion, kind }]));
        }
        catch (err) {
            if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && (err.code === 403 || err.code === 404 || err.code === 405))
                return undefined;
            throw err;
        }
    }
}
function groupOf(o) {
    return `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ''}`;
}
function toApplyError(err, key, applied) {
    if (err instanceof ApplyError)
        return err;
    const done = [...applied];
    if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3) {
        if (err.code === 409 && err.status?.details?.causes?.length)
            return new ApplyConflictError(parseConflicts(err.status, describeObject(key)), key, done, err);
        if (err.code === 422)
            return new ApplyInvalidError(err.status?.details?.causes ?? [], key, done, err);
        return new ApplyError(`apply of ${describeObject(key)} failed: ${err.message}`, key, done, err);
    }
    if (err instanceof Error && err.name === 'AbortError')
        return new ApplyError(`apply cancelled before ${describeObject(key)}`, key, done, err);
    return new ApplyError(`apply of ${describeObject(key)} failed: ${err instanceof Error ? err.message : String(err)}`, key, done, err);
}


/***/ }),

/***/ 74876:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A1: () => (/* binding */ LABEL_STATUS),
/* harmony export */   P2: () => (/* binding */ LABEL_RELEASE),
/* harmony export */   Qh: () => (/* binding */ LABEL_RELEASE_VERSION),
/* harmony export */   S1: () => (/* binding */ ReleaseRecordFencedError),
/* harmony export */   T: () => (/* binding */ ReleaseStore),
/* harmony export */   Uj: () => (/* binding */ RELEASE_SECRET_TYPE),
/* harmony export */   dq: () => (/* binding */ LABEL_MANAGED_BY)
/* harmony export */ });
/* unused harmony exports MAX_RECORD_BYTES, RELEASE_STATUSES, ReleaseRecordError, encodeRecord, decodeRecord */
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(89501);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(31934);
/**
 * Release records, Helm style: one Secret per deploy of a release, holding the objects as applied
 * (gzip + base64, so Secrets among them stay as protected as any Secret), the images, commit, run
 * URL and status. Labels carry number and status so listing never has to decode a record.
 */




/** The Secret type of a release record. */
const RELEASE_SECRET_TYPE = 'eks-fargate-deploy.io/release.v1';
/** On every object and record this tool writes. */
const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** The release an object or record belongs to (render puts it on every object too). */
const LABEL_RELEASE = 'eks-fargate-deploy/release';
/** A record's number, so listing needs no decoding. */
const LABEL_RELEASE_VERSION = 'eks-fargate-deploy/release-version';
/** A record's status, so listing needs no decoding. */
const LABEL_STATUS = 'eks-fargate-deploy/status';
/**
 * The API server refuses a Secret whose data adds up to more than 1 MiB
 * (`Too long: must have at most 1048576 bytes`).
 */
const MAX_RECORD_BYTES = 1024 * 1024;
/** Every status a record can have (Helm's, plus `rolling-back` while a rollback runs). */
const RELEASE_STATUSES = ['pending', 'deployed', 'superseded', 'failed', 'rolled-back', 'rolling-back'];
/** Statuses that end a deploy or a rollback: `finishedAt` is set when a record reaches one. */
const FINAL = new Set(['deployed', 'failed', 'rolled-back']);
/** A record write refused because a newer lock holder wrote the record (or the lock was lost). */
class ReleaseRecordFencedError extends Error {
    name = 'ReleaseRecordFencedError';
}
/** A record that cannot be stored or read back. */
class ReleaseRecordError extends Error {
    name = 'ReleaseRecordError';
}
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CREATE_ATTEMPTS = 20;
const UPDATE_ATTEMPTS = 5;
/** Encode a record as the Secret's `release` data value: base64(gzip(JSON)). */
function encodeRecord(record) {
    const gz = (0,node_zlib__WEBPACK_IMPORTED_MODULE_0__.gzipSync)(Buffer.from(JSON.stringify(record), 'utf8'));
    return { value: gz.toString('base64'), bytes: gz.length };
}
/** Decode a Secret's `release` value; `where` names the Secret in errors. */
function decodeRecord(value, where) {
    if (!value)
        throw new ReleaseRecordError(`${where}: the release record Secret has no data.release`);
    let parsed;
    try {
        parsed = JSON.parse((0,node_zlib__WEBPACK_IMPORTED_MODULE_0__.gunzipSync)(Buffer.from(value, 'base64')).toString('utf8'));
    }
    catch (err) {
        throw new ReleaseRecordError(`${where}: data.release is not base64(gzip(JSON)): ${err instanceof Error ? err.message : String(err)}`);
    }
    const r = parsed;
    if (!r || typeof r !== 'object' || r.schema !== 1) {
        throw new ReleaseRecordError(`${where}: unsupported release record schema ${JSON.stringify(r && typeof r === 'object' ? r.schema : r)} (this version reads schema 1)`);
    }
    if (typeof r.number !== 'number' ||
        !Array.isArray(r.objects) ||
        !RELEASE_STATUSES.includes(r.status)) {
        throw new ReleaseRecordError(`${where}: the release record lacks number, status or objects`);
    }
    return { ...r, notes: r.notes ?? [], images: r.images ?? [] };
}
/**
 * The release records of one release in one namespace. Numbers start at 1 and grow by one per
 * deploy; two writers never get the same number (creating the Secret is the reservation).
 */
class ReleaseStore {
    client;
    namespace;
    release;
    historyLimit;
    fence;
    guard;
    constructor(client, namespace, release, options = {}) {
        this.client = client;
        this.namespace = namespace;
        this.release = release;
        if (!DNS1123_LABEL.test(release) || release.length > 53) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${JSON.stringify(release)} is not a valid release name (lower-case letters, digits and "-", at most 53)`, undefined, 'release');
        }
        this.historyLimit = options.historyLimit ?? 10;
        this.fence = options.fence;
        this.guard = options.guard ?? (async () => undefined);
        if (!Number.isInteger(this.historyLimit) || this.historyLimit < 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`history limit must be a whole number ≥ 0, got ${this.historyLimit}`, undefined, 'history-limit');
    }
    /** The Secret name of record `n`. */
    secretName(n) {
        return `eks-fargate-deploy.${this.release}.v${n}`;
    }
    /** All records of the release, oldest first, read from labels (records are decoded lazily). */
    async list() {
        const { items } = await this.client.list('v1', 'Secret', this.namespace, {
            labelSelector: `${LABEL_MANAGED_BY}=${_apply_js__WEBPACK_IMPORTED_MODULE_2__/* .FIELD_MANAGER */ .vy},${LABEL_RELEASE}=${this.release}`,
        });
        const entries = [];
        for (const s of items) {
            if (s.type !== RELEASE_SECRET_TYPE)
                continue;
            const labels = s.metadata.labels ?? {};
            const number = Number(labels[LABEL_RELEASE_VERSION] ?? /\.v(\d+)$/.exec(s.metadata.name)?.[1]);
            if (!Number.isInteger(number) || number < 1)
                continue;
            const status = RELEASE_STATUSES.includes(labels[LABEL_STATUS])
                ? labels[LABEL_STATUS]
                : undefined;
            let decoded;
            const record = () => (decoded ??= decodeRecord(s.data?.['release'], this.where(s.metadata.name)));
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
    async get(n) {
        const secret = await this.client.get('v1', 'Secret', this.namespace, this.secretName(n));
        if (!secret || secret.type !== RELEASE_SECRET_TYPE)
            return undefined;
        return decodeRecord(secret.data?.['release'], this.where(secret.metadata.name));
    }
    /** The newest record, whatever its status. */
    async latest() {
        return (await this.list()).at(-1)?.record();
    }
    /** The newest record with status `deployed`: what a rollback goes back to. */
    async lastDeployed() {
        return (await this.list())
            .filter((e) => e.status === 'deployed')
            .at(-1)
            ?.record();
    }
    /**
     * Store a new record with the next number (status `pending` unless given), then trim the
     * history. Refuses a record too big for a Secret with an error naming the biggest objects.
     */
    async create(input) {
        const entries = await this.list();
        let number = (entries.at(-1)?.number ?? 0) + 1;
        for (let attempt = 1;; attempt++) {
            const record = {
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
                    query: { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_2__/* .FIELD_MANAGER */ .vy },
                });
            }
            catch (err) {
                // Another deploy took this number between our list and our create: take the next one.
                if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_3__/* .KubeApiError */ .W3 && err.code === 409 && attempt < CREATE_ATTEMPTS) {
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
    async setStatus(n, status, notes = []) {
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
    async enforceHistoryLimit() {
        if (this.historyLimit === 0)
            return [];
        const entries = await this.list();
        const lastDeployed = entries.filter((e) => e.status === 'deployed').at(-1)?.number;
        // Only records older than the newest `historyLimit` are candidates, so the record just
        // created is never among them, and the last deployed one stays (a rollback needs it).
        const deleted = [];
        for (const e of entries.slice(0, Math.max(0, entries.length - this.historyLimit))) {
            if (e.number === lastDeployed)
                continue;
            await this.guard();
            await this.client.delete('v1', 'Secret', this.namespace, e.secretName);
            deleted.push(e.number);
        }
        return deleted;
    }
    where(secretName) {
        return `Secret ${this.namespace}/${secretName}`;
    }
    secretFor(record, base) {
        const { value, bytes } = encodeRecord(record);
        if (bytes > MAX_RECORD_BYTES)
            throw tooLarge(record, bytes);
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
                    [LABEL_MANAGED_BY]: _apply_js__WEBPACK_IMPORTED_MODULE_2__/* .FIELD_MANAGER */ .vy,
                    [LABEL_RELEASE]: this.release,
                    [LABEL_RELEASE_VERSION]: String(record.number),
                    [LABEL_STATUS]: record.status,
                },
            },
            data: { release: value },
        };
    }
    /** Read-modify-write of record `n`, retried when someone else wrote it in between. */
    async update(n, change) {
        const name = this.secretName(n);
        for (let attempt = 1;; attempt++) {
            const secret = await this.client.get('v1', 'Secret', this.namespace, name);
            if (!secret || secret.type !== RELEASE_SECRET_TYPE)
                throw new ReleaseRecordError(`release ${this.release} has no record number ${n} in namespace ${this.namespace} (no Secret ${name})`);
            const stored = decodeRecord(secret.data?.['release'], this.where(name));
            if (this.fence && stored.fence && newerFence(stored.fence, this.fence)) {
                throw new ReleaseRecordFencedError(`release ${this.release} v${n} was written by ${stored.fence.holder} under lock generation ${stored.fence.generation}, newer than ours (${this.fence.generation}): not overwriting it`);
            }
            const next = { ...change(stored), ...(this.fence ? { fence: this.fence } : {}) };
            await this.guard();
            try {
                // The body keeps the read resourceVersion: a concurrent write makes this a 409, not a lost update.
                await this.client.request('PUT', `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/secrets/${encodeURIComponent(name)}`, {
                    body: this.secretFor(next, secret),
                    query: { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_2__/* .FIELD_MANAGER */ .vy },
                });
                return next;
            }
            catch (err) {
                if (!(err instanceof _client_js__WEBPACK_IMPORTED_MODULE_3__/* .KubeApiError */ .W3 && err.code === 409) || attempt >= UPDATE_ATTEMPTS)
                    throw err;
            }
        }
    }
}
/** Whether `stored` was written under a newer lock than `ours` (the same generation by another holder counts as newer). */
function newerFence(stored, ours) {
    return (stored.generation > ours.generation || (stored.generation === ours.generation && stored.holder !== ours.holder));
}
function tooLarge(record, bytes) {
    const sizes = record.objects
        .map((o) => ({ name: (0,_apply_js__WEBPACK_IMPORTED_MODULE_2__/* .describeObject */ .v8)((0,_apply_js__WEBPACK_IMPORTED_MODULE_2__/* .objectKey */ .T5)(o)), size: JSON.stringify(o).length }))
        .sort((a, b) => b.size - a.size)
        .slice(0, 3)
        .map((s) => `${s.name} (${Math.ceil(s.size / 1024)} KiB)`);
    return new ReleaseRecordError(`release ${record.release} v${record.number} cannot be recorded: its ${record.objects.length} objects compress to ${bytes} bytes, ` +
        `more than a Secret holds (${MAX_RECORD_BYTES} bytes). Largest objects: ${sizes.join(', ')}. ` +
        `Move large data out of the manifests (e.g. into an image or External Secrets).`);
}


/***/ })

};
