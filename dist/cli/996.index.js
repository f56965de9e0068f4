export const id = 996;
export const ids = [996];
export const modules = {

/***/ 8615:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  e: () => (/* binding */ DeployExit),
  runDeploy: () => (/* binding */ runDeploy)
});

// UNUSED EXPORTS: rollBack

// EXTERNAL MODULE: ./src/kube/apply.ts
var apply = __webpack_require__(9501);
// EXTERNAL MODULE: ./src/kube/lock.ts
var lock = __webpack_require__(5766);
// EXTERNAL MODULE: ./src/kube/prune.ts
var prune = __webpack_require__(1337);
// EXTERNAL MODULE: ./src/kube/release.ts
var release = __webpack_require__(2495);
// EXTERNAL MODULE: ./src/kube/rollback.ts
var rollback = __webpack_require__(8557);
// EXTERNAL MODULE: ./src/commands/connect.ts
var connect = __webpack_require__(2456);
// EXTERNAL MODULE: ./src/fargate/profiles.ts
var profiles = __webpack_require__(2110);
// EXTERNAL MODULE: ./src/kube/client.ts
var kube_client = __webpack_require__(1934);
;// CONCATENATED MODULE: ./src/commands/preflight.ts



const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet']);
/** The pod template labels of a workload object, or undefined for other kinds. */
function podTemplateLabels(obj) {
    if (obj.kind === 'Pod')
        return obj.metadata.labels ?? {};
    if (obj.kind === 'CronJob') {
        const spec = obj['spec'];
        return spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
    }
    if (!POD_TEMPLATE_KINDS.has(obj.kind))
        return undefined;
    const spec = obj['spec'];
    return spec?.template?.metadata?.labels ?? {};
}
/**
 * Everything checked against the cluster before anything is written: reachable, every kind
 * served, IngressClass `alb` present when an Ingress needs it, every workload's pods covered by a
 * Fargate profile, and a server-side dry-run apply of every object (schemas, admission, conflicts
 * and permissions, as the real apply will meet them). Returns blockers and infos; writes nothing.
 */
async function preflight(conn, objects, opts) {
    const findings = [];
    const blocker = (code, message, workload) => {
        findings.push({ severity: 'blocker', code, message, ...(workload ? { workload } : {}) });
    };
    const { client } = conn;
    try {
        await client.request('GET', '/version', { ...(opts.signal ? { signal: opts.signal } : {}) });
    }
    catch (err) {
        blocker('cluster-unreachable', `cannot reach the cluster (${conn.describe}): ${err instanceof Error ? err.message : String(err)}`);
        return findings;
    }
    const served = new Set();
    for (const o of objects) {
        const key = `${o.apiVersion}/${o.kind}`;
        if (served.has(key))
            continue;
        try {
            await client.resourceFor(o.apiVersion, o.kind);
            served.add(key);
        }
        catch (err) {
            if (err instanceof kube_client/* KubeApiError */.W3 && err.code === 404) {
                blocker('kind-not-served', `${(0,apply/* describeObject */.v8)((0,apply/* objectKey */.T5)(o))}: the cluster does not serve ${o.kind} in ${o.apiVersion} (install its CRD / controller first)`, o.metadata.name);
                served.add(key);
            }
            else
                throw err;
        }
    }
    const albIngresses = objects.filter((o) => o.kind === 'Ingress' && (o['spec']?.ingressClassName === 'alb' || o.metadata.annotations?.['kubernetes.io/ingress.class'] === 'alb'));
    if (albIngresses.length > 0 && !objects.some((o) => o.kind === 'IngressClass' && o.metadata.name === 'alb')) {
        const cls = await client.get('networking.k8s.io/v1', 'IngressClass', undefined, 'alb');
        if (!cls) {
            blocker('no-alb-ingress-class', `IngressClass alb is missing: install the AWS Load Balancer Controller before deploying ${albIngresses.map((i) => (0,apply/* describeObject */.v8)((0,apply/* objectKey */.T5)(i))).join(', ')}`);
        }
    }
    if (conn.profiles) {
        const names = conn.profiles.map((p) => p.name).sort();
        for (const o of objects) {
            const labels = podTemplateLabels(o);
            if (labels === undefined)
                continue;
            const ns = o.metadata.namespace ?? 'default';
            if (!(0,profiles/* matchFargateProfile */.d)(conn.profiles, ns, labels)) {
                blocker('no-fargate-profile', `${(0,apply/* describeObject */.v8)((0,apply/* objectKey */.T5)(o))}: no Fargate profile selects namespace ${ns} with pod labels ${JSON.stringify(labels)} (checked: ${names.join(', ') || 'none'}); its pods would stay Pending`, o.metadata.name);
            }
        }
    }
    else {
        findings.push({ severity: 'info', code: 'fargate-profiles-unchecked', message: `Fargate profile coverage not checked: give the EKS cluster name and region so its profiles can be read (${conn.describe})` });
    }
    if (findings.some((f) => f.severity === 'blocker'))
        return findings;
    // Namespaces the deploy will create (the lock creates its own namespace first): dry-run them as
    // Namespace objects so the objects inside them are checked as new rather than failing with 404.
    const declared = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
    const missing = [];
    for (const ns of [...new Set(objects.map((o) => o.metadata.namespace).filter((n) => !!n))].sort()) {
        if (declared.has(ns))
            continue;
        if (!(await client.get('v1', 'Namespace', undefined, ns))) {
            missing.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
            findings.push({ severity: 'info', code: 'namespace-created', message: `namespace ${ns} does not exist yet: the deploy creates it` });
        }
    }
    try {
        await (0,apply/* applyObjects */.r3)(client, [...missing, ...objects], { dryRun: true, force: opts.forceConflicts, ...(opts.signal ? { signal: opts.signal } : {}) });
    }
    catch (err) {
        // A dry run applies nothing: drop the "already applied before it" part of the message.
        const text = (e) => `dry run: ${e.message.split('\n').filter((l) => !/^(Nothing was applied|Already applied)/.test(l)).join('\n')}`;
        if (err instanceof apply/* ApplyConflictError */.b1) {
            blocker('conflict', text(err), err.object.name);
        }
        else if (err instanceof apply/* ApplyInvalidError */.Ap) {
            blocker('invalid', text(err), err.object.name);
        }
        else if (err instanceof apply/* ApplyError */.d5) {
            const cause = err.cause;
            const code = cause instanceof kube_client/* KubeApiError */.W3 ? cause.code : undefined;
            blocker(code === 403 ? 'forbidden' : 'dry-run-failed', code === 403 ? `not allowed: ${text(err)}` : text(err), err.object.name);
        }
        else
            throw err;
    }
    return findings;
}

// EXTERNAL MODULE: ./src/convert/index.ts
var convert = __webpack_require__(7783);
// EXTERNAL MODULE: ./src/fargate/pricing.ts
var pricing = __webpack_require__(8660);
// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/manifests/images.ts
/**
 * Container image references and the `images` input that rewrites them.
 *
 * The grammar is the one of github.com/distribution/reference (what Docker, containerd and the
 * kubelet accept): `[host[:port]/]path-component(/path-component)*[:tag][@algorithm:hex]`. The
 * first component is a registry host only when it contains `.` or `:`, is `localhost`, or has an
 * upper-case letter (the same rule `docker pull` uses), so `team/web` is a Docker Hub path while
 * `registry.local:5000/team/web` has a registry.
 */


const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const REPOSITORY_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])`;
const REGISTRY_RE = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** Digest lengths of the algorithms registries use; other algorithms are refused rather than guessed at. */
const DIGEST_HEX_LENGTH = { sha256: 64, sha384: 96, sha512: 128 };
/** distribution/reference's NameTotalLengthMax. */
const NAME_MAX = 255;
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/**
 * Parse an image reference (`registry[:port]/path:tag@sha256:…`, every part but the path
 * optional) with the docker reference grammar. Throws an Error saying which part is wrong.
 */
function parseImageRef(ref) {
    if (typeof ref !== 'string' || ref === '')
        throw new Error('an image reference must be a non-empty string');
    if (ref !== ref.trim())
        throw new Error(`${(0,src_errors/* showValue */.vp)(ref)} has leading or trailing white space`);
    let rest = ref;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        checkDigest(digest, ref);
    }
    let tag;
    // A tag is after the last ':' that follows the last '/', so `host:5000/web` has a port, not a tag.
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG_RE.test(tag))
            throw new Error(`${(0,src_errors/* showValue */.vp)(ref)} has an invalid tag ${(0,src_errors/* showValue */.vp)(tag)} (letters, digits, "_", "." and "-", 128 at most, not starting with "." or "-")`);
    }
    let registry;
    const slash = rest.indexOf('/');
    if (slash >= 0) {
        const first = rest.slice(0, slash);
        if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
            registry = first;
            rest = rest.slice(slash + 1);
            if (!REGISTRY_RE.test(registry))
                throw new Error(`${(0,src_errors/* showValue */.vp)(ref)} has an invalid registry host ${(0,src_errors/* showValue */.vp)(registry)}`);
        }
    }
    if (!REPOSITORY_RE.test(rest)) {
        throw new Error(`${(0,src_errors/* showValue */.vp)(ref)} has an invalid repository ${(0,src_errors/* showValue */.vp)(rest)} (lower-case letters, digits and the separators ".", "_", "__", "-", components joined by "/")`);
    }
    const name = registry ? `${registry}/${rest}` : rest;
    if (name.length > NAME_MAX)
        throw new Error(`${(0,src_errors/* showValue */.vp)(ref)} has a repository name longer than ${NAME_MAX} characters`);
    const out = { repository: rest };
    if (registry !== undefined)
        out.registry = registry;
    if (tag !== undefined)
        out.tag = tag;
    if (digest !== undefined)
        out.digest = digest;
    return out;
}
function checkDigest(digest, ref) {
    if (!DIGEST_RE.test(digest))
        throw new Error(`${(0,src_errors/* showValue */.vp)(ref)} has an invalid digest ${(0,src_errors/* showValue */.vp)(digest)} (expected algorithm:hex, e.g. sha256:<64 hex digits>)`);
    const [algorithm, hex] = digest.split(':');
    const want = DIGEST_HEX_LENGTH[algorithm];
    if (want === undefined)
        throw new Error(`${(0,src_errors/* showValue */.vp)(ref)} uses digest algorithm ${(0,src_errors/* showValue */.vp)(algorithm)}; expected sha256, sha384 or sha512`);
    if (hex.length !== want)
        throw new Error(`${(0,src_errors/* showValue */.vp)(ref)} has a ${algorithm} digest of ${hex.length} hex digits; expected ${want}`);
    if (hex !== hex.toLowerCase())
        throw new Error(`${(0,src_errors/* showValue */.vp)(ref)} has upper-case hex in its digest; digests are lower-case`);
}
/** `registry/repository` (or `repository`), without tag or digest. */
function imageName(ref) {
    return ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
}
/** The reference as text: `name[:tag][@digest]`. */
function formatImageRef(ref) {
    return `${imageName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
/** Docker Hub spells one repository several ways (`nginx`, `library/nginx`, `docker.io/library/nginx`). */
function hubNormalised(ref) {
    const hub = ref.registry === undefined || DOCKER_HUB.has(ref.registry);
    const registry = hub ? 'docker.io' : ref.registry;
    const repository = hub && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
    return { registry, repository };
}
/**
 * Does the override name `name` select the image `image`? A name with a registry must match
 * registry and repository; a bare name (`web`, `team/web`) matches that repository in any registry.
 */
function overrideMatches(name, image) {
    if (name.registry !== undefined) {
        const a = hubNormalised(name);
        const b = hubNormalised(image);
        return a.registry === b.registry && a.repository === b.repository;
    }
    if (name.repository === image.repository)
        return true;
    // `nginx` also names `docker.io/library/nginx`.
    const hub = image.registry === undefined || DOCKER_HUB.has(image.registry);
    return hub && `library/${name.repository}` === image.repository;
}
/** How specific an override name is: one with a registry beats a bare repository for the same image. */
function overrideSpecificity(name) {
    return name.registry !== undefined ? 1 : 0;
}
/**
 * The image string an override produces for `current`: `name@digest` when a digest is known (the
 * tag is dropped: the digest alone decides what runs), else the override's ref.
 */
function substituteImage(current, override) {
    const target = override.ref !== undefined ? parseImageRef(override.ref) : current;
    const digest = override.digest ?? (override.ref !== undefined ? target.digest : undefined);
    if (digest !== undefined)
        return `${imageName(target)}@${digest}`;
    return formatImageRef({ ...target });
}
/**
 * Parse the `images` input. Accepted forms:
 * - a YAML or JSON list of `{ name, ref?, digest? }` mappings (or of `name=ref` strings);
 * - lines `name=ref` or `name=ref@sha256:…` (blank lines and `#` comments ignored);
 * - `name@sha256:…` lines, which pin the current image of `name` to that digest.
 *
 * Every entry is validated (name is a repository without tag or digest, ref a valid reference,
 * digest `sha256:<64 hex>` or sha384/sha512, no name twice); all problems are reported at once in a
 * UserInputErrors whose messages name `field` and the entry (`images[2].ref`, `images line 3`).
 */
function parseImageOverrides(text, field) {
    const trimmed = text.replace(/^\uFEFF/, '').trim();
    if (trimmed === '')
        return [];
    const errors = [];
    const out = [];
    if (trimmed.startsWith('[') || trimmed.startsWith('-')) {
        let data;
        try {
            data = (0,dist/* parse */.qg)(trimmed, { uniqueKeys: true, maxAliasCount: 0, prettyErrors: true });
        }
        catch (err) {
            throw new src_errors/* UserInputErrors */.fr([new src_errors/* UserInputError */.m2(`not a valid YAML/JSON list: ${firstLine(err.message)}`, undefined, field)]);
        }
        if (!Array.isArray(data))
            throw new src_errors/* UserInputErrors */.fr([new src_errors/* UserInputError */.m2('expected a list of images', undefined, field)]);
        data.forEach((entry, i) => {
            const where = `${field}[${i}]`;
            if (typeof entry === 'string') {
                collect(() => fromLine(entry, where), where, errors, out);
                return;
            }
            if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
                errors.push(new src_errors/* UserInputError */.m2(`expected a mapping with name and ref and/or digest, or a "name=ref" string; got ${(0,src_errors/* showValue */.vp)(entry)}`, undefined, where));
                return;
            }
            const e = entry;
            const unknown = Object.keys(e).filter((k) => !['name', 'ref', 'digest'].includes(k));
            if (unknown.length > 0) {
                errors.push(new src_errors/* UserInputError */.m2(`unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => (0,src_errors/* showValue */.vp)(k)).join(', ')} (expected name, ref, digest)`, undefined, where));
                return;
            }
            for (const k of ['name', 'ref', 'digest']) {
                if (e[k] !== undefined && typeof e[k] !== 'string') {
                    errors.push(new src_errors/* UserInputError */.m2(`must be a string, got ${(0,src_errors/* showValue */.vp)(e[k])}`, undefined, `${where}.${k}`));
                    return;
                }
            }
            const o = { name: e.name ?? '' };
            if (e.ref !== undefined)
                o.ref = e.ref;
            if (e.digest !== undefined)
                o.digest = e.digest;
            collect(() => validateImageOverride(o, where), where, errors, out);
        });
    }
    else {
        trimmed.split(/\r?\n/).forEach((raw, i) => {
            const line = raw.trim();
            if (line === '' || line.startsWith('#'))
                return;
            const where = `${field} line ${i + 1}`;
            collect(() => fromLine(line, where), where, errors, out);
        });
    }
    const seen = new Map();
    for (const { override, where } of out) {
        const key = imageName(parseImageRef(override.name));
        const first = seen.get(key);
        if (first !== undefined)
            errors.push(new src_errors/* UserInputError */.m2(`image ${(0,src_errors/* showValue */.vp)(override.name)} is listed twice (first at ${first})`, undefined, where));
        else
            seen.set(key, where);
    }
    if (errors.length > 0)
        throw new src_errors/* UserInputErrors */.fr(errors);
    return out.map((o) => o.override);
}
function collect(make, where, errors, out) {
    try {
        out.push({ override: make(), where });
    }
    catch (err) {
        errors.push(err instanceof src_errors/* UserInputError */.m2 ? err : new src_errors/* UserInputError */.m2(err.message, undefined, where));
    }
}
function fromLine(line, where) {
    const eq = line.indexOf('=');
    if (eq < 0) {
        // `web@sha256:…` pins whatever image of `web` the manifests name.
        const at = line.indexOf('@');
        if (at > 0)
            return validateImageOverride({ name: line.slice(0, at).trim(), digest: line.slice(at + 1).trim() }, where);
        throw new src_errors/* UserInputError */.m2(`expected "name=ref", "name=ref@sha256:…" or "name@sha256:…", got ${(0,src_errors/* showValue */.vp)(line)}`, undefined, where);
    }
    const name = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (value === '')
        throw new src_errors/* UserInputError */.m2(`no image reference after "=" for ${(0,src_errors/* showValue */.vp)(name)}`, undefined, where);
    // A bare digest after "=" pins the current image, like `name@digest`.
    if (/^sha(?:256|384|512):[0-9a-f]+$/.test(value))
        return validateImageOverride({ name, digest: value }, where);
    const o = { name };
    let ref;
    try {
        ref = parseImageRef(value);
    }
    catch (err) {
        throw new src_errors/* UserInputError */.m2(err.message, undefined, `${where} (ref)`);
    }
    if (ref.digest !== undefined) {
        o.digest = ref.digest;
        o.ref = formatImageRef({ ...ref, digest: undefined });
    }
    else {
        o.ref = value;
    }
    return validateImageOverride(o, where);
}
/**
 * Validate one override (name a repository without tag/digest, ref a valid reference, digest
 * sha256/384/512, ref and digest agreeing). Throws a UserInputError whose field starts with `where`.
 */
function validateImageOverride(o, where) {
    if (o.name === '')
        throw new src_errors/* UserInputError */.m2('name is required (the repository to replace, e.g. "web" or "123456789012.dkr.ecr.us-east-1.amazonaws.com/web")', undefined, where);
    let name;
    try {
        name = parseImageRef(o.name);
    }
    catch (err) {
        throw new src_errors/* UserInputError */.m2(err.message, undefined, `${where}.name`);
    }
    if (name.tag !== undefined || name.digest !== undefined) {
        throw new src_errors/* UserInputError */.m2(`${(0,src_errors/* showValue */.vp)(o.name)} must be a repository without tag or digest (put the new tag in ref)`, undefined, `${where}.name`);
    }
    if (o.ref === undefined && o.digest === undefined)
        throw new src_errors/* UserInputError */.m2(`image ${(0,src_errors/* showValue */.vp)(o.name)} needs a ref, a digest or both`, undefined, where);
    let ref;
    if (o.ref !== undefined) {
        try {
            ref = parseImageRef(o.ref);
        }
        catch (err) {
            throw new src_errors/* UserInputError */.m2(err.message, undefined, `${where}.ref`);
        }
    }
    if (o.digest !== undefined) {
        try {
            checkDigest(o.digest, o.digest);
        }
        catch (err) {
            throw new src_errors/* UserInputError */.m2(err.message, undefined, `${where}.digest`);
        }
        if (ref?.digest !== undefined && ref.digest !== o.digest) {
            throw new src_errors/* UserInputError */.m2(`ref ${(0,src_errors/* showValue */.vp)(o.ref)} carries digest ${ref.digest} but digest says ${o.digest}`, undefined, where);
        }
    }
    return o;
}
function firstLine(text) {
    return text.split('\n')[0] ?? text;
}

// EXTERNAL MODULE: ./src/fargate/lint.ts
var lint = __webpack_require__(229);
// EXTERNAL MODULE: ./src/findings.ts
var src_findings = __webpack_require__(1001);
// EXTERNAL MODULE: ./src/manifests/schema.ts + 273 modules
var schema = __webpack_require__(2395);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/manifests/input-file.ts
var input_file = __webpack_require__(8317);
;// CONCATENATED MODULE: ./src/manifests/load.ts
/**
 * Load the Kubernetes objects of a release from the user's repository: files, directories, globs
 * and kustomize directories, all confined to the workspace.
 *
 * YAML is read the way kubectl reads it (sigs.k8s.io/yaml on go-yaml v2, i.e. YAML 1.1 scalars:
 * `0644` is octal, `yes`/`on` are booleans, but dates and `80:30` stay strings), so a manifest means
 * the same here and in the cluster.
 */







const execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** Anchors and aliases allowed per document before it counts as an entity-expansion attack. */
const MAX_ALIAS_COUNT = 100;
const MANIFEST_EXT = /\.(?:ya?ml|json)$/i;
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const GLOB_MAGIC = /[*?[\]{}]/;
/** What a size error calls manifests: each file, and each kustomize directory's output, has the limit. */
const MANIFESTS = 'manifest files and kustomize outputs';
const YAML_OPTIONS = {
    version: '1.1',
    uniqueKeys: true,
    prettyErrors: true,
    // go-yaml v2 leaves timestamps and base-60 numbers as strings when decoding into interface{}.
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || !(t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME')),
};
const FIELD_INDEX = new WeakMap();
/**
 * Load manifests from `sources`: files (`.yaml`, `.yml`, `.json`), directories (their manifest
 * files in name order, not recursive), globs (`k8s/**\/*.yaml`, node:fs glob) and kustomize
 * directories (holding `kustomization.yaml`, `kustomization.yml` or `Kustomization`; rendered by
 * `kubectl kustomize DIR`, no shell, with a time limit). Every path, symlink target and local
 * kustomize resource must resolve inside `workspace`. A file named by several sources is read
 * once. `kind: List` (and other `*List` kinds with `items`) are flattened; empty documents are
 * skipped. YAML is parsed strictly: duplicate keys, tabs as indentation and more than
 * {@link MAX_ALIAS_COUNT} alias expansions are errors located as `file:line:col`; a document that is not
 * a mapping with apiVersion, kind and metadata.name is an error naming file, document and line.
 * All problems of all sources are collected and thrown together as one UserInputErrors.
 */
async function loadManifests(sources, opts) {
    const errors = [];
    let ws;
    try {
        const root = external_node_path_default().resolve(opts.workspace);
        ws = { root, real: await (0,promises_.realpath)(root) };
    }
    catch (err) {
        throw new src_errors/* UserInputErrors */.fr([new src_errors/* UserInputError */.m2(`workspace ${(0,src_errors/* showValue */.vp)(opts.workspace)} cannot be read: ${errnoText(err)}`)]);
    }
    if (sources.length === 0)
        throw new src_errors/* UserInputErrors */.fr([new src_errors/* UserInputError */.m2('no manifest paths given', undefined, 'manifests')]);
    const units = [];
    const seen = new Set();
    for (const source of sources) {
        for (const unit of await expandSource(ws, source, errors)) {
            if (seen.has(unit.real))
                continue;
            seen.add(unit.real);
            units.push(unit);
        }
    }
    const kubectl = opts.kubectl ?? 'kubectl';
    const timeout = opts.kustomizeTimeoutMs ?? 60_000;
    // Files are read concurrently; kubectl runs are few and each is a process, so at most 4 at a time.
    // Each unit collects its own errors so the report keeps the order of the sources.
    const results = await mapLimited(units, 4, async (u) => {
        const unitErrors = [];
        const objects = u.kind === 'file' ? await loadFile(u, unitErrors) : await loadKustomize(ws, u, kubectl, timeout, unitErrors);
        return { objects, errors: unitErrors };
    });
    for (const r of results)
        errors.push(...r.errors);
    const objects = results.flatMap((r) => r.objects);
    if (errors.length === 0 && objects.length === 0) {
        errors.push(new src_errors/* UserInputError */.m2(`no Kubernetes objects found in ${sources.map((s) => (0,src_errors/* showValue */.vp)(s)).join(', ')}`, undefined, 'manifests'));
    }
    if (errors.length > 0)
        throw new src_errors/* UserInputErrors */.fr(errors);
    return objects;
}
/**
 * The 1-based line of `field` (a path such as `spec.template.spec.containers[0].image`) in the
 * file an object was loaded from; the nearest existing ancestor when the field itself is absent.
 * Undefined for objects not loaded from a file by {@link loadManifests} (kustomize output, copies).
 */
function lineOfField(object, field) {
    const index = FIELD_INDEX.get(object);
    if (!index)
        return undefined;
    let node = index.doc.contents;
    let best;
    const lineOf = (n) => {
        const range = n?.range;
        return range ? index.lineCounter.linePos(range[0]).line : undefined;
    };
    for (const seg of [...index.prefix, ...parseFieldPath(field)]) {
        if ((0,dist/* isAlias */.Vj)(node))
            node = node.resolve(index.doc);
        if ((0,dist/* isMap */.jh)(node)) {
            const pair = node.items.find((p) => (0,dist/* isScalar */.jn)(p.key) && String(p.key.value) === String(seg));
            if (!pair)
                break;
            best = lineOf(pair.key) ?? best;
            node = pair.value;
            if (node)
                best = lineOf(node) ?? best;
        }
        else if ((0,dist/* isSeq */.oP)(node) && typeof seg === 'number') {
            node = node.items[seg];
            if (!node)
                break;
            best = lineOf(node) ?? best;
        }
        else {
            break;
        }
    }
    return best ?? lineOf(index.doc.contents);
}
/** `a.b[0]["x.y/z"].c` → ['a', 'b', 0, 'x.y/z', 'c']. */
function parseFieldPath(field) {
    const out = [];
    const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/g;
    for (const m of field.matchAll(re)) {
        if (m[1] !== undefined)
            out.push(Number(m[1]));
        else if (m[2] !== undefined)
            out.push(JSON.parse(m[2]));
        else if (m[3] !== undefined)
            out.push(m[3]);
    }
    return out;
}
async function expandSource(ws, source, errors) {
    if (typeof source !== 'string' || source.trim() === '') {
        errors.push(new src_errors/* UserInputError */.m2('empty manifest path', undefined, 'manifests'));
        return [];
    }
    const abs = external_node_path_default().isAbsolute(source) ? external_node_path_default().normalize(source) : external_node_path_default().resolve(ws.root, source);
    const exists = await (0,promises_.lstat)(abs).then(() => true, () => false);
    if (!exists && GLOB_MAGIC.test(source))
        return expandGlob(ws, source, errors);
    const resolved = await resolveInside(ws, source, errors);
    if (!resolved)
        return [];
    const info = await (0,promises_.stat)(resolved.real);
    if (info.isFile()) {
        if (KUSTOMIZATION_FILES.includes(external_node_path_default().basename(resolved.abs))) {
            // Naming the kustomization file means its directory, as `kubectl apply -k` would take it.
            const dir = await resolveInside(ws, external_node_path_default().dirname(resolved.abs), errors);
            return dir && (await checkKustomizeTree(ws, dir, errors)) ? [{ kind: 'kustomize', ...dir }] : [];
        }
        if (!MANIFEST_EXT.test(resolved.abs)) {
            errors.push(new src_errors/* UserInputError */.m2('not a manifest file (expected .yaml, .yml or .json)', resolved.rel));
            return [];
        }
        return [{ kind: 'file', ...resolved }];
    }
    if (!info.isDirectory()) {
        errors.push(new src_errors/* UserInputError */.m2('not a regular file or directory', resolved.rel));
        return [];
    }
    const entries = await (0,promises_.readdir)(resolved.real);
    if (entries.some((e) => KUSTOMIZATION_FILES.includes(e))) {
        return (await checkKustomizeTree(ws, resolved, errors)) ? [{ kind: 'kustomize', ...resolved }] : [];
    }
    const units = [];
    const before = errors.length;
    for (const name of entries.filter((e) => MANIFEST_EXT.test(e)).sort(compareCodePoints)) {
        const child = await resolveInside(ws, external_node_path_default().join(resolved.abs, name), errors);
        if (child && (await (0,promises_.stat)(child.real)).isFile())
            units.push({ kind: 'file', ...child });
    }
    if (units.length === 0 && errors.length === before) {
        errors.push(new src_errors/* UserInputError */.m2('directory holds no .yaml, .yml or .json files (subdirectories are not read; name them or use a glob such as dir/**/*.yaml)', resolved.rel));
    }
    return units;
}
async function expandGlob(ws, pattern, errors) {
    // Refuse a pattern whose fixed part leaves the workspace before walking the file system there.
    const segments = pattern.split(/[\\/]/);
    const firstMagic = segments.findIndex((s) => GLOB_MAGIC.test(s));
    const fixed = segments.slice(0, firstMagic).join('/') || '.';
    const fixedAbs = external_node_path_default().isAbsolute(pattern) ? external_node_path_default().resolve(fixed === '' ? '/' : fixed) : external_node_path_default().resolve(ws.root, fixed);
    if (!isInside(fixedAbs, ws.root) && !isInside(fixedAbs, ws.real)) {
        errors.push(new src_errors/* UserInputError */.m2(`glob ${(0,src_errors/* showValue */.vp)(pattern)} starts outside the workspace ${ws.root}`, undefined, 'manifests'));
        return [];
    }
    if (segments.slice(firstMagic).includes('..')) {
        errors.push(new src_errors/* UserInputError */.m2(`glob ${(0,src_errors/* showValue */.vp)(pattern)} may not contain ".." after a wildcard`, undefined, 'manifests'));
        return [];
    }
    const matches = [];
    for await (const m of (0,promises_.glob)(pattern, { cwd: ws.root }))
        matches.push(external_node_path_default().isAbsolute(m) ? m : external_node_path_default().resolve(ws.root, m));
    const units = [];
    for (const m of [...new Set(matches)].sort(compareCodePoints)) {
        if (!MANIFEST_EXT.test(m))
            continue;
        if (KUSTOMIZATION_FILES.includes(external_node_path_default().basename(m))) {
            const rel = displayPath(external_node_path_default().relative(ws.root, m));
            errors.push(new src_errors/* UserInputError */.m2(`glob ${(0,src_errors/* showValue */.vp)(pattern)} matched a kustomization file; name its directory to render it with kustomize, or narrow the glob`, rel));
            continue;
        }
        const resolved = await resolveInside(ws, m, errors);
        if (resolved && (await (0,promises_.stat)(resolved.real)).isFile())
            units.push({ kind: 'file', ...resolved });
    }
    if (units.length === 0 && !matches.some((m) => MANIFEST_EXT.test(m))) {
        errors.push(new src_errors/* UserInputError */.m2(`glob ${(0,src_errors/* showValue */.vp)(pattern)} matched no .yaml, .yml or .json file`, undefined, 'manifests'));
    }
    return units;
}
/** Resolve a path given by the user (or found in a directory) and prove it stays inside the workspace. */
async function resolveInside(ws, input, errors, shown) {
    const abs = external_node_path_default().isAbsolute(input) ? external_node_path_default().normalize(input) : external_node_path_default().resolve(ws.root, input);
    const lexicalRoot = isInside(abs, ws.root) ? ws.root : isInside(abs, ws.real) ? ws.real : undefined;
    if (lexicalRoot === undefined) {
        errors.push(new src_errors/* UserInputError */.m2(`path is outside the workspace ${ws.root}; manifests must come from the repository`, shown ?? displayPath(input)));
        return undefined;
    }
    const rel = displayPath(external_node_path_default().relative(lexicalRoot, abs) || '.');
    let real;
    try {
        real = await (0,promises_.realpath)(abs);
    }
    catch (err) {
        errors.push(new src_errors/* UserInputError */.m2(errnoText(err), shown ?? rel));
        return undefined;
    }
    if (!isInside(real, ws.real)) {
        errors.push(new src_errors/* UserInputError */.m2(`is a symbolic link to ${real}, outside the workspace ${ws.root}`, shown ?? rel));
        return undefined;
    }
    return { abs, real, rel };
}
/**
 * kustomize refuses files outside a kustomization's own directory, but happily loads other
 * kustomization directories from anywhere (`resources: [../../../etc]`). Walk the local
 * resources/bases/components so none of them leaves the workspace. Remote resources (URLs, git) are
 * left to kustomize.
 */
async function checkKustomizeTree(ws, dir, errors, visited = new Set()) {
    if (visited.has(dir.real))
        return true;
    visited.add(dir.real);
    const before = errors.length;
    const fileName = (await (0,promises_.readdir)(dir.real)).find((e) => KUSTOMIZATION_FILES.includes(e));
    if (!fileName)
        return true;
    const file = `${dir.rel === '.' ? '' : `${dir.rel}/`}${fileName}`;
    let text;
    try {
        text = await (0,input_file/* readInputFile */.jH)(external_node_path_default().join(dir.real, fileName), file, 'kustomization files');
    }
    catch (err) {
        errors.push(err instanceof src_errors/* UserInputError */.m2 ? err : new src_errors/* UserInputError */.m2(errnoText(err), file));
        return false;
    }
    const docs = (0,dist/* parseAllDocuments */.hR)(text, YAML_OPTIONS);
    const doc = [...docs][0];
    if (!doc)
        return true;
    if (doc.errors.length > 0) {
        errors.push(...doc.errors.map((e) => yamlError(e, file)));
        return false;
    }
    let data;
    try {
        data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    }
    catch (err) {
        errors.push(new src_errors/* UserInputError */.m2(err.message, file));
        return false;
    }
    if (!data || typeof data !== 'object' || Array.isArray(data))
        return true; // kustomize reports its own shape errors.
    const d = data;
    for (const key of ['resources', 'bases', 'components']) {
        const list = d[key];
        if (!Array.isArray(list))
            continue;
        for (const [i, entry] of list.entries()) {
            if (typeof entry !== 'string' || isRemoteResource(entry))
                continue;
            const target = await resolveInside(ws, external_node_path_default().resolve(dir.abs, entry), errors, `${file}: ${key}[${i}] ${entry}`);
            if (!target)
                continue;
            if ((await (0,promises_.stat)(target.real)).isDirectory())
                await checkKustomizeTree(ws, target, errors, visited);
        }
    }
    return errors.length === before;
}
function isRemoteResource(entry) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^git@/.test(entry) || /^(?:github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) || entry.includes('?ref=');
}
async function loadFile(unit, errors) {
    let text;
    try {
        text = await (0,input_file/* readInputFile */.jH)(unit.real, unit.rel, MANIFESTS);
    }
    catch (err) {
        errors.push(err instanceof src_errors/* UserInputError */.m2 ? err : new src_errors/* UserInputError */.m2(errnoText(err), unit.rel));
        return [];
    }
    return parseManifests(text, unit.rel, errors, true);
}
async function loadKustomize(ws, unit, kubectl, timeout, errors) {
    let stdout;
    try {
        ({ stdout } = await execFileAsync(kubectl, ['kustomize', unit.real], {
            cwd: ws.real,
            timeout,
            killSignal: 'SIGKILL',
            // kubectl is killed once its output passes the limit, so an oversized rendering is never parsed.
            maxBuffer: input_file/* MAX_INPUT_FILE_BYTES */.hu,
            encoding: 'utf8',
            windowsHide: true,
        }));
    }
    catch (err) {
        const e = err;
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
            // Checked first: Node kills kubectl when the output passes maxBuffer, so `killed` is set too.
            errors.push((0,input_file/* inputTooLarge */.km)(`${unit.rel} (kubectl kustomize output)`, undefined, MANIFESTS));
            return [];
        }
        let why;
        if (e.code === 'ENOENT')
            why = `${(0,src_errors/* showValue */.vp)(kubectl)} was not found; install kubectl (it renders kustomize directories)`;
        else if (e.killed || e.signal)
            why = `did not finish within ${timeout % 1000 === 0 ? `${timeout / 1000} s` : `${timeout} ms`}`;
        else
            why = kubectlMessage(e.stderr ?? '') || e.message;
        errors.push(new src_errors/* UserInputError */.m2(`kubectl kustomize failed: ${why}`, unit.rel));
        return [];
    }
    return parseManifests(stdout, unit.rel, errors, false);
}
/**
 * Parse a multi-document YAML (or JSON) text into Kubernetes objects, located by file, document
 * and line. Problems are appended to `errors`; the objects of valid documents are returned.
 */
function parseManifests(text, file, errors, indexFields = false) {
    const lineCounter = new dist/* LineCounter */.HN();
    const docs = [...(0,dist/* parseAllDocuments */.hR)(text, { ...YAML_OPTIONS, lineCounter })];
    const out = [];
    docs.forEach((doc, index) => {
        const where = (offset) => `${file}:${offset === undefined ? 1 : lineCounter.linePos(offset).line}`;
        const docLabel = `document ${index + 1}${docs.length > 1 ? ` of ${docs.length}` : ''}`;
        if (doc.errors.length > 0) {
            for (const e of doc.errors)
                errors.push(yamlError(e, file, docLabel));
            return;
        }
        const contents = doc.contents;
        if (contents === null || ((0,dist/* isScalar */.jn)(contents) && contents.value === null))
            return; // empty document
        const startOffset = contents.range?.[0];
        const line = startOffset === undefined ? 1 : lineCounter.linePos(startOffset).line;
        let data;
        try {
            data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
        }
        catch (err) {
            const message = err instanceof ReferenceError && /alias/i.test(err.message) ? `more than ${MAX_ALIAS_COUNT} alias expansions (a YAML "billion laughs" document?)` : err.message;
            errors.push(new src_errors/* UserInputError */.m2(`${docLabel}: ${message}`, where(startOffset)));
            return;
        }
        const accept = (value, itemLine, prefix, label) => {
            const problem = objectProblem(value);
            if (problem) {
                errors.push(new src_errors/* UserInputError */.m2(`${label}: ${problem}`, `${file}:${itemLine}`));
                return;
            }
            const object = value;
            if (indexFields)
                FIELD_INDEX.set(object, { doc, lineCounter, prefix });
            out.push({ object, source: { file, index, line: itemLine } });
        };
        const v = data;
        if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
            const itemsNode = (0,dist/* isMap */.jh)(contents) ? contents.get('items', true) : undefined;
            v.items.forEach((item, j) => {
                const node = (0,dist/* isSeq */.oP)(itemsNode) ? itemsNode.items[j] : undefined;
                const itemLine = node?.range ? lineCounter.linePos(node.range[0]).line : line;
                accept(item, itemLine, ['items', j], `${docLabel}, ${v.kind} item ${j + 1}`);
            });
            return;
        }
        accept(data, line, [], docLabel);
    });
    return out;
}
function objectProblem(value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return `expected a Kubernetes object (a mapping with apiVersion, kind and metadata.name), got ${Array.isArray(value) ? 'a list' : (0,src_errors/* showValue */.vp)(value)}`;
    }
    const o = value;
    const missing = [];
    if (typeof o.apiVersion !== 'string' || o.apiVersion === '')
        missing.push('apiVersion');
    if (typeof o.kind !== 'string' || o.kind === '')
        missing.push('kind');
    const meta = o.metadata;
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta))
        missing.push('metadata');
    else if (typeof meta.name !== 'string' || meta.name === '') {
        missing.push(meta.generateName !== undefined ? 'metadata.name (generateName cannot be applied repeatedly)' : 'metadata.name');
    }
    if (missing.length === 0)
        return undefined;
    const what = typeof o.kind === 'string' && o.kind !== '' ? `${o.kind} ` : '';
    return `${what}object has no ${missing.join(', ')}`;
}
function yamlError(e, file, docLabel) {
    const pos = e.linePos?.[0];
    // prettyErrors appends " at line L, column C:" and a source excerpt; the position goes in front instead.
    const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return new src_errors/* UserInputError */.m2(`${docLabel ? `${docLabel}: ` : ''}${message}`, pos ? `${file}:${pos.line}:${pos.col}` : file);
}
/** kubectl logs through klog: `E1122 02:17:38.19 5453 run.go:72] "command failed" err="…"`; keep the err text. */
function kubectlMessage(stderr) {
    return stderr
        .trim()
        .split('\n')
        .slice(0, 5)
        .map((line) => {
        const m = /^[IWEF]\d{4} [\d:.]+\s+\d+ [^\]]+\] "command failed" err=("(?:[^"\\]|\\.)*")\s*$/.exec(line);
        if (!m)
            return line;
        try {
            return JSON.parse(m[1]);
        }
        catch {
            return line;
        }
    })
        .join('\n');
}
function isInside(p, root) {
    const base = root.endsWith((external_node_path_default()).sep) ? root : root + (external_node_path_default()).sep;
    return p === root || p.startsWith(base);
}
function displayPath(p) {
    return p.split((external_node_path_default()).sep).join('/');
}
function compareCodePoints(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function errnoText(err) {
    const e = err;
    if (e.code === 'ENOENT')
        return 'no such file or directory';
    if (e.code === 'EACCES')
        return 'permission denied';
    if (e.code === 'ELOOP')
        return 'too many levels of symbolic links';
    return e.message ?? String(err);
}
async function mapLimited(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return out;
}

;// CONCATENATED MODULE: ./src/manifests/lint.ts
/**
 * Preflight checks of a release's manifests that need no cluster: the Kubernetes schema of each
 * object, the Fargate lint of each workload, image references, Secret encoding. Secret values
 * never reach a message.
 */





function isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Values shorter than this are not searched for in messages: they would match ordinary words. */
const MIN_REDACTED_LENGTH = 4;
/**
 * Check every object without a cluster: schema (validateObject: OpenAPI schema of the kind, name
 * rules), Fargate blockers and warnings (lintWorkloadObject), container images that are missing
 * or not valid references (the kubelet would fail with InvalidImageName), and Secret `data` that
 * is not base64. Each finding names the file, the line of the offending field (the object's first
 * line when the field is absent or the object came from kustomize) and the field path. Secret
 * `data`/`stringData` values are replaced before validation and redacted from every message as
 * `<redacted N bytes>`. Findings come in object order.
 */
function lintRelease(objects) {
    const findings = [];
    for (const { object, source } of objects) {
        const name = object.metadata?.name;
        const kind = object.kind;
        const secrets = object.kind === 'Secret' ? secretValues(object) : [];
        const locate = (field) => (field !== undefined ? lineOfField(object, field) : undefined) ?? source.line;
        const push = (f) => {
            const out = { ...f, file: source.file, line: locate(f.field), message: redact(f.message, secrets) };
            if (typeof name === 'string' && out.workload === undefined)
                out.workload = name;
            findings.push(out);
        };
        for (const p of (0,schema/* validateObject */.Q)(object.kind === 'Secret' ? withPlaceholderSecrets(object) : object)) {
            push({
                severity: src_findings/* Severity */.A.Blocker,
                code: 'schema',
                message: `${kind} ${JSON.stringify(name)}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`,
                field: p.path,
            });
        }
        for (const f of (0,lint/* lintWorkloadObject */.KB)(object, source.file))
            push(f);
        for (const f of imageFindings(object))
            push(f);
        if (object.kind === 'Secret' && isObj(object.data)) {
            for (const [key, value] of Object.entries(object.data)) {
                if (typeof value !== 'string' || BASE64.test(value.replace(/\s+/g, '')))
                    continue;
                push({
                    severity: src_findings/* Severity */.A.Blocker,
                    code: 'secret-not-base64',
                    message: `Secret ${JSON.stringify(name)}: data[${JSON.stringify(key)}] (<redacted ${Buffer.byteLength(value)} bytes>) is not base64; put plain text under stringData instead`,
                    field: `data[${JSON.stringify(key)}]`,
                });
            }
        }
    }
    return findings;
}
function imageFindings(object) {
    const pod = (0,lint/* podSpecOf */.qz)(object);
    if (!pod)
        return [];
    const out = [];
    for (const key of ['initContainers', 'containers']) {
        const list = pod.spec[key];
        if (!Array.isArray(list))
            continue;
        list.forEach((c, i) => {
            if (!isObj(c))
                return;
            const container = typeof c.name === 'string' ? c.name : undefined;
            const field = `${pod.path}.${key}[${i}].image`;
            const base = { field, workload: object.metadata.name };
            const extra = container !== undefined ? { container } : {};
            if (c.image === undefined || c.image === '') {
                out.push({ ...base, ...extra, severity: src_findings/* Severity */.A.Blocker, code: 'missing-image', message: `${container ? `container "${container}"` : `${key}[${i}]`} has no image` });
                return;
            }
            if (typeof c.image !== 'string')
                return; // the schema check reports the type
            try {
                parseImageRef(c.image);
            }
            catch (err) {
                out.push({
                    ...base,
                    ...extra,
                    severity: src_findings/* Severity */.A.Blocker,
                    code: 'invalid-image',
                    message: `${container ? `container "${container}"` : `${key}[${i}]`}: ${err.message}; the kubelet would fail with InvalidImageName`,
                });
            }
        });
    }
    return out;
}
function secretValues(object) {
    const values = [];
    for (const field of ['data', 'stringData']) {
        const map = object[field];
        if (!isObj(map))
            continue;
        for (const v of Object.values(map)) {
            if (v === null || v === undefined)
                continue;
            const text = typeof v === 'string' ? v : JSON.stringify(v);
            values.push(text);
            if (field === 'data' && typeof v === 'string' && BASE64.test(v))
                values.push(Buffer.from(v, 'base64').toString('utf8'));
        }
    }
    return values.filter((v) => v.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length);
}
/** A copy whose Secret string values are harmless stand-ins of the same type. */
function withPlaceholderSecrets(object) {
    const copy = { ...object };
    for (const field of ['data', 'stringData']) {
        const map = object[field];
        if (!isObj(map))
            continue;
        copy[field] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, typeof v === 'string' ? (field === 'data' ? 'cmVkYWN0ZWQ=' : 'redacted') : v]));
    }
    return copy;
}
function redact(message, secrets) {
    let out = message;
    for (const s of secrets)
        out = out.split(s).join(`<redacted ${Buffer.byteLength(s)} bytes>`);
    return out;
}

// EXTERNAL MODULE: ./src/convert/objects.ts
var convert_objects = __webpack_require__(7519);
// EXTERNAL MODULE: ./src/convert/names.ts
var names = __webpack_require__(8431);
;// CONCATENATED MODULE: ./src/manifests/render.ts
/**
 * Turn the loaded objects of a release into what gets applied: images substituted and pinned,
 * ownership labels and provenance annotations added, namespaces defaulted, duplicates refused,
 * dependency order. Pure: same input, same output.
 */




const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
const MANAGED_BY = 'eks-fargate-deploy';
const RELEASE_LABEL = 'eks-fargate-deploy/release';
const COMMIT_ANNOTATION = 'eks-fargate-deploy/commit';
const RUN_URL_ANNOTATION = 'eks-fargate-deploy/run-url';
/** Release names become label values and Secret name parts; Helm's 53 leaves room for suffixes. */
const RELEASE_NAME_MAX = 53;
/**
 * Cluster-scoped kinds by `group/kind` (core group = ''): built-ins of Kubernetes 1.32 and the
 * cluster-scoped custom resources of add-ons an EKS cluster commonly runs. Other custom kinds
 * count as namespaced unless a CustomResourceDefinition in the same release says otherwise.
 */
const CLUSTER_SCOPED = new Set([
    '/Namespace',
    '/Node',
    '/PersistentVolume',
    '/ComponentStatus',
    'rbac.authorization.k8s.io/ClusterRole',
    'rbac.authorization.k8s.io/ClusterRoleBinding',
    'storage.k8s.io/StorageClass',
    'storage.k8s.io/CSIDriver',
    'storage.k8s.io/CSINode',
    'storage.k8s.io/VolumeAttachment',
    'networking.k8s.io/IngressClass',
    'networking.k8s.io/IPAddress',
    'networking.k8s.io/ServiceCIDR',
    'scheduling.k8s.io/PriorityClass',
    'node.k8s.io/RuntimeClass',
    'apiextensions.k8s.io/CustomResourceDefinition',
    'apiregistration.k8s.io/APIService',
    'admissionregistration.k8s.io/MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
    'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
    'admissionregistration.k8s.io/MutatingAdmissionPolicy',
    'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
    'certificates.k8s.io/CertificateSigningRequest',
    'certificates.k8s.io/ClusterTrustBundle',
    'flowcontrol.apiserver.k8s.io/FlowSchema',
    'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
    'resource.k8s.io/DeviceClass',
    'resource.k8s.io/ResourceSlice',
    'cert-manager.io/ClusterIssuer',
    'external-secrets.io/ClusterSecretStore',
    'external-secrets.io/ClusterExternalSecret',
    'elbv2.k8s.aws/IngressClassParams',
    'karpenter.sh/NodePool',
    'karpenter.k8s.aws/EC2NodeClass',
]);
/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ''). */
function groupOf(apiVersion) {
    const slash = apiVersion.indexOf('/');
    return slash < 0 ? '' : apiVersion.slice(0, slash);
}
/**
 * True when objects of this apiVersion + kind have no namespace. `extra` holds further
 * `group/kind` keys (from CustomResourceDefinitions with `scope: Cluster`).
 */
function isClusterScoped(apiVersion, kind, extra) {
    const key = `${groupOf(apiVersion)}/${kind}`;
    return CLUSTER_SCOPED.has(key) || (extra?.has(key) ?? false);
}
/** Throws a UserInputError unless `release` is a DNS-1123 label of at most 53 characters. */
function validateReleaseName(release) {
    if (typeof release !== 'string' || release === '')
        throw new src_errors/* UserInputError */.m2('required (a DNS-1123 label such as "web" or "shop-prod")', undefined, 'release');
    if (release.length > RELEASE_NAME_MAX || !(0,names/* isDns1123Label */.z3)(release)) {
        throw new src_errors/* UserInputError */.m2(`${(0,src_errors/* showValue */.vp)(release)} is not a valid release name: lower-case letters, digits and "-", starting and ending with a letter or digit, ${RELEASE_NAME_MAX} characters at most`, undefined, 'release');
    }
}
function render_isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Where pod templates sit, per workload kind ('' = the object itself is the pod). */
const TEMPLATE_PATHS = {
    Deployment: [['spec', 'template']],
    StatefulSet: [['spec', 'template']],
    DaemonSet: [['spec', 'template']],
    ReplicaSet: [['spec', 'template']],
    ReplicationController: [['spec', 'template']],
    Job: [['spec', 'template']],
    // The job template is labelled too, so Jobs a CronJob creates carry the release.
    CronJob: [['spec', 'jobTemplate'], ['spec', 'jobTemplate', 'spec', 'template']],
    Pod: [[]],
};
function at(obj, pathParts) {
    let cur = obj;
    for (const p of pathParts)
        cur = render_isObj(cur) ? cur[p] : undefined;
    return render_isObj(cur) ? cur : undefined;
}
/** The pod spec of a workload (`spec.template.spec`, `spec.jobTemplate.spec.template.spec`, or `spec` for a Pod). */
function podSpec(obj) {
    const paths = TEMPLATE_PATHS[String(obj.kind)];
    if (!paths)
        return undefined;
    const last = paths[paths.length - 1];
    return at(obj, [...last, 'spec']);
}
function describe(o) {
    return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}
function where(s) {
    return `${s.file}:${s.line} (document ${s.index + 1})`;
}
/**
 * Render a release (pure). Images of containers and init containers of every pod template
 * (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, ReplicaSet, ReplicationController) are
 * substituted by repository (`web` matches `web`, `web:1` and `<registry>/web:1`; an override with a
 * registry matches only that registry), pinned as `repo@sha256:…` when a digest is known; an
 * override matching no container is an error. Every object and pod template (and CronJob job
 * template) gets the labels `app.kubernetes.io/managed-by: eks-fargate-deploy` and
 * `eks-fargate-deploy/release: <release>`; selectors are never touched. The commit and run URL
 * annotations go on object metadata, and on pod templates only with `annotatePodTemplates`, so by
 * default a deploy that changes nothing else starts no new ReplicaSet. Namespaced objects without a
 * namespace get `defaultNamespace`; a namespace on a cluster-scoped object is dropped, as kubectl
 * does. Two objects with the same group, kind, namespace and name are an error naming both sources.
 * Output objects are in {@link sortObjects} order with canonical key order. All problems are thrown
 * together as UserInputErrors.
 */
function renderRelease(objects, opts) {
    const errors = [];
    const check = (fn) => {
        try {
            fn();
        }
        catch (err) {
            if (err instanceof src_errors/* UserInputError */.m2)
                errors.push(err);
            else
                throw err;
        }
    };
    check(() => validateReleaseName(opts.release));
    check(() => {
        if (!(0,names/* isDns1123Label */.z3)(opts.defaultNamespace ?? ''))
            throw new src_errors/* UserInputError */.m2(`${(0,src_errors/* showValue */.vp)(opts.defaultNamespace)} is not a valid namespace (DNS-1123 label)`, undefined, 'namespace');
    });
    for (const [key, value] of [
        ['commit', opts.commit],
        ['run-url', opts.runUrl],
    ]) {
        if (value !== undefined && (typeof value !== 'string' || /[\r\n]/.test(value))) {
            errors.push(new src_errors/* UserInputError */.m2(`must be a single-line string, got ${(0,src_errors/* showValue */.vp)(value)}`, undefined, key));
        }
    }
    const overrides = [];
    (opts.images ?? []).forEach((override, i) => {
        const label = `images[${i}]`;
        try {
            validateImageOverride(override, label);
            overrides.push({ override, name: parseImageRef(override.name), used: false, label });
        }
        catch (err) {
            if (err instanceof src_errors/* UserInputError */.m2)
                errors.push(err);
            else
                throw err;
        }
    });
    // Custom resources declared cluster-scoped by a CRD of this same release.
    const crdClusterScoped = new Set();
    for (const { object } of objects) {
        if (object.kind !== 'CustomResourceDefinition' || !render_isObj(object.spec))
            continue;
        const spec = object.spec;
        const kind = render_isObj(spec.names) ? spec.names.kind : undefined;
        if (spec.scope === 'Cluster' && typeof spec.group === 'string' && typeof kind === 'string')
            crdClusterScoped.add(`${spec.group}/${kind}`);
    }
    const labels = { [MANAGED_BY_LABEL]: MANAGED_BY, [RELEASE_LABEL]: opts.release };
    const annotations = {};
    if (opts.commit)
        annotations[COMMIT_ANNOTATION] = opts.commit;
    if (opts.runUrl)
        annotations[RUN_URL_ANNOTATION] = opts.runUrl;
    const rendered = [];
    const originalImages = [];
    const byKey = new Map();
    for (const { object: original, source } of objects) {
        const object = structuredClone(original);
        const meta = object.metadata;
        const here = `${source.file}:${source.line}`;
        if (!isClusterScoped(object.apiVersion, object.kind, crdClusterScoped)) {
            if (!meta.namespace)
                meta.namespace = opts.defaultNamespace;
        }
        else if (meta.namespace !== undefined) {
            // kubectl ignores a namespace on a cluster-scoped object; so do we, so keys and records agree with the cluster.
            delete meta.namespace;
        }
        const addTo = (m, field, shown, values) => {
            const current = m[field];
            if (current !== undefined && current !== null && !render_isObj(current)) {
                errors.push(new src_errors/* UserInputError */.m2(`${describe(object)}: must be a mapping, got ${(0,src_errors/* showValue */.vp)(current)}`, here, shown));
                return;
            }
            m[field] = { ...(render_isObj(current) ? current : {}), ...values };
        };
        addTo(meta, 'labels', 'metadata.labels', labels);
        if (Object.keys(annotations).length > 0)
            addTo(meta, 'annotations', 'metadata.annotations', annotations);
        for (const templatePath of TEMPLATE_PATHS[object.kind] ?? []) {
            if (templatePath.length === 0)
                continue; // a Pod's own metadata is already labelled
            const template = at(object, templatePath);
            if (!template)
                continue;
            if (template.metadata === undefined || template.metadata === null)
                template.metadata = {};
            if (!render_isObj(template.metadata)) {
                errors.push(new src_errors/* UserInputError */.m2(`${describe(object)}: must be a mapping`, here, `${templatePath.join('.')}.metadata`));
                continue;
            }
            addTo(template.metadata, 'labels', `${templatePath.join('.')}.metadata.labels`, labels);
            if (opts.annotatePodTemplates && Object.keys(annotations).length > 0)
                addTo(template.metadata, 'annotations', `${templatePath.join('.')}.metadata.annotations`, annotations);
        }
        const spec = podSpec(object);
        if (spec) {
            for (const key of ['initContainers', 'containers']) {
                const list = spec[key];
                if (!Array.isArray(list))
                    continue;
                for (const c of list) {
                    if (!render_isObj(c) || typeof c.image !== 'string')
                        continue;
                    originalImages.push(c.image);
                    let current;
                    try {
                        current = parseImageRef(c.image);
                    }
                    catch {
                        continue; // lintRelease reports the invalid reference with its line
                    }
                    let best;
                    for (const o of overrides) {
                        if (overrideMatches(o.name, current) && (!best || overrideSpecificity(o.name) > overrideSpecificity(best.name)))
                            best = o;
                    }
                    if (!best)
                        continue;
                    best.used = true;
                    c.image = substituteImage(current, best.override);
                }
            }
        }
        const key = [groupOf(object.apiVersion), object.kind, meta.namespace ?? '', meta.name].join('\u0000');
        const first = byKey.get(key);
        if (first) {
            errors.push(new src_errors/* UserInputError */.m2(`${describe(object)} is defined twice: at ${where(first)} and at ${where(source)}`, source.file));
            continue;
        }
        byKey.set(key, source);
        rendered.push({ object, source });
    }
    for (const o of overrides) {
        if (o.used)
            continue;
        const inRelease = [...new Set(originalImages)].sort();
        // `envoy` does not select `platform/envoy`: repositories match whole, but say which one was probably meant.
        const near = inRelease.filter((image) => {
            try {
                const ref = parseImageRef(image);
                return ref.repository.endsWith(`/${o.name.repository}`) && (o.name.registry === undefined || o.name.registry === ref.registry);
            }
            catch {
                return false;
            }
        });
        errors.push(new src_errors/* UserInputError */.m2(`${(0,src_errors/* showValue */.vp)(o.override.name)} matches no container or init container image (images in the release: ${inRelease.length > 0 ? inRelease.join(', ') : 'none'})` +
            (near.length > 0 ? `; repositories match whole, did you mean ${near.map((n) => (0,src_errors/* showValue */.vp)(imageName(parseImageRef(n)))).join(' or ')}?` : ''), undefined, o.label));
    }
    if (errors.length > 0)
        throw new src_errors/* UserInputErrors */.fr(errors);
    const sorted = (0,convert_objects/* sortObjects */.HU)(rendered.map((r) => r.object)).map((o) => (0,convert_objects/* canonicalObject */.e3)(o));
    const namespaces = [...new Set(sorted.map((o) => o.metadata.namespace).filter((n) => typeof n === 'string' && n !== ''))].sort();
    return { objects: sorted, images: imagesOf(sorted), namespaces };
}
/** Every container and init container image of the workloads among `objects`, in order. */
function imagesOf(objects) {
    const out = [];
    for (const o of objects) {
        const spec = podSpec(o);
        if (!spec)
            continue;
        for (const key of ['initContainers', 'containers']) {
            const list = spec[key];
            if (!Array.isArray(list))
                continue;
            for (const c of list) {
                if (render_isObj(c) && typeof c.image === 'string')
                    out.push({ container: typeof c.name === 'string' ? c.name : '', workload: describe(o), image: c.image });
            }
        }
    }
    return out;
}

// EXTERNAL MODULE: ./src/smoke/spec.ts
var spec = __webpack_require__(7302);
// EXTERNAL MODULE: ./src/commands/plan.ts + 4 modules
var plan = __webpack_require__(8416);
;// CONCATENATED MODULE: ./src/commands/release-input.ts









/**
 * Everything that can be checked without a cluster, in one pass: the images list, the smoke
 * tests, the manifests (or the ECS conversion), schema and Fargate lint, and rendering. Every
 * input problem is collected and thrown once as `UserInputErrors`; blockers come back as findings.
 */
async function prepareRelease(config) {
    const errors = [];
    const collect = (err) => {
        if (!(0,src_errors/* isUserError */.iU)(err))
            throw err;
        errors.push(...(err instanceof src_errors/* UserInputErrors */.fr ? err.errors : [err]));
    };
    let images = [];
    try {
        images = config.images.trim() === '' ? [] : parseImageOverrides(config.images, 'images');
    }
    catch (err) {
        collect(err);
    }
    let checks = [];
    if (config.smokeTests) {
        try {
            checks = await (0,spec/* loadSmokeSpec */.N)(config.smokeTests);
        }
        catch (err) {
            collect(err);
        }
    }
    const sourced = [];
    const findings = [];
    if (config.manifests.length > 0) {
        try {
            sourced.push(...(await loadManifests(config.manifests, { workspace: config.workspace })));
        }
        catch (err) {
            collect(err);
        }
    }
    if (config.ecsTaskDefinitions.length > 0) {
        const ecs = await (0,plan/* readEcsFiles */.Ns)(config.ecsTaskDefinitions, config.ecsServices, config.ecsScaling);
        for (const e of ecs.errors)
            errors.push(new src_errors/* UserInputError */.m2(e.message, e.file));
        const conversion = (0,convert/* convertEcs */.d)(ecs.inputs, {
            namespace: config.namespace,
            dropUnsupported: false,
            albMode: 'ingress',
            rates: pricing/* DEFAULT_RATES */.ap,
            secretStores: { secretsManager: 'aws-secrets-manager', parameterStore: 'aws-parameter-store' },
        });
        findings.push(...conversion.findings.filter((f) => f.severity === 'blocker'));
        conversion.objects.forEach((object, index) => {
            const workload = conversion.workloads.find((w) => w.name === object.metadata.labels?.['app.kubernetes.io/name']);
            sourced.push({ object, source: { file: workload?.source ?? 'ecs', index, line: 1 } });
        });
    }
    if (errors.length > 0)
        throw new src_errors/* UserInputErrors */.fr(errors);
    findings.push(...lintRelease(sourced));
    let rendered;
    try {
        rendered = renderRelease(sourced, {
            release: config.release,
            images,
            defaultNamespace: config.namespace,
            ...(config.commit ? { commit: config.commit } : {}),
            ...(config.runUrl ? { runUrl: config.runUrl } : {}),
        });
    }
    catch (err) {
        collect(err);
        throw new src_errors/* UserInputErrors */.fr(errors);
    }
    return { rendered, images, checks, findings };
}

// EXTERNAL MODULE: ./src/commands/steps.ts + 4 modules
var steps = __webpack_require__(3220);
;// CONCATENATED MODULE: ./src/commands/deploy.ts









/** Exit codes of deploy and rollback (documented in README.md). */
const DeployExit = {
    Ok: 0,
    /** Invalid input, or a preflight check failed: nothing was applied. */
    Rejected: 1,
    /** Fargate blockers in the manifests: nothing was applied. */
    Blockers: 2,
    /** The deploy failed after apply and the previous release was restored and verified. */
    RolledBack: 3,
    /** The deploy failed and the cluster was NOT restored (auto-rollback off, or the rollback failed). */
    Failed: 4,
    /** Cancelled (SIGINT/SIGTERM): before apply nothing was applied; after, the previous release was restored. */
    Cancelled: 130,
};
/**
 * deploy: validate and render (nothing touches the cluster), preflight (reads and dry runs only),
 * lock, record, apply, prune, watch every rollout at once, verify Fargate, smoke test, record.
 * Any failure after apply restores the previous release, waits for it and smoke-tests it.
 */
async function runDeploy(config, deps) {
    const { log } = deps;
    const out = { status: 'rejected', exitCode: DeployExit.Rejected, message: '', images: [], urls: [], rolledBack: false, findings: [], phases: [], applied: [], smoke: [] };
    const phase = timer(out);
    const prepared = await phase('render', () => prepareRelease(config));
    out.images = prepared.rendered.images;
    out.findings.push(...prepared.findings);
    if (prepared.findings.some((f) => f.severity === 'blocker')) {
        return reject(out, DeployExit.Blockers, `${count(prepared.findings)} Fargate/schema blocker(s) in the manifests; nothing was applied`);
    }
    const objects = prepared.rendered.objects;
    const conn = deps.connection ?? (await phase('connect', () => (0,connect/* connect */.N)(config.cluster, deps.eksClients)));
    log(`connected to ${conn.describe}${conn.identity ? ` as ${conn.identity}` : ''}`);
    const checks = await phase('preflight', () => preflight(conn, objects, { forceConflicts: config.forceConflicts, ...(deps.signal ? { signal: deps.signal } : {}) }));
    // Checks cut short by the cancel fail with it ("cannot reach the cluster: cancelled by SIGTERM"): not findings.
    if (deps.signal?.aborted)
        return finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled during preflight; nothing was applied');
    out.findings.push(...checks);
    if (checks.some((f) => f.severity === 'blocker'))
        return reject(out, DeployExit.Rejected, `preflight failed: ${count(checks)} blocker(s); nothing was applied`);
    const namespaces = [...new Set([config.namespace, ...prepared.rendered.namespaces])].sort();
    const locks = [];
    try {
        for (const ns of namespaces) {
            locks.push(await phase(`lock ${ns}`, () => lock/* DeployLock */.Fc.acquire(conn.client, ns, config.holder, { waitSeconds: config.lockWaitSeconds, leaseSeconds: config.lockLeaseSeconds, log, ...(deps.signal ? { signal: deps.signal } : {}) })));
        }
    }
    catch (err) {
        // Not every namespace could be locked: let go of the ones that were, or they stay held (and renewed).
        for (const l of locks.reverse())
            await l.release().catch(() => false);
        if (deps.signal?.aborted)
            return finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled before the deploy lock was taken; nothing was applied');
        throw err;
    }
    try {
        const store = new release/* ReleaseStore */.T(conn.client, config.namespace, config.release, { historyLimit: config.historyLimit });
        const previous = await store.lastDeployed();
        if (previous)
            out.previousRelease = previous.number;
        const record = await store.create({ objects, images: prepared.images, ...(config.commit ? { commit: config.commit } : {}), ...(config.runUrl ? { runUrl: config.runUrl } : {}) });
        out.release = record.number;
        log(`release ${config.release} v${record.number}${previous ? ` (previous: v${previous.number})` : ' (first release)'}`);
        const deadline = Date.now() + config.timeoutSeconds * 1000;
        const work = AbortSignal.any([...(deps.signal ? [deps.signal] : []), AbortSignal.timeout(config.timeoutSeconds * 1000), ...locks.map((l) => l.lost)]);
        let failure;
        try {
            out.applied = await phase('apply', () => (0,apply/* applyObjects */.r3)(conn.client, objects, { force: config.forceConflicts, signal: work, onResult: (r) => log(`${r.action.padEnd(10)} ${r.key.kind} ${r.key.namespace ? `${r.key.namespace}/` : ''}${r.key.name}`) }));
            if (config.prune) {
                const candidates = (0,prune/* planPrune */.w)(previous, objects);
                if (candidates.length > 0)
                    await phase('prune', () => (0,prune/* prune */.R)(conn.client, candidates, { signal: work, onResult: (k, what, why) => log(`prune: ${what} ${k.kind} ${k.namespace ?? ''}/${k.name}${why ? ` (${why})` : ''}`) }));
            }
            const targets = (0,steps/* releaseTargets */.yo)(objects);
            out.rollouts = await phase('rollout', () => (0,steps/* trackRollouts */.mr)(conn.client, targets, { graceSeconds: config.graceSeconds, deadline, signal: work, log }));
            if (!out.rollouts.ok)
                failure = firstFailure(out.rollouts);
            if (!failure) {
                out.verification = await phase('verify', () => (0,steps/* verifyPods */.Qp)(conn.client, targets, log));
                out.findings.push(...out.verification.findings);
                if (!out.verification.ok)
                    failure = `Fargate verification failed: ${out.verification.findings.filter((f) => f.severity === 'blocker').map((f) => f.message).join('; ')}`;
            }
            if (!failure && prepared.checks.length > 0) {
                out.smoke = await phase('smoke', () => (0,steps/* smokeTest */.KH)(conn.client, prepared.checks, config.namespace, work, log));
                const bad = out.smoke.filter((r) => !r.ok);
                if (bad.length > 0)
                    failure = `smoke tests failed: ${bad.map((r) => `${r.name}: ${r.failure ?? 'failed'}`).join('; ')}`;
            }
            out.urls = await (0,steps/* ingressUrls */.Wp)(conn.client, objects);
        }
        catch (err) {
            if (err instanceof apply/* ApplyError */.d5)
                out.applied = [...err.applied];
            failure = err instanceof Error ? err.message : String(err);
        }
        if (!failure && work.aborted)
            failure = abortReason(work, deps.signal);
        if (!failure) {
            await store.setStatus(record.number, 'deployed', [`deployed by ${config.holder}`]);
            await store.enforceHistoryLimit();
            out.status = 'deployed';
            out.exitCode = DeployExit.Ok;
            out.message = `release ${config.release} v${record.number} deployed${out.urls.length > 0 ? ` (${out.urls.join(', ')})` : ''}`;
            return out;
        }
        const cancelled = deps.signal?.aborted === true;
        if (deps.signal?.aborted || work.aborted)
            failure = `${failure}${failure.includes(abortReason(work, deps.signal)) ? '' : ` (${abortReason(work, deps.signal)})`}`;
        log(`deploy failed: ${failure}`);
        if (!config.autoRollback) {
            await store.setStatus(record.number, 'failed', [failure, 'auto-rollback is off: the cluster is left on this release']);
            return finish(out, 'failed', DeployExit.Failed, `${failure}; auto-rollback is off, the failed release stays applied`);
        }
        await store.setStatus(record.number, 'rolling-back', [failure]);
        const rb = await phase('rollback', () => rollBack(conn, previous, { objects, results: out.applied }, prepared.checks, config, log));
        out.rollback = rb;
        out.rolledBack = rb.ok;
        await store.setStatus(record.number, rb.ok ? 'rolled-back' : 'failed', [rb.message]);
        if (!rb.ok)
            return finish(out, 'failed', DeployExit.Failed, `${failure}; rollback failed: ${rb.message}`);
        return finish(out, cancelled ? 'cancelled' : 'rolled-back', cancelled ? DeployExit.Cancelled : DeployExit.RolledBack, `${failure}; ${rb.message}`);
    }
    finally {
        for (const l of locks.reverse())
            await l.release().catch(() => false);
    }
}
/**
 * Put the previous release back (or remove what a first release created), wait for it, and
 * smoke-test it. Bounded by the deploy timeout; not cancellable, because stopping half way would
 * leave the cluster on neither release.
 */
async function rollBack(conn, previous, failed, checks, config, log) {
    const rb = { smoke: [], ok: false, message: '' };
    if (previous)
        rb.restored = previous.number;
    const deadline = Date.now() + config.timeoutSeconds * 1000;
    const signal = AbortSignal.timeout(config.timeoutSeconds * 1000);
    try {
        rb.outcome = await (0,rollback/* restoreRelease */.E)(conn.client, previous, failed, { signal, log });
        const targets = (0,steps/* releaseTargets */.yo)(previous?.objects ?? []).filter((t) => t.kind !== 'Ingress' && t.kind !== 'Service');
        rb.rollouts = await (0,steps/* trackRollouts */.mr)(conn.client, targets, { graceSeconds: config.graceSeconds, deadline, signal, log });
        if (!rb.rollouts.ok) {
            rb.message = `the restored release did not become ready: ${firstFailure(rb.rollouts)}`;
            return rb;
        }
        if (previous && checks.length > 0) {
            rb.smoke = await (0,steps/* smokeTest */.KH)(conn.client, checks, config.namespace, signal, log);
            const bad = rb.smoke.filter((r) => !r.ok);
            if (bad.length > 0) {
                rb.message = `the restored release fails its smoke tests: ${bad.map((r) => `${r.name}: ${r.failure ?? 'failed'}`).join('; ')}`;
                return rb;
            }
        }
        rb.ok = true;
        rb.message = previous ? `rolled back to v${previous.number}, which is serving again` : 'no previous release: the objects the failed release created were removed';
    }
    catch (err) {
        rb.message = err instanceof Error ? err.message : String(err);
    }
    return rb;
}
function timer(out) {
    return async (name, fn) => {
        const started = Date.now();
        try {
            return await fn();
        }
        finally {
            out.phases.push({ name, durationMs: Date.now() - started });
        }
    };
}
function reject(out, exitCode, message) {
    out.status = 'rejected';
    out.exitCode = exitCode;
    out.message = message;
    return out;
}
function finish(out, status, exitCode, message) {
    out.status = status;
    out.exitCode = exitCode;
    out.message = message;
    return out;
}
function count(findings) {
    return findings.filter((f) => f.severity === 'blocker').length;
}
function firstFailure(o) {
    const bad = o.results.filter((r) => r.status !== 'ready');
    return bad.map((r) => `${r.target.kind} ${r.target.namespace}/${r.target.name}: ${r.status}: ${r.message}`).join('; ') || 'rollout failed';
}
function abortReason(work, user) {
    if (user?.aborted)
        return 'cancelled';
    const reason = work.reason;
    if (reason instanceof lock/* LockLostError */.yx)
        return reason.message;
    if (reason instanceof DOMException && reason.name === 'TimeoutError')
        return 'the deploy timed out';
    return reason instanceof Error ? reason.message : 'aborted';
}


/***/ }),

/***/ 5766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fc: () => (/* binding */ DeployLock),
/* harmony export */   yx: () => (/* binding */ LockLostError)
/* harmony export */ });
/* unused harmony exports LOCK_NAME, LockTimeoutError */
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9501);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1934);
/**
 * The deploy lock: one deploy per namespace at a time, as a `coordination.k8s.io/v1` Lease (the
 * object Kubernetes leader election uses). The holder renews it while the deploy runs; another
 * deploy takes it over only once `renewTime + leaseDurationSeconds` has passed, so a runner that
 * died cannot block deploys for longer than one lease. While held, the Lease is also watched (one
 * watch, that one object), so a Lease deleted or taken over is noticed within a second rather than
 * at the next renewal, up to a third of the lease later.
 */


/** The Lease's name in each namespace. */
const LOCK_NAME = 'eks-fargate-deploy-lock';
const LEASES = '/apis/coordination.k8s.io/v1';
/** Waiting for the lock took longer than allowed. */
class LockTimeoutError extends Error {
    namespace;
    holder;
    since;
    waitedSeconds;
    name = 'LockTimeoutError';
    constructor(namespace, holder, since, waitedSeconds) {
        super(`the deploy lock of namespace ${namespace} (Lease ${LOCK_NAME}) is held by ${holder}${since ? ` since ${since}` : ''}; ` +
            `gave up after waiting ${waitedSeconds} s. Wait for that deploy to finish, or raise the lock wait time.`);
        this.namespace = namespace;
        this.holder = holder;
        this.since = since;
        this.waitedSeconds = waitedSeconds;
    }
}
/** The lock was lost while held: someone else took it, or it could not be renewed in time. */
class LockLostError extends Error {
    namespace;
    name = 'LockLostError';
    constructor(namespace, message) {
        super(`lost the deploy lock of namespace ${namespace}: ${message}`);
        this.namespace = namespace;
    }
}
/** MicroTime, as the API server writes Lease times: RFC 3339 with microseconds. */
function microTime(ms) {
    return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
function expiresAt(spec) {
    const t = Date.parse(spec?.renewTime ?? spec?.acquireTime ?? '');
    if (Number.isNaN(t))
        return 0;
    return t + (spec?.leaseDurationSeconds ?? 0) * 1000;
}
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason);
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal.reason);
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
/**
 * Backoff between watches of the Lease that failed or ended at once (ms): first, cap. Each retry
 * re-reads the Lease, so the cap bounds how late a loss is noticed while watching does not work.
 */
const WATCH_BACKOFF = { firstMs: 250, maxMs: 2_000 };
/** Statuses that mean the Lease cannot be watched at all (RBAC without `watch`): renewals alone must do. */
const WATCH_REFUSED = new Set([401, 403, 405]);
/** A held deploy lock. Renews (and watches) itself until `release()`; `lost` fires if it stops being ours. */
class DeployLock {
    client;
    namespace;
    holder;
    lease;
    leaseSeconds;
    log;
    lostCtrl = new AbortController();
    stopCtrl = new AbortController();
    /** Stops the renewal and the watch: released, or lost (nothing left to keep). */
    halt = AbortSignal.any([this.stopCtrl.signal, this.lostCtrl.signal]);
    renewing;
    watching;
    released = false;
    constructor(client, namespace, holder, lease, leaseSeconds, log) {
        this.client = client;
        this.namespace = namespace;
        this.holder = holder;
        this.lease = lease;
        this.leaseSeconds = leaseSeconds;
        this.log = log;
        this.renewing = this.renewLoop();
        this.watching = this.watchLoop();
    }
    /** Aborted when the lock is no longer ours; its `reason` is a `LockLostError`. */
    get lost() {
        return this.lostCtrl.signal;
    }
    /** The Lease as last written by us. */
    get current() {
        return this.lease;
    }
    /**
     * Take the deploy lock of `namespace` for `holder` (the run URL), waiting while another holder
     * has a live lease. Throws `LockTimeoutError` naming the holder after `waitSeconds`. A lease
     * already naming `holder` (a re-run step of the same run) is taken at once. Expiry is judged
     * by this machine's clock against the holder's renewTime, so clocks must be roughly in sync.
     */
    static async acquire(client, namespace, holder, options = {}) {
        const leaseSeconds = options.leaseSeconds ?? 60;
        const waitSeconds = options.waitSeconds ?? 300;
        const pollMs = options.pollMs ?? 2000;
        const log = options.log ?? (() => undefined);
        if (!Number.isInteger(leaseSeconds) || leaseSeconds < 1)
            throw new RangeError(`lock lease seconds must be a whole number ≥ 1 (Lease leaseDurationSeconds is an integer), got ${leaseSeconds}`);
        if (!holder)
            throw new RangeError('the deploy lock needs a holder identity (the run URL)');
        const itemPath = `${LEASES}/namespaces/${encodeURIComponent(namespace)}/leases/${LOCK_NAME}`;
        const start = Date.now();
        const deadline = start + waitSeconds * 1000;
        let announced;
        for (;;) {
            options.signal?.throwIfAborted();
            const now = Date.now();
            const live = await getLease(client, itemPath, options.signal);
            let written;
            if (!live) {
                written = await createLease(client, namespace, holder, leaseSeconds, options);
            }
            else {
                const spec = live.spec ?? {};
                const other = spec.holderIdentity && spec.holderIdentity !== holder ? spec.holderIdentity : undefined;
                if (!other || expiresAt(spec) < now) {
                    written = await takeLease(client, itemPath, live, holder, leaseSeconds, options.signal);
                    if (written && other)
                        log(`took over the deploy lock from ${other}: its lease expired at ${new Date(expiresAt(spec)).toISOString()}`);
                }
                else {
                    const since = spec.acquireTime ?? spec.renewTime;
                    if (announced !== other) {
                        log(`waiting for the deploy lock held by ${other} since ${since ?? 'an unknown time'}`);
                        announced = other;
                    }
                    if (now >= deadline)
                        throw new LockTimeoutError(namespace, other, since, Math.round((now - start) / 1000));
                    // Wake up at the poll interval, when the lease expires, or at the deadline, whichever is first.
                    await sleep(Math.max(10, Math.min(pollMs, expiresAt(spec) - now + 10, deadline - now)), options.signal);
                    continue;
                }
            }
            // undefined: another writer won the race for the same resourceVersion or name; look again.
            if (written)
                return new DeployLock(client, namespace, holder, written, leaseSeconds, log);
        }
    }
    /**
     * Stop renewing and clear the holder, if the lease is still ours. Idempotent. Returns true when
     * this call released it.
     */
    async release() {
        if (this.released)
            return false;
        this.released = true;
        this.stopCtrl.abort();
        await Promise.all([this.renewing?.catch(() => undefined), this.watching?.catch(() => undefined)]);
        if (this.lost.aborted)
            return false;
        const path = this.itemPath();
        for (let attempt = 0; attempt < 5; attempt++) {
            const live = await getLease(this.client, path);
            if (!live || live.spec?.holderIdentity !== this.holder)
                return false;
            const { holderIdentity: _h, ...spec } = live.spec ?? {};
            try {
                await this.client.request('PUT', path, { body: { ...live, spec: { ...spec, renewTime: microTime(Date.now()) } } });
                return true;
            }
            catch (err) {
                if (!(err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 409))
                    throw err;
            }
        }
        return false;
    }
    itemPath() {
        return `${LEASES}/namespaces/${encodeURIComponent(this.namespace)}/leases/${LOCK_NAME}`;
    }
    lose(message) {
        // After release() starts, its own write clears the holder: that is not a loss.
        if (!this.lostCtrl.signal.aborted && !this.stopCtrl.signal.aborted) {
            const err = new LockLostError(this.namespace, message);
            this.log(err.message);
            this.lostCtrl.abort(err);
        }
    }
    /** Renew every third of the lease; a failed renewal is retried until the lease would expire. */
    async renewLoop() {
        const interval = (this.leaseSeconds * 1000) / 3;
        const stop = this.halt;
        let lastRenewed = Date.now();
        let lastError;
        let wait = interval;
        while (!stop.aborted) {
            try {
                await sleep(wait, stop);
            }
            catch {
                return;
            }
            const now = Date.now();
            try {
                const outcome = await this.renewOnce(stop);
                if (outcome === 'stopped')
                    return;
                if (typeof outcome === 'string')
                    return this.lose(outcome);
                lastRenewed = now;
                lastError = undefined;
                wait = interval;
            }
            catch (err) {
                if (stop.aborted)
                    return;
                lastError = err;
                if (Date.now() >= lastRenewed + this.leaseSeconds * 1000) {
                    return this.lose(`could not renew the lease for ${this.leaseSeconds} s, so another deploy may take it (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`);
                }
                wait = Math.min(interval, 1000);
            }
        }
    }
    /** One renewal: true when renewed, 'stopped' on release, a message when the lease is not ours any more. */
    async renewOnce(stop) {
        const path = this.itemPath();
        for (;;) {
            if (stop.aborted)
                return 'stopped';
            const body = { ...this.lease, spec: { ...this.lease.spec, renewTime: microTime(Date.now()) } };
            try {
                // No client-level retries: the loop retries on its own schedule and must notice expiry.
                this.lease = await this.client.request('PUT', path, { body, signal: stop, retry: false });
                return true;
            }
            catch (err) {
                if (stop.aborted)
                    return 'stopped';
                if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 404)
                    return 'the Lease was deleted';
                if (!(err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 409))
                    throw err;
            }
            // Someone else wrote the Lease: still ours (e.g. a label added) → retry on the new version.
            const live = await getLease(this.client, path, stop);
            const lostBecause = this.notOurs(live);
            if (lostBecause)
                return lostBecause;
            this.lease = live;
        }
    }
    /** Why the Lease as read (undefined: it does not exist) is not ours any more; undefined while it is. */
    notOurs(live) {
        if (!live)
            return 'the Lease was deleted';
        if (live.spec?.holderIdentity === this.holder)
            return undefined;
        return `${live.spec?.holderIdentity ? `${live.spec.holderIdentity} took it over` : 'its holder was cleared'} at ${live.spec?.acquireTime ?? 'an unknown time'}`;
    }
    /**
     * Watch the Lease (fieldSelector on its name, from the resourceVersion we wrote, so no event is
     * missed) and lose the lock on the first event that shows it deleted or held by someone else. A
     * watch that ends is resumed; one that fails, or misses history (410), is resumed after a GET
     * that re-checks the Lease. A cluster that refuses the watch (RBAC without `watch`) leaves the
     * renewals to notice, as before.
     */
    async watchLoop() {
        const halt = this.halt;
        let resourceVersion = resourceVersionOf(this.lease);
        let backoffMs = WATCH_BACKOFF.firstMs;
        while (!halt.aborted) {
            const started = Date.now();
            const end = await this.watchOnce(resourceVersion);
            if (halt.aborted)
                return;
            const code = statusCodeOf(end.err);
            if (code !== undefined && WATCH_REFUSED.has(code)) {
                this.log(`cannot watch the deploy lock Lease (HTTP ${code}); a lost lock is noticed at the next renewal instead`);
                return;
            }
            resourceVersion = end.resourceVersion ?? resourceVersion;
            // A watch the server closed after a while or after events (its timeout, the client's inactivity
            // timeout, a proxy cutting streams) is simply resumed; one that failed or ended at once waits,
            // longer each time.
            const clean = (!end.err || isTimeout(end.err)) && !end.gone && (end.events > 0 || Date.now() - started >= 1000);
            if (clean) {
                backoffMs = WATCH_BACKOFF.firstMs;
                continue;
            }
            try {
                await sleep(backoffMs, halt);
            }
            catch {
                return;
            }
            backoffMs = Math.min(WATCH_BACKOFF.maxMs, backoffMs * 2);
            try {
                const live = await getLease(this.client, this.itemPath(), halt);
                const lostBecause = this.notOurs(live);
                if (lostBecause)
                    return this.lose(lostBecause);
                resourceVersion = resourceVersionOf(live);
            }
            catch {
                // The API is unreachable: the renewals decide when that costs the lock; keep trying to watch.
            }
        }
    }
    /** One watch of the Lease until it ends; the last resourceVersion seen, and why it ended. */
    watchOnce(resourceVersion) {
        const halt = this.halt;
        const path = `${LEASES}/namespaces/${encodeURIComponent(this.namespace)}/leases`;
        // The server ends the watch itself before client-node's 30 s inactivity timeout would.
        const query = { fieldSelector: `metadata.name=${LOCK_NAME}`, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 25 };
        return new Promise((resolve) => {
            let lastRv = resourceVersion;
            let gone = false;
            let events = 0;
            let finished = false;
            let ctrl;
            const finish = (err) => {
                if (finished)
                    return;
                finished = true;
                halt.removeEventListener('abort', onHalt);
                ctrl?.abort();
                resolve({ ...(err ? { err } : {}), gone: gone || statusCodeOf(err) === 410, events, ...(lastRv ? { resourceVersion: lastRv } : {}) });
            };
            const onHalt = () => finish(undefined);
            halt.addEventListener('abort', onHalt, { once: true });
            this.client
                .watch(path, query, (type, obj) => {
                if (finished || halt.aborted)
                    return;
                if (type === 'ERROR') {
                    const status = obj;
                    if (status.code === 410)
                        gone = true;
                    finish(new _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3(`watch ${path}: ${status.message ?? 'error event'}`, status.code ?? 500));
                    return;
                }
                events++;
                lastRv = (obj && resourceVersionOf(obj)) ?? lastRv;
                if (type === 'BOOKMARK' || obj?.metadata?.name !== LOCK_NAME)
                    return;
                const lostBecause = this.notOurs(type === 'DELETED' ? undefined : obj);
                if (lostBecause) {
                    this.lose(lostBecause);
                    finish(undefined);
                }
            }, (err) => finish(err ?? undefined))
                .then((c) => {
                ctrl = c;
                if (finished)
                    c.abort();
            }, (err) => finish(err));
            if (halt.aborted)
                finish(undefined);
        });
    }
}
function resourceVersionOf(o) {
    const rv = o.metadata.resourceVersion;
    return typeof rv === 'string' && rv !== '' ? rv : undefined;
}
function statusCodeOf(err) {
    if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3)
        return err.code;
    // client-node puts the HTTP status of a refused watch in `statusCode` (DOMExceptions use `code` for other things).
    const code = err?.statusCode;
    return typeof code === 'number' ? code : undefined;
}
function isTimeout(err) {
    return (err instanceof Error || err instanceof DOMException) && err.name === 'TimeoutError';
}
async function getLease(client, path, signal) {
    try {
        return await client.request('GET', path, signal ? { signal } : {});
    }
    catch (err) {
        if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 404)
            return undefined;
        throw err;
    }
}
function leaseSpec(holder, leaseSeconds, transitions) {
    const now = microTime(Date.now());
    return { holderIdentity: holder, leaseDurationSeconds: leaseSeconds, acquireTime: now, renewTime: now, leaseTransitions: transitions };
}
/** Create the Lease; undefined when someone else created it first. */
async function createLease(client, namespace, holder, leaseSeconds, options) {
    const body = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: LOCK_NAME, namespace, labels: { 'app.kubernetes.io/managed-by': _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy } },
        spec: leaseSpec(holder, leaseSeconds, 0),
    };
    const path = `${LEASES}/namespaces/${encodeURIComponent(namespace)}/leases`;
    const query = { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy };
    const signal = options.signal ? { signal: options.signal } : {};
    try {
        return await client.request('POST', path, { body, query, ...signal });
    }
    catch (err) {
        if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 409)
            return undefined;
        const missingNamespace = err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 404 && err.status?.details?.kind === 'namespaces';
        if (!missingNamespace || options.createNamespace === false)
            throw err;
    }
    await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy } } }, { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy, ...signal });
    return undefined;
}
/** Write ourselves as holder on top of `live`; undefined when another writer got there first. */
async function takeLease(client, path, live, holder, leaseSeconds, signal) {
    const previous = live.spec ?? {};
    const sameHolder = previous.holderIdentity === holder;
    const spec = leaseSpec(holder, leaseSeconds, (previous.leaseTransitions ?? 0) + (previous.holderIdentity && !sameHolder ? 1 : 0));
    if (sameHolder && previous.acquireTime)
        spec.acquireTime = previous.acquireTime;
    try {
        // live carries its resourceVersion: the PUT only succeeds if nobody wrote in between.
        return await client.request('PUT', path, { body: { ...live, spec }, query: { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy }, ...(signal ? { signal } : {}) });
    }
    catch (err) {
        if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 409)
            return undefined;
        throw err;
    }
}


/***/ }),

/***/ 1337:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ prune),
/* harmony export */   w: () => (/* binding */ planPrune)
/* harmony export */ });
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9501);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1934);
/* harmony import */ var _release_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2495);



/** apps/v1 and apps/v1beta2 name the same object: identity is group + kind + namespace + name. */
function identity(k) {
    const group = k.apiVersion.includes('/') ? k.apiVersion.slice(0, k.apiVersion.lastIndexOf('/')) : '';
    return `${group}\u0000${k.kind}\u0000${k.namespace ?? ''}\u0000${k.name}`;
}
/**
 * The objects of `previous` absent from `next`, inside the namespaces of `next` (those its
 * namespaced objects live in, and those it declares as Namespace objects). Namespaces and
 * cluster-scoped objects are never candidates. Returned in reverse apply order, so dependents
 * (Ingress, Deployment) go before what they depend on (Service, ConfigMap).
 */
function planPrune(previous, next) {
    if (!previous)
        return [];
    const namespaces = new Set();
    for (const o of next) {
        if (o.kind === 'Namespace' && o.apiVersion === 'v1')
            namespaces.add(o.metadata.name);
        else if (o.metadata.namespace)
            namespaces.add(o.metadata.namespace);
    }
    const kept = new Set(next.map((o) => identity((0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .objectKey */ .T5)(o))));
    const out = [];
    for (const o of [...previous.objects].reverse()) {
        const key = (0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .objectKey */ .T5)(o);
        if (o.kind === 'Namespace' || !key.namespace || !namespaces.has(key.namespace) || kept.has(identity(key)))
            continue;
        out.push({ key, release: previous.release });
    }
    return out;
}
/**
 * Delete the candidates (propagation Background, guarded by the uid read back so an object
 * recreated meanwhile is not deleted), skipping any that are gone or no longer labelled with
 * their release. With `dryRun` the server checks each delete and nothing is removed.
 */
async function prune(client, candidates, options = {}) {
    const result = { deleted: [], skipped: [] };
    const skip = (key, reason) => {
        result.skipped.push({ key, reason });
        options.onResult?.(key, 'skipped', reason);
    };
    for (const { key, release } of candidates) {
        options.signal?.throwIfAborted();
        const live = await client.get(key.apiVersion, key.kind, key.namespace, key.name);
        if (!live) {
            skip(key, 'already gone');
            continue;
        }
        const label = live.metadata.labels?.[_release_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL_RELEASE */ .P2];
        if (label !== release) {
            skip(key, label === undefined ? `no longer labelled ${_release_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL_RELEASE */ .P2}=${release}` : `labelled ${_release_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL_RELEASE */ .P2}=${label}, not ${release}`);
            continue;
        }
        if (live.metadata['deletionTimestamp']) {
            skip(key, 'already being deleted');
            continue;
        }
        try {
            await client.request('DELETE', await client.pathFor(key.apiVersion, key.kind, key.namespace, key.name), {
                body: {
                    kind: 'DeleteOptions',
                    apiVersion: 'v1',
                    propagationPolicy: 'Background',
                    preconditions: { uid: live.metadata['uid'] },
                    ...(options.dryRun ? { dryRun: ['All'] } : {}),
                },
                ...(options.dryRun ? { query: { dryRun: 'All' } } : {}),
                ...(options.signal ? { signal: options.signal } : {}),
            });
        }
        catch (err) {
            if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 404) {
                skip(key, 'already gone');
                continue;
            }
            if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && err.code === 409) {
                skip(key, 'replaced by a new object of the same name while pruning');
                continue;
            }
            throw new Error(`prune of ${(0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .describeObject */ .v8)(key)} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
        result.deleted.push(key);
        options.onResult?.(key, 'deleted');
    }
    return result;
}


/***/ }),

/***/ 8557:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ restoreRelease)
/* harmony export */ });
/* unused harmony export undoDeployment */
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9501);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1934);


const REVISION = 'deployment.kubernetes.io/revision';
function sameKey(a, b) {
    const ka = 'metadata' in a ? (0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .objectKey */ .T5)(a) : a;
    const kb = 'metadata' in b ? (0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .objectKey */ .T5)(b) : b;
    const group = (v) => (v.includes('/') ? v.split('/')[0] : '');
    return group(ka.apiVersion) === group(kb.apiVersion) && ka.kind === kb.kind && (ka.namespace ?? '') === (kb.namespace ?? '') && ka.name === kb.name;
}
/**
 * Put the cluster back on `previous`: re-apply its objects as recorded (forcing: they are ours);
 * delete what the failed deploy created that `previous` does not have; and for Deployments the
 * failed deploy changed but no record covers, go back to their previous ReplicaSet the way
 * `kubectl rollout undo` does. With no previous release at all, everything the failed deploy
 * created is deleted and changed Deployments are undone.
 */
async function restoreRelease(client, previous, failed, opts = {}) {
    const log = opts.log ?? (() => { });
    const outcome = { applied: [], deleted: [], undone: [], notes: [] };
    if (previous) {
        log(`restoring release ${previous.release} v${previous.number} (${previous.objects.length} objects)`);
        outcome.applied = await (0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .applyObjects */ .r3)(client, previous.objects, { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy, force: true, ...(opts.signal ? { signal: opts.signal } : {}) });
    }
    const keep = previous?.objects ?? [];
    // Reverse apply order: dependents before what they depend on.
    for (const r of [...failed.results].reverse()) {
        if (keep.some((o) => sameKey(o, r.key)))
            continue;
        const what = (0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .describeObject */ .v8)(r.key);
        if (r.action === 'created') {
            if (await client.delete(r.key.apiVersion, r.key.kind, r.key.namespace, r.key.name, 'Background')) {
                outcome.deleted.push(what);
                log(`deleted ${what} (created by the failed release)`);
            }
        }
        else if (r.action === 'configured' && r.key.kind === 'Deployment') {
            const undone = await undoDeployment(client, r.key.namespace ?? 'default', r.key.name);
            if (undone) {
                outcome.undone.push(what);
                log(`rolled back ${what} to revision ${undone} (no release record: rollout undo)`);
            }
            else {
                outcome.notes.push(`${what}: no earlier revision to return to`);
            }
        }
        else if (r.action === 'configured') {
            outcome.notes.push(`${what} was changed by the failed release and no earlier release record holds it; left as is`);
        }
    }
    return outcome;
}
/**
 * `kubectl rollout undo`: put the Deployment's pod template back to the one of its newest
 * ReplicaSet older than the current revision. Returns the revision restored, or undefined when
 * there is none.
 */
async function undoDeployment(client, namespace, name, attempt = 1) {
    const deploy = await client.get('apps/v1', 'Deployment', namespace, name);
    if (!deploy)
        return undefined;
    const current = Number(deploy.metadata.annotations?.[REVISION] ?? '0');
    const uid = deploy.metadata['uid'];
    const { items } = await client.list('apps/v1', 'ReplicaSet', namespace);
    const owned = items
        .filter((rs) => (rs.metadata['ownerReferences'] ?? []).some((o) => o.uid === uid))
        .map((rs) => ({ rs, revision: Number(rs.metadata.annotations?.[REVISION] ?? '0') }))
        .filter((x) => x.revision > 0 && x.revision < current)
        .sort((a, b) => b.revision - a.revision);
    const target = owned[0];
    if (!target)
        return undefined;
    const template = structuredClone(target.rs['spec'].template);
    if (template.metadata?.labels)
        delete template.metadata.labels['pod-template-hash'];
    const path = await client.pathFor('apps/v1', 'Deployment', namespace, name);
    try {
        await client.request('PATCH', path, {
            body: [
                { op: 'test', path: '/metadata/resourceVersion', value: deploy.metadata['resourceVersion'] },
                { op: 'replace', path: '/spec/template', value: template },
            ],
            contentType: 'application/json-patch+json',
            query: { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_0__/* .FIELD_MANAGER */ .vy },
        });
    }
    catch (err) {
        if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .KubeApiError */ .W3 && (err.code === 409 || err.code === 422) && attempt < 3) {
            // Someone changed it between our read and the patch (the test op failed): read again.
            return undoDeployment(client, namespace, name, attempt + 1);
        }
        throw err;
    }
    return target.revision;
}


/***/ })

};
