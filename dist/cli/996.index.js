export const id = 996;
export const ids = [996];
export const modules = {

/***/ 2456:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ connect)
/* harmony export */ });
/* harmony import */ var _aws_eks_token_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1104);
/* harmony import */ var _aws_eks_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4192);
/* harmony import */ var _kube_client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1934);



/**
 * Connect: to EKS by name (DescribeCluster for endpoint and CA, a bearer token made here and
 * refreshed before it expires), or through a kubeconfig. With a kubeconfig plus a cluster name
 * and region, the Fargate profiles still come from EKS so preflight can check them.
 */
async function connect(target, eksClients = _aws_eks_js__WEBPACK_IMPORTED_MODULE_1__/* .defaultEksClients */ .hI) {
    if (target.kind === 'eks') {
        const { eks, sts } = eksClients(target.region);
        const [info, identity, profiles] = await Promise.all([
            (0,_aws_eks_js__WEBPACK_IMPORTED_MODULE_1__/* .describeCluster */ .K$)(eks, target.clusterName, target.region),
            (0,_aws_eks_js__WEBPACK_IMPORTED_MODULE_1__/* .callerIdentity */ .IX)(sts),
            (0,_aws_eks_js__WEBPACK_IMPORTED_MODULE_1__/* .listFargateProfiles */ .VH)(eks, target.clusterName, { region: target.region }),
        ]);
        const tokens = new _aws_eks_token_js__WEBPACK_IMPORTED_MODULE_0__/* .EksTokenSource */ .Wl({ clusterName: target.clusterName, region: target.region });
        const client = _kube_client_js__WEBPACK_IMPORTED_MODULE_2__/* .KubeClient */ .Bx.fromCluster({ server: info.endpoint, caData: info.caData, token: () => tokens.token(), name: target.clusterName });
        return { client, describe: `EKS cluster ${target.clusterName} (${target.region})`, clusterName: target.clusterName, region: target.region, profiles, identity: identity.arn };
    }
    const client = _kube_client_js__WEBPACK_IMPORTED_MODULE_2__/* .KubeClient */ .Bx.fromKubeconfig(target.path, target.context);
    const conn = { client, describe: `kubeconfig context ${client.kc.getCurrentContext()} (${client.server})` };
    if (target.clusterName && target.region) {
        const { eks } = eksClients(target.region);
        conn.profiles = await (0,_aws_eks_js__WEBPACK_IMPORTED_MODULE_1__/* .listFargateProfiles */ .VH)(eks, target.clusterName, { region: target.region });
        conn.clusterName = target.clusterName;
        conn.region = target.region;
    }
    return conn;
}


/***/ }),

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
const KUSTOMIZE_MAX_OUTPUT = 64 * 1024 * 1024;
/** Far above any real manifest (the API server refuses objects over ~1.5 MiB), far below trouble. */
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
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
    const text = await (0,promises_.readFile)(external_node_path_default().join(dir.real, fileName), 'utf8');
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
        const { size } = await (0,promises_.stat)(unit.real);
        if (size > MAX_MANIFEST_BYTES) {
            errors.push(new src_errors/* UserInputError */.m2(`is ${Math.ceil(size / 1024 / 1024)} MiB; manifest files are limited to ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB`, unit.rel));
            return [];
        }
        text = await (0,promises_.readFile)(unit.real, 'utf8');
    }
    catch (err) {
        errors.push(new src_errors/* UserInputError */.m2(errnoText(err), unit.rel));
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
            maxBuffer: KUSTOMIZE_MAX_OUTPUT,
            encoding: 'utf8',
            windowsHide: true,
        }));
    }
    catch (err) {
        const e = err;
        let why;
        if (e.code === 'ENOENT')
            why = `${(0,src_errors/* showValue */.vp)(kubectl)} was not found; install kubectl (it renders kustomize directories)`;
        else if (e.killed || e.signal)
            why = `did not finish within ${timeout % 1000 === 0 ? `${timeout / 1000} s` : `${timeout} ms`}`;
        else if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
            why = `produced more than ${KUSTOMIZE_MAX_OUTPUT / 1024 / 1024} MiB`;
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
// EXTERNAL MODULE: ./src/commands/plan.ts + 5 modules
var plan = __webpack_require__(9558);
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

// EXTERNAL MODULE: ./src/commands/steps.ts + 6 modules
var steps = __webpack_require__(7664);
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
    /** Cancelled (SIGINT/SIGTERM); the previous release was restored. */
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
    out.findings.push(...checks);
    if (checks.some((f) => f.severity === 'blocker'))
        return reject(out, DeployExit.Rejected, `preflight failed: ${count(checks)} blocker(s); nothing was applied`);
    const namespaces = [...new Set([config.namespace, ...prepared.rendered.namespaces])].sort();
    const locks = [];
    for (const ns of namespaces) {
        locks.push(await phase(`lock ${ns}`, () => lock/* DeployLock */.Fc.acquire(conn.client, ns, config.holder, { waitSeconds: config.lockWaitSeconds, log, ...(deps.signal ? { signal: deps.signal } : {}) })));
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

/***/ 7664:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Wp: () => (/* binding */ ingressUrls),
  yo: () => (/* binding */ releaseTargets),
  KH: () => (/* binding */ smokeTest),
  mr: () => (/* binding */ trackRollouts),
  Qp: () => (/* binding */ verifyPods)
});

// UNUSED EXPORTS: SANDBOX_URL_ANNOTATION, ingressBaseUrl

// EXTERNAL MODULE: ./src/kube/client.ts
var client = __webpack_require__(1934);
;// CONCATENATED MODULE: ./src/kube/rollout-status.ts
/** The kinds whose rollout the tracker understands. */
const TRACKED_KINDS = ['Deployment', 'StatefulSet', 'Job', 'Service', 'Ingress'];
function num(v) {
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
function rec(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
/** Conditions of an object's status (empty when absent or malformed). */
function conditionsOf(obj) {
    const c = rec(obj?.['status'])['conditions'];
    return Array.isArray(c) ? c.filter((x) => x && typeof x === 'object' && typeof x.type === 'string') : [];
}
/** One condition by type. */
function conditionOf(obj, type) {
    return conditionsOf(obj).find((c) => c.type === type);
}
function generationObserved(obj) {
    const generation = num(obj.metadata['generation']);
    const observed = num(rec(obj['status'])['observedGeneration']);
    return generation <= observed;
}
/**
 * Deployment rollout status as `kubectl rollout status deployment/NAME` computes it:
 * generation observed; `Progressing=False/ProgressDeadlineExceeded` fails; then updated <
 * desired, old replicas pending termination, and available < updated keep it waiting.
 * `newRS` (the ReplicaSet of the current template, when known) only enriches the numbers.
 */
function deploymentStatus(deploy, newRS) {
    const name = deploy.metadata.name;
    const spec = rec(deploy['spec']);
    const st = rec(deploy['status']);
    const replicas = spec['replicas'] === undefined ? 1 : num(spec['replicas']);
    const counts = {
        updated: num(st['updatedReplicas']),
        ready: num(st['readyReplicas']),
        available: num(st['availableReplicas']),
        replicas,
    };
    if (!generationObserved(deploy)) {
        return { done: false, message: 'Waiting for deployment spec update to be observed...', ...counts };
    }
    const progressing = conditionOf(deploy, 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') {
        const failed = `deployment "${name}" exceeded its progress deadline`;
        return { done: false, failed, message: failed, ...counts };
    }
    // kubectl keeps waiting on a paused Deployment; the message says why it will never move by itself.
    const paused = spec['paused'] === true ? ` (deployment "${name}" is paused; it will not progress until resumed)` : '';
    const statusReplicas = num(st['replicas']);
    if (counts.updated < replicas) {
        return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${counts.updated} out of ${replicas} new replicas have been updated...${paused}`, ...counts };
    }
    if (statusReplicas > counts.updated) {
        return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${statusReplicas - counts.updated} old replicas are pending termination...${paused}`, ...counts };
    }
    if (counts.available < counts.updated) {
        return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${counts.available} of ${counts.updated} updated replicas are available...${paused}`, ...counts };
    }
    const rsName = newRS?.metadata.name;
    return { done: true, message: `deployment "${name}" successfully rolled out${rsName ? ` (ReplicaSet ${rsName})` : ''}`, ...counts };
}
/**
 * StatefulSet rollout status as `kubectl rollout status statefulset/NAME` computes it: only the
 * RollingUpdate strategy has a rollout; ready < desired waits; with a partition, the pods at or
 * above the partition must be updated; otherwise currentRevision must reach updateRevision.
 */
function statefulSetStatus(sts) {
    const spec = rec(sts['spec']);
    const st = rec(sts['status']);
    const replicas = spec['replicas'] === undefined ? 1 : num(spec['replicas']);
    const counts = { updated: num(st['updatedReplicas']), ready: num(st['readyReplicas']), available: num(st['availableReplicas']), replicas };
    const strategy = rec(spec['updateStrategy']);
    const type = strategy['type'] ?? 'RollingUpdate';
    if (type !== 'RollingUpdate') {
        const failed = `rollout status is only available for RollingUpdate strategy type (statefulset "${sts.metadata.name}" uses ${type})`;
        return { done: false, failed, message: failed, ...counts };
    }
    if (num(st['observedGeneration']) === 0 || !generationObserved(sts)) {
        return { done: false, message: 'Waiting for statefulset spec update to be observed...', ...counts };
    }
    if (counts.ready < replicas) {
        return { done: false, message: `Waiting for ${replicas - counts.ready} pods to be ready...`, ...counts };
    }
    const ru = rec(strategy['rollingUpdate']);
    if (strategy['rollingUpdate'] !== undefined) {
        if (ru['partition'] !== undefined) {
            const want = replicas - num(ru['partition']);
            if (counts.updated < want) {
                return { done: false, message: `Waiting for partitioned roll out to finish: ${counts.updated} out of ${want} new pods have been updated...`, ...counts };
            }
        }
        return { done: true, message: `partitioned roll out complete: ${counts.updated} new pods have been updated...`, ...counts };
    }
    const updateRevision = st['updateRevision'];
    const currentRevision = st['currentRevision'];
    if (updateRevision !== currentRevision) {
        return { done: false, message: `waiting for statefulset rolling update to complete ${counts.updated} pods at revision ${updateRevision ?? '?'}...`, ...counts };
    }
    return { done: true, message: `statefulset rolling update complete ${num(st['currentReplicas'])} pods at revision ${currentRevision ?? '?'}...`, ...counts };
}
/** Job status: the `Complete` condition finishes it, the `Failed` condition fails it. */
function jobStatus(job) {
    const spec = rec(job['spec']);
    const st = rec(job['status']);
    const completions = spec['completions'] === undefined ? 1 : num(spec['completions']);
    const counts = { updated: num(st['active']) + num(st['succeeded']) + num(st['failed']), ready: num(st['ready']), available: num(st['succeeded']), replicas: completions };
    const failedCond = conditionsOf(job).find((c) => c.type === 'Failed' && c.status === 'True');
    if (failedCond) {
        const failed = `job "${job.metadata.name}" failed: ${failedCond.reason ?? 'Failed'}${failedCond.message ? `: ${failedCond.message}` : ''}`;
        return { done: false, failed, message: failed, ...counts };
    }
    if (conditionsOf(job).some((c) => c.type === 'Complete' && c.status === 'True')) {
        return { done: true, message: `job "${job.metadata.name}" completed (${counts.available} of ${completions} succeeded)`, ...counts };
    }
    return { done: false, message: `Waiting for job "${job.metadata.name}" to complete: ${counts.available} of ${completions} succeeded, ${num(st['active'])} active, ${num(st['failed'])} failed...`, ...counts };
}
function lbAddresses(obj) {
    const ingress = rec(rec(rec(obj['status'])['loadBalancer']))['ingress'];
    if (!Array.isArray(ingress))
        return [];
    return ingress.map((i) => rec(i)['hostname'] ?? rec(i)['ip'] ?? '').filter((a) => a !== '');
}
/** Service status: a `LoadBalancer` Service is ready once an address is assigned; others at once. */
function serviceStatus(svc) {
    const type = rec(svc['spec'])['type'] ?? 'ClusterIP';
    const base = { updated: 0, ready: 0, available: 0, replicas: 1 };
    if (type !== 'LoadBalancer')
        return { done: true, message: `service "${svc.metadata.name}" is of type ${type}; nothing to wait for`, ...base };
    const addrs = lbAddresses(svc);
    if (addrs.length === 0)
        return { done: false, message: `Waiting for service "${svc.metadata.name}" to get a load balancer address...`, ...base };
    return { done: true, message: `service "${svc.metadata.name}" has load balancer ${addrs.join(', ')}`, ...base, updated: 1, ready: 1, available: 1 };
}
/** The IngressClass an Ingress asks for (spec field first, then the legacy annotation). */
function ingressClassOf(ing) {
    return rec(ing['spec'])['ingressClassName'] ?? ing.metadata.annotations?.['kubernetes.io/ingress.class'];
}
/**
 * Ingress status: an Ingress of class `alb` is ready once the AWS Load Balancer Controller wrote
 * the ALB hostname into `status.loadBalancer.ingress`; Ingresses of other classes are not waited on.
 */
function ingressStatus(ing, albClasses = ['alb']) {
    const cls = ingressClassOf(ing);
    const base = { updated: 0, ready: 0, available: 0, replicas: 1 };
    if (cls === undefined || !albClasses.includes(cls)) {
        return { done: true, message: `ingress "${ing.metadata.name}" has class ${cls ?? '(none)'}, not alb; its address is not waited for`, ...base };
    }
    const hosts = lbAddresses(ing);
    if (hosts.length === 0)
        return { done: false, message: `Waiting for ingress "${ing.metadata.name}" to get an ALB address...`, ...base };
    return { done: true, message: `ingress "${ing.metadata.name}" is served by ${hosts.join(', ')}`, ...base, updated: 1, ready: 1, available: 1 };
}
/** Dispatches on `obj.kind` to the status function of that kind. */
function objectRolloutStatus(obj, newRS) {
    switch (obj.kind) {
        case 'Deployment':
            return deploymentStatus(obj, newRS);
        case 'StatefulSet':
            return statefulSetStatus(obj);
        case 'Job':
            return jobStatus(obj);
        case 'Service':
            return serviceStatus(obj);
        case 'Ingress':
            return ingressStatus(obj);
        default:
            throw new Error(`rollout status of kind ${obj.kind} (${obj.metadata.namespace ?? ''}/${obj.metadata.name}) is not supported; supported kinds: ${TRACKED_KINDS.join(', ')}`);
    }
}
/**
 * The ReplicaSet of a Deployment's current template among `replicaSets`, as kubectl's
 * `FindNewReplicaSet` picks it: owned by the Deployment (controller reference) and with the
 * same pod template once the `pod-template-hash` label is ignored. Oldest first on ties.
 */
function findNewReplicaSet(deploy, replicaSets) {
    const uid = deploy.metadata['uid'];
    const want = canonicalTemplate(rec(deploy['spec'])['template']);
    const owned = [];
    for (const rs of replicaSets)
        if (isControlledBy(rs, uid))
            owned.push(rs);
    owned.sort((a, b) => String(a.metadata['creationTimestamp'] ?? '').localeCompare(String(b.metadata['creationTimestamp'] ?? '')));
    return owned.find((rs) => canonicalTemplate(rec(rs['spec'])['template']) === want);
}
/** True when `obj` has a controller owner reference to `uid`. */
function isControlledBy(obj, uid) {
    if (!uid)
        return false;
    const refs = obj.metadata['ownerReferences'];
    return Array.isArray(refs) && refs.some((r) => rec(r)['controller'] === true && rec(r)['uid'] === uid);
}
function canonicalTemplate(template) {
    const t = structuredClone(rec(template));
    const meta = rec(t['metadata']);
    const labels = { ...rec(meta['labels']) };
    delete labels['pod-template-hash'];
    t['metadata'] = { ...meta, labels };
    return stableJson(t);
}
function stableJson(v) {
    if (Array.isArray(v))
        return `[${v.map(stableJson).join(',')}]`;
    if (v !== null && typeof v === 'object') {
        const o = v;
        return `{${Object.keys(o)
            .filter((k) => o[k] !== undefined)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
            .join(',')}}`;
    }
    return JSON.stringify(v);
}

;// CONCATENATED MODULE: ./src/kube/pod-problems.ts

/** Reasons a problem is reported with (the kubelet's / scheduler's own words where they exist). */
const PodProblemReasons = (/* unused pure expression or super */ null && ([
    'FailedScheduling',
    'ErrImagePull',
    'ImagePullBackOff',
    'InvalidImageName',
    'ErrImageNeverPull',
    'CreateContainerConfigError',
    'CreateContainerError',
    'RunContainerError',
    'OOMKilled',
    'CrashLoopBackOff',
    'ReadinessProbeFailing',
    'FailedCreate',
]));
function eventsOf(opts, uid) {
    const c = opts.eventsByUid?.get(uid);
    return c ? [...c.values()] : undefined;
}
const IMAGE_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);
const CONFIG_REASONS = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);
/** Order in which problems are reported: the earliest cause first. */
const PRIORITY = {
    FailedCreate: 0,
    FailedScheduling: 1,
    InvalidImageName: 2,
    ErrImageNeverPull: 2,
    ErrImagePull: 3,
    ImagePullBackOff: 3,
    CreateContainerConfigError: 4,
    CreateContainerError: 4,
    RunContainerError: 4,
    OOMKilled: 5,
    CrashLoopBackOff: 6,
    ReadinessProbeFailing: 7,
};
function pod_problems_rec(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
function arr(v) {
    return Array.isArray(v) ? v.map(pod_problems_rec) : [];
}
function str(v) {
    return typeof v === 'string' ? v : undefined;
}
/** `Reason: message (×count)` of an object's Warning events, oldest first, at most `max`. */
function lastWarnings(events, max = 3) {
    if (!events || events.length === 0)
        return [];
    const warnings = events.filter((e) => e['type'] === 'Warning' || e['reason'] === 'BackOff');
    const time = (e) => str(e['lastTimestamp']) ?? str(e['eventTime']) ?? str(e['firstTimestamp']) ?? '';
    return [...warnings]
        .sort((a, b) => time(a).localeCompare(time(b)) || String(a.metadata.name).localeCompare(String(b.metadata.name)))
        .slice(-max)
        .map((e) => {
        const count = typeof e['count'] === 'number' && e['count'] > 1 ? ` (×${e['count']})` : '';
        return `${str(e['reason']) ?? 'Event'}: ${oneLine(str(e['message']) ?? '')}${count}`;
    });
}
function oneLine(s, max = 300) {
    const t = s.replace(/\s+/g, ' ').trim();
    return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
function unhealthyReadinessCount(events) {
    let count = 0;
    let last;
    for (const e of events ?? []) {
        const msg = str(e['message']) ?? '';
        if (e['reason'] === 'Unhealthy' && msg.startsWith('Readiness probe failed')) {
            count += typeof e['count'] === 'number' ? e['count'] : 1;
            last = msg;
        }
    }
    return { count, ...(last !== undefined ? { last } : {}) };
}
function labelsText(labels) {
    const entries = Object.entries(labels ?? {}).filter(([k]) => k !== 'pod-template-hash');
    return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '(none)';
}
function schedulingCandidate(pod, uid) {
    const cond = conditionOf(pod, 'PodScheduled');
    if (!cond || cond.status !== 'False')
        return undefined;
    const spec = pod_problems_rec(pod['spec']);
    const msg = oneLine(cond.message ?? cond.reason ?? 'unschedulable');
    let detail;
    if (msg.startsWith('Pod not supported on Fargate'))
        detail = msg;
    else if (spec['schedulerName'] !== 'fargate-scheduler') {
        // The EKS webhook hands pods a Fargate profile matches to fargate-scheduler; any other
        // scheduler means no profile selected this namespace + labels.
        detail = `no Fargate profile selects namespace "${pod.metadata.namespace ?? 'default'}" with labels ${labelsText(pod.metadata.labels)} (default-scheduler: ${msg})`;
    }
    else
        detail = msg;
    return { key: `${uid}//FailedScheduling`, object: pod.metadata.name, kind: 'Pod', uid, reason: 'FailedScheduling', detail };
}
function containerCandidates(pod, uid, now, events) {
    const out = [];
    const spec = pod_problems_rec(pod['spec']);
    const st = pod_problems_rec(pod['status']);
    const specs = new Map();
    for (const c of [...arr(spec['initContainers']), ...arr(spec['containers'])])
        specs.set(String(c['name']), c);
    const statuses = [...arr(st['initContainerStatuses']), ...arr(st['containerStatuses'])];
    const podReady = conditionOf(pod, 'Ready')?.status === 'True';
    for (const cs of statuses) {
        const name = String(cs['name'] ?? '');
        const state = pod_problems_rec(cs['state']);
        const waiting = pod_problems_rec(state['waiting']);
        const running = state['running'] !== undefined ? pod_problems_rec(state['running']) : undefined;
        const terminated = state['terminated'] !== undefined ? pod_problems_rec(state['terminated']) : undefined;
        const last = pod_problems_rec(pod_problems_rec(cs['lastState'])['terminated']);
        const restarts = typeof cs['restartCount'] === 'number' ? cs['restartCount'] : 0;
        const base = { object: pod.metadata.name, kind: 'Pod', uid, container: name };
        const wReason = str(waiting['reason']);
        const wMsg = oneLine(str(waiting['message']) ?? '');
        const lastExit = last['reason'] !== undefined || last['exitCode'] !== undefined ? `last exit: ${str(last['reason']) ?? 'Error'} (exit code ${String(last['exitCode'] ?? '?')})` : '';
        if (wReason && IMAGE_REASONS.has(wReason)) {
            // The pull error itself (not "Back-off pulling image") is what a user can act on.
            const pullError = [...(events ?? [])].reverse().find((e) => e['reason'] === 'Failed' && (str(e['message']) ?? '').startsWith('Failed to pull image'));
            const reason = (wReason === 'RegistryUnavailable' ? 'ErrImagePull' : wReason);
            const detail = pullError ? oneLine(str(pullError['message']) ?? '') : wMsg || `image ${String(specs.get(name)?.['image'] ?? '?')} cannot be pulled`;
            out.push({ ...base, key: `${uid}/${name}/image`, reason, detail });
            continue;
        }
        if (wReason && CONFIG_REASONS.has(wReason)) {
            out.push({ ...base, key: `${uid}/${name}/config`, reason: wReason, detail: wMsg || wReason });
            continue;
        }
        const oom = terminated?.['reason'] === 'OOMKilled' || (last['reason'] === 'OOMKilled' && (wReason === 'CrashLoopBackOff' || (running !== undefined && !cs['ready'])));
        if (oom) {
            const limit = pod_problems_rec(pod_problems_rec(specs.get(name)?.['resources'])['limits'])['memory'] ?? pod_problems_rec(pod_problems_rec(specs.get(name)?.['resources'])['requests'])['memory'];
            out.push({ ...base, key: `${uid}/${name}/crash`, reason: 'OOMKilled', detail: `killed for using more memory than ${limit !== undefined ? `its ${String(limit)} limit` : 'the pod has'}; restarted ${restarts} times${lastExit ? `, ${lastExit}` : ''}` });
            continue;
        }
        if (wReason === 'CrashLoopBackOff' || (running !== undefined && restarts > 0 && !cs['ready'] && !podReady)) {
            out.push({ ...base, key: `${uid}/${name}/crash`, reason: 'CrashLoopBackOff', detail: `restarted ${restarts} times${lastExit ? `, ${lastExit}` : ''}${wMsg ? `; ${wMsg}` : ''}` });
            continue;
        }
        const probe = pod_problems_rec(specs.get(name)?.['readinessProbe']);
        if (running !== undefined && !cs['ready'] && specs.get(name)?.['readinessProbe'] !== undefined) {
            const failureThreshold = typeof probe['failureThreshold'] === 'number' ? probe['failureThreshold'] : 3;
            const period = typeof probe['periodSeconds'] === 'number' ? probe['periodSeconds'] : 10;
            const initialDelay = typeof probe['initialDelaySeconds'] === 'number' ? probe['initialDelaySeconds'] : 0;
            const { count, last: lastFailure } = unhealthyReadinessCount(events);
            const startedAt = Date.parse(str(running['startedAt']) ?? '');
            const budgetMs = (initialDelay + period * failureThreshold) * 1000;
            const pastTime = Number.isFinite(startedAt) && now - startedAt >= budgetMs;
            if (count >= failureThreshold || pastTime) {
                const why = count > 0 ? `readiness probe failed ${count} times (failureThreshold ${failureThreshold}): ${oneLine(lastFailure ?? '')}` : `running but not ready for more than initialDelaySeconds ${initialDelay} + periodSeconds ${period} × failureThreshold ${failureThreshold} = ${budgetMs / 1000}s`;
                out.push({ ...base, key: `${uid}/${name}/readiness`, reason: 'ReadinessProbeFailing', detail: why });
            }
        }
    }
    return out;
}
/** Candidate problem of a ReplicaSet that cannot create its pods (quota, admission, ...). */
function replicaSetCandidate(rs) {
    const cond = conditionOf(rs, 'ReplicaFailure');
    if (!cond || cond.status !== 'True')
        return undefined;
    const uid = String(rs.metadata['uid'] ?? rs.metadata.name);
    return { key: `${uid}//FailedCreate`, object: rs.metadata.name, kind: 'ReplicaSet', uid, reason: 'FailedCreate', detail: oneLine(cond.message ?? cond.reason ?? 'cannot create pods') };
}
/**
 * Every current problem of the new pods (and their ReplicaSet, when given), most fundamental
 * first, each marked blocking once it has persisted for `graceMs`. Updates `opts.seen`.
 */
function findPodProblems(pods, opts, replicaSet) {
    const candidates = [];
    const rsCandidate = replicaSet ? replicaSetCandidate(replicaSet) : undefined;
    if (rsCandidate)
        candidates.push(rsCandidate);
    const sorted = [...pods].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    for (const pod of sorted) {
        if (pod.metadata['deletionTimestamp'])
            continue;
        const uid = String(pod.metadata['uid'] ?? pod.metadata.name);
        const events = eventsOf(opts, uid);
        const sched = schedulingCandidate(pod, uid);
        if (sched)
            candidates.push(sched);
        else
            candidates.push(...containerCandidates(pod, uid, opts.now, events));
    }
    const seenNow = new Set();
    const out = [];
    for (const c of candidates) {
        seenNow.add(c.key);
        let since = opts.seen.get(c.key);
        if (since === undefined)
            opts.seen.set(c.key, (since = opts.now));
        const blockingAt = since + opts.graceMs;
        out.push({
            object: c.object,
            kind: c.kind,
            ...(c.container !== undefined ? { container: c.container } : {}),
            reason: c.reason,
            detail: c.detail,
            events: lastWarnings(eventsOf(opts, c.uid), opts.maxEvents ?? 3),
            since,
            blockingAt,
            blocking: opts.now >= blockingAt,
        });
    }
    // Only keys of the objects looked at now are forgotten: the memo may be shared across targets.
    const scope = new Set(candidatesScope(pods, replicaSet));
    for (const key of [...opts.seen.keys()])
        if (scope.has(key.split('/')[0]) && !seenNow.has(key))
            opts.seen.delete(key);
    return out.sort((a, b) => PRIORITY[a.reason] - PRIORITY[b.reason] || a.since - b.since || a.object.localeCompare(b.object));
}
function candidatesScope(pods, rs) {
    const uids = pods.map((p) => String(p.metadata['uid'] ?? p.metadata.name));
    if (rs)
        uids.push(String(rs.metadata['uid'] ?? rs.metadata.name));
    return uids;
}
/** The first problem that blocks, in report order; undefined when none does (yet). */
function firstBlockingProblem(problems) {
    return problems.find((p) => p.blocking);
}
/**
 * One line a human can act on: `ImagePullBackOff on web-7c9f6-x2k4q/app: Failed to pull image …;
 * last events: Failed: … (×3); BackOff: …`.
 */
function describePodProblem(p) {
    const where = p.container ? `${p.object}/${p.container}` : p.object;
    const events = p.events.length ? `; last events: ${p.events.join('; ')}` : '';
    return `${p.reason} on ${where}: ${p.detail}${events}`;
}

;// CONCATENATED MODULE: ./src/kube/rollout.ts



const RESOURCES = {
    deployments: { base: '/apis/apps/v1', plural: 'deployments', kind: 'Deployment' },
    replicasets: { base: '/apis/apps/v1', plural: 'replicasets', kind: 'ReplicaSet' },
    statefulsets: { base: '/apis/apps/v1', plural: 'statefulsets', kind: 'StatefulSet' },
    jobs: { base: '/apis/batch/v1', plural: 'jobs', kind: 'Job' },
    pods: { base: '/api/v1', plural: 'pods', kind: 'Pod' },
    events: { base: '/api/v1', plural: 'events', kind: 'Event' },
    services: { base: '/api/v1', plural: 'services', kind: 'Service' },
    ingresses: { base: '/apis/networking.k8s.io/v1', plural: 'ingresses', kind: 'Ingress' },
};
/** The collections each kind needs watched in its namespace. */
const NEEDS = {
    Deployment: ['deployments', 'replicasets', 'pods', 'events'],
    StatefulSet: ['statefulsets', 'pods', 'events'],
    Job: ['jobs', 'pods', 'events'],
    Service: ['services', 'events'],
    Ingress: ['ingresses', 'events'],
};
const OBJECT_RESOURCE = {
    Deployment: 'deployments',
    StatefulSet: 'statefulsets',
    Job: 'jobs',
    Service: 'services',
    Ingress: 'ingresses',
};
function rollout_rec(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
function controllerUid(obj) {
    const refs = obj.metadata['ownerReferences'];
    if (!Array.isArray(refs))
        return undefined;
    const ref = refs.map(rollout_rec).find((r) => r['controller'] === true);
    return typeof ref?.['uid'] === 'string' ? ref['uid'] : undefined;
}
function involvedUid(obj) {
    const uid = rollout_rec(obj['involvedObject'])['uid'];
    return typeof uid === 'string' ? uid : undefined;
}
/** Secondary index of each collection: which objects belong to which owner/subject uid. */
const INDEX = {
    pods: controllerUid,
    replicasets: controllerUid,
    events: involvedUid,
};
/**
 * A list+watch cache of one collection in one namespace (a small informer). Items by name, plus
 * an optional index by owner/subject uid.
 */
class Informer {
    client;
    resource;
    namespace;
    counters;
    backoff;
    onChange;
    onFatal;
    items = new Map();
    byUid = new Map();
    resourceVersion = '';
    synced = false;
    stopped = false;
    controller;
    backoffMs;
    sleepTimer;
    wake;
    constructor(client, resource, namespace, counters, backoff, onChange, onFatal) {
        this.client = client;
        this.resource = resource;
        this.namespace = namespace;
        this.counters = counters;
        this.backoff = backoff;
        this.onChange = onChange;
        this.onFatal = onFatal;
        this.backoffMs = backoff.baseMs;
    }
    get path() {
        const r = RESOURCES[this.resource];
        return `${r.base}/namespaces/${encodeURIComponent(this.namespace)}/${r.plural}`;
    }
    get what() {
        return `${this.resource} in namespace ${this.namespace}`;
    }
    /** Runs until {@link stop}: list, then watch, resume, re-list on 410. */
    async run() {
        let needList = true;
        while (!this.stopped) {
            if (needList) {
                try {
                    await this.list();
                    needList = false;
                    this.backoffMs = this.backoff.baseMs;
                }
                catch (err) {
                    if (this.stopped)
                        return;
                    if (!(0,client/* isTransient */.dg)(err)) {
                        this.onFatal(err, `cannot list ${this.what}`);
                        return;
                    }
                    await this.sleep();
                    continue;
                }
            }
            const end = await this.watchOnce();
            if (this.stopped)
                return;
            if (end.gone) {
                this.counters.relists++;
                needList = true;
                continue;
            }
            this.counters.reconnects++;
            const code = statusCodeOf(end.err);
            if (code !== undefined && code !== 410 && !isTransientCode(code)) {
                this.onFatal(end.err, `cannot watch ${this.what}`);
                return;
            }
            if (end.err !== undefined || end.events === 0)
                await this.sleep();
            else
                this.backoffMs = this.backoff.baseMs;
        }
    }
    stop() {
        this.stopped = true;
        this.controller?.abort();
        if (this.sleepTimer)
            clearTimeout(this.sleepTimer);
        this.wake?.();
    }
    async list() {
        const list = await this.client.request('GET', this.path);
        if (this.stopped)
            return;
        this.counters.lists++;
        this.items.clear();
        this.byUid.clear();
        for (const item of list.items ?? []) {
            // List items carry no kind; the watch events do. Keep them alike for the evaluators.
            const obj = { ...item, kind: item.kind ?? RESOURCES[this.resource].kind };
            this.put(obj);
        }
        this.resourceVersion = list.metadata?.resourceVersion ?? '';
        this.synced = true;
        this.onChange();
    }
    put(obj) {
        const prev = this.items.get(obj.metadata.name);
        if (prev)
            this.unindex(prev);
        this.items.set(obj.metadata.name, obj);
        const key = INDEX[this.resource]?.(obj);
        if (key !== undefined) {
            let m = this.byUid.get(key);
            if (!m)
                this.byUid.set(key, (m = new Map()));
            m.set(obj.metadata.name, obj);
        }
    }
    remove(obj) {
        const prev = this.items.get(obj.metadata.name);
        if (prev)
            this.unindex(prev);
        this.items.delete(obj.metadata.name);
    }
    unindex(obj) {
        const key = INDEX[this.resource]?.(obj);
        if (key === undefined)
            return;
        const m = this.byUid.get(key);
        m?.delete(obj.metadata.name);
        if (m && m.size === 0)
            this.byUid.delete(key);
    }
    watchOnce() {
        return new Promise((resolve) => {
            let events = 0;
            let gone = false;
            let finished = false;
            const finish = (err) => {
                if (finished)
                    return;
                finished = true;
                resolve({ ...(err ? { err } : {}), gone: gone || statusCodeOf(err) === 410, events });
            };
            this.counters.watchesOpened++;
            const query = { resourceVersion: this.resourceVersion || undefined, allowWatchBookmarks: true, timeoutSeconds: 300 };
            this.client
                .watch(this.path, query, (type, obj) => {
                if (this.stopped || finished)
                    return;
                if (type === 'ERROR') {
                    // The server ends a watch it cannot serve with an ERROR event carrying a Status.
                    const status = obj;
                    if (status.code === 410)
                        gone = true;
                    else
                        finish(new client/* KubeApiError */.W3(`watch ${this.path}: ${status.message ?? 'error event'}`, status.code ?? 500));
                    return;
                }
                events++;
                this.counters.eventsSeen++;
                const rv = obj?.metadata?.['resourceVersion'];
                if (typeof rv === 'string' && rv !== '')
                    this.resourceVersion = rv;
                if (type === 'BOOKMARK')
                    return;
                if (type === 'DELETED')
                    this.remove(obj);
                else
                    this.put(obj);
                this.onChange();
            }, (err) => finish(err ?? undefined))
                .then((ctrl) => {
                this.controller = ctrl;
                if (this.stopped || finished)
                    ctrl.abort();
            }, (err) => finish(err));
        });
    }
    sleep() {
        const ms = this.backoffMs;
        this.backoffMs = Math.min(this.backoff.maxMs, this.backoffMs * 2);
        return new Promise((resolve) => {
            this.wake = resolve;
            this.sleepTimer = setTimeout(resolve, ms);
        });
    }
}
function statusCodeOf(err) {
    if (err instanceof client/* KubeApiError */.W3)
        return err.code;
    // client-node puts the HTTP status of a refused watch in `statusCode`; `code` is not used because
    // DOMExceptions (its 30 s inactivity TimeoutError) carry unrelated numeric codes there.
    const code = rollout_rec(err)['statusCode'];
    return typeof code === 'number' ? code : undefined;
}
function isTransientCode(code) {
    return code === 429 || code >= 500;
}
function labelsFor(targets) {
    const count = (f) => {
        const m = new Map();
        for (const t of targets)
            m.set(f(t), (m.get(f(t)) ?? 0) + 1);
        return m;
    };
    const byName = count((t) => t.name);
    const byKindName = count((t) => `${t.kind}/${t.name}`);
    return targets.map((t) => {
        if (byName.get(t.name) === 1)
            return t.name;
        if (byKindName.get(`${t.kind}/${t.name}`) === 1)
            return `${t.kind.toLowerCase()}/${t.name}`;
        return `${t.kind.toLowerCase()} ${t.namespace}/${t.name}`;
    });
}
function seconds(ms) {
    return `${Math.max(0, Math.round(ms / 1000))}s`;
}
/** `web` + status → `2/3 updated, 1 available` (workloads) or the status message (others). */
function progressText(kind, s) {
    if (kind === 'Deployment' || kind === 'StatefulSet')
        return `${s.updated}/${s.replicas} updated, ${s.available || s.ready} ${kind === 'Deployment' ? 'available' : 'ready'}`;
    if (kind === 'Job')
        return `${s.available}/${s.replicas} succeeded`;
    return s.message;
}
/**
 * Tracks the rollouts of many objects at once. Create one per deploy and call {@link run} once.
 */
class RolloutTracker {
    client;
    options;
    counters = { watchesOpened: 0, lists: 0, eventsSeen: 0, reconnects: 0, relists: 0, evaluations: 0 };
    informers = new Map();
    states;
    now;
    log;
    graceMs;
    timeoutMs;
    heartbeatMs;
    tickMs;
    startedAt = 0;
    lastLineAt = 0;
    scheduled = false;
    finished = false;
    resolve;
    timers = new Set();
    wakeTimer;
    ran = false;
    constructor(client, options) {
        this.client = client;
        this.options = options;
        for (const t of options.targets) {
            if (!TRACKED_KINDS.includes(t.kind)) {
                throw new Error(`rollout target ${t.kind} ${t.namespace}/${t.name}: kind ${t.kind} is not tracked; tracked kinds: ${TRACKED_KINDS.join(', ')}`);
            }
        }
        const labels = labelsFor(options.targets);
        this.states = options.targets.map((target, i) => ({ target, label: labels[i], seen: new Map(), problems: [] }));
        this.now = options.now ?? Date.now;
        this.log = options.log ?? (() => undefined);
        this.graceMs = (options.graceSeconds ?? 30) * 1000;
        this.timeoutMs = (options.timeoutSeconds ?? 600) * 1000;
        this.heartbeatMs = (options.heartbeatSeconds ?? 30) * 1000;
        this.tickMs = options.tickMs ?? 1000;
    }
    /** Number of distinct (kind, namespace) watches the targets need. */
    get watchCount() {
        return this.informers.size;
    }
    /** Watches until every target is decided, one fails, the timeout passes or the signal aborts. */
    run() {
        if (this.ran)
            throw new Error('RolloutTracker.run() can be called once');
        this.ran = true;
        this.startedAt = this.now();
        this.lastLineAt = this.startedAt;
        const done = new Promise((r) => (this.resolve = r));
        if (this.states.length === 0) {
            this.finish();
            return done;
        }
        const signal = this.options.signal;
        if (signal?.aborted) {
            this.endAll('cancelled', 'cancelled before the rollout was watched');
            return done;
        }
        signal?.addEventListener('abort', this.onAbort, { once: true });
        const backoff = this.options.backoff ?? { baseMs: 100, maxMs: 5_000 };
        for (const s of this.states) {
            for (const r of NEEDS[s.target.kind]) {
                const key = `${r}|${s.target.namespace}`;
                if (!this.informers.has(key)) {
                    this.informers.set(key, new Informer(this.client, r, s.target.namespace, this.counters, backoff, () => this.schedule(), (err, what) => this.fatal(err, what)));
                }
            }
        }
        this.after(this.timeoutMs, () => this.endAll('timeout', `timed out after ${seconds(this.timeoutMs)}`));
        const tick = () => {
            if (this.finished)
                return;
            this.heartbeat();
            this.schedule();
            this.after(this.tickMs, tick);
        };
        this.after(this.tickMs, tick);
        for (const inf of this.informers.values())
            void inf.run();
        return done;
    }
    onAbort = () => {
        const reason = this.options.signal?.reason;
        const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'cancelled';
        this.endAll('cancelled', `cancelled (${why})`);
    };
    after(ms, fn) {
        const t = setTimeout(() => {
            this.timers.delete(t);
            fn();
        }, ms);
        this.timers.add(t);
    }
    schedule() {
        if (this.scheduled || this.finished)
            return;
        this.scheduled = true;
        setImmediate(() => {
            this.scheduled = false;
            this.evaluate();
        });
    }
    informer(r, ns) {
        return this.informers.get(`${r}|${ns}`);
    }
    /** One pass over every undecided target. */
    evaluate() {
        if (this.finished)
            return;
        for (const inf of this.informers.values())
            if (!inf.synced)
                return;
        this.counters.evaluations++;
        const now = this.now();
        let nextWake = Infinity;
        for (const s of this.states) {
            if (s.result)
                continue;
            this.evaluateTarget(s, now);
            if (this.finished)
                return;
            for (const p of s.problems)
                if (!p.blocking)
                    nextWake = Math.min(nextWake, p.blockingAt);
        }
        if (this.states.every((s) => s.result)) {
            this.finish();
            return;
        }
        if (this.wakeTimer)
            clearTimeout(this.wakeTimer);
        this.wakeTimer = undefined;
        if (Number.isFinite(nextWake))
            this.wakeTimer = setTimeout(() => this.schedule(), Math.max(0, nextWake - now) + 1);
    }
    evaluateTarget(s, now) {
        const { kind, namespace, name } = s.target;
        const obj = this.informer(OBJECT_RESOURCE[kind], namespace).items.get(name);
        const events = this.informer('events', namespace);
        if (!obj) {
            const key = '/missing';
            let since = s.seen.get(key);
            if (since === undefined)
                s.seen.set(key, (since = now));
            const missing = `${kind} ${namespace}/${name} does not exist`;
            if (now - since >= this.graceMs)
                this.decide(s, 'failed', `${s.label}: ${missing}`, now);
            else
                this.progress(s, `${s.label}: ${missing} (yet), ${seconds(now - this.startedAt)}`, now);
            return;
        }
        s.seen.delete('/missing');
        let status;
        let pods = [];
        let owner;
        const pods$ = (uid) => [...(this.informers.get(`pods|${namespace}`)?.byUid.get(String(uid))?.values() ?? [])];
        switch (kind) {
            case 'Deployment': {
                const rss = this.informer('replicasets', namespace).byUid.get(String(obj.metadata['uid']))?.values() ?? [];
                owner = findNewReplicaSet(obj, rss);
                status = deploymentStatus(obj, owner);
                if (owner)
                    pods = pods$(owner.metadata['uid']);
                break;
            }
            case 'StatefulSet': {
                status = statefulSetStatus(obj);
                const updateRevision = rollout_rec(obj['status'])['updateRevision'];
                pods = pods$(obj.metadata['uid']).filter((p) => updateRevision === undefined || p.metadata.labels?.['controller-revision-hash'] === updateRevision);
                break;
            }
            case 'Job':
                status = jobStatus(obj);
                pods = pods$(obj.metadata['uid']);
                break;
            case 'Service':
                status = serviceStatus(obj);
                break;
            case 'Ingress':
                status = ingressStatus(obj);
                break;
        }
        s.status = status;
        s.problems = pods.length || owner ? findPodProblems(pods, { now, graceMs: this.graceMs, seen: s.seen, eventsByUid: events.byUid }, owner) : [];
        const summary = this.summary(s, status, owner);
        if (status.failed) {
            const hint = s.problems[0] ? ` (${describePodProblem(s.problems[0])})` : '';
            this.decide(s, 'failed', `${s.label}: ${status.failed}${hint}`, now, s.problems[0]);
            return;
        }
        if (status.done) {
            this.decide(s, 'ready', `${s.label}: ${status.message}`, now);
            return;
        }
        const blocking = s.problems.find((p) => p.blocking);
        if (blocking) {
            this.decide(s, 'failed', `${s.label}: ${summary} (${describePodProblem(blocking)})`, now, blocking);
            return;
        }
        const pending = s.problems[0];
        const note = pending ? ` — ${pending.reason} on ${pending.object}${pending.container ? `/${pending.container}` : ''}, failing in ${seconds(pending.blockingAt - now)} unless it clears` : '';
        this.progress(s, `${s.label}: ${progressText(kind, status)}, ${seconds(now - this.startedAt)}${note}`, now);
    }
    /** `0 of 3 updated replicas are available` for workloads; kubectl's message otherwise. */
    summary(s, status, newRS) {
        // The Deployment's availableReplicas still counts the old ReplicaSets' pods; the new one's are what matter here.
        if (s.target.kind === 'Deployment')
            return `${newRS ? Number(rollout_rec(newRS['status'])['availableReplicas'] ?? 0) : 0} of ${status.replicas} updated replicas are available`;
        if (s.target.kind === 'StatefulSet')
            return `${status.ready} of ${status.replicas} pods are ready`;
        return status.message;
    }
    /** Logs a progress line when the target's state (not just its clock) changed. */
    progress(s, line, now) {
        // The clock and the kubelet's ErrImagePull ⇄ ImagePullBackOff flapping are not state changes.
        const state = line.replace(/, \d+s(?=$| —)/, '').replace(/failing in \d+s/, '').replace(/\b(ErrImagePull|ImagePullBackOff)\b/, 'image pull');
        if (state === s.lastLine)
            return;
        s.lastLine = state;
        this.emit(line, now);
    }
    emit(line, now) {
        this.lastLineAt = now;
        this.log(line);
    }
    heartbeat() {
        const now = this.now();
        if (now - this.lastLineAt < this.heartbeatMs)
            return;
        const waiting = this.states.filter((s) => !s.result);
        const parts = waiting.slice(0, 10).map((s) => `${s.label} ${s.status ? progressText(s.target.kind, s.status) : 'not observed yet'}`);
        const more = waiting.length > 10 ? `; … ${waiting.length - 10} more` : '';
        this.emit(`still waiting for ${waiting.length} of ${this.states.length} rollouts (${seconds(now - this.startedAt)}): ${parts.join('; ')}${more}`, now);
    }
    decide(s, status, message, now, problem) {
        s.result = { target: s.target, status, message, durationMs: now - this.startedAt, ...(problem ? { problem } : {}) };
        this.emit(status === 'ready' ? `${message}, ${seconds(now - this.startedAt)}` : message, now);
        if (status === 'failed')
            this.endAll('cancelled', 'not finished: another rollout failed');
    }
    fatal(err, what) {
        const text = err instanceof Error ? err.message : String(err);
        const now = this.now();
        for (const s of this.states)
            if (!s.result)
                s.result = { target: s.target, status: 'failed', message: `${s.label}: ${what}: ${text}`, durationMs: now - this.startedAt };
        this.finish();
    }
    /** Ends every undecided target with `status`, keeping its last known progress in the message. */
    endAll(status, why) {
        if (this.finished)
            return;
        const now = this.now();
        for (const s of this.states) {
            if (s.result)
                continue;
            const last = s.status ? `; last state: ${s.status.message}` : '';
            const pending = s.problems[0] ? `; unresolved: ${describePodProblem(s.problems[0])}` : '';
            s.result = { target: s.target, status, message: `${s.label}: ${why}${last}${pending}`, durationMs: now - this.startedAt, ...(s.problems[0] ? { problem: s.problems[0] } : {}) };
            if (status !== 'cancelled' || !why.startsWith('not finished'))
                this.emit(s.result.message, now);
        }
        this.finish();
    }
    finish() {
        if (this.finished)
            return;
        this.finished = true;
        for (const inf of this.informers.values())
            inf.stop();
        for (const t of this.timers)
            clearTimeout(t);
        this.timers.clear();
        if (this.wakeTimer)
            clearTimeout(this.wakeTimer);
        this.options.signal?.removeEventListener('abort', this.onAbort);
        const results = this.states.map((s) => s.result);
        this.resolve?.({ ok: results.every((r) => r.status === 'ready'), results });
    }
}

// EXTERNAL MODULE: ./src/fargate/pricing.ts
var pricing = __webpack_require__(8660);
// EXTERNAL MODULE: ./src/fargate/quantity.ts
var quantity = __webpack_require__(6665);
// EXTERNAL MODULE: ./src/fargate/sizing.ts
var sizing = __webpack_require__(2566);
;// CONCATENATED MODULE: ./src/kube/verify.ts




/** Node label EKS puts on Fargate nodes. */
const FARGATE_COMPUTE_TYPE_LABEL = 'eks.amazonaws.com/compute-type';
function verify_rec(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
const PATHS = {
    Deployment: (ns) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments`,
    StatefulSet: (ns) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/statefulsets`,
    Job: (ns) => `/apis/batch/v1/namespaces/${encodeURIComponent(ns)}/jobs`,
};
async function listItems(client, path, query) {
    const list = await client.request('GET', path, query ? { query } : {});
    return list.items ?? [];
}
function secondsBetween(from, to) {
    if (!from || !to)
        return undefined;
    const a = Date.parse(from);
    const b = Date.parse(to);
    return Number.isFinite(a) && Number.isFinite(b) ? Math.max(0, Math.round((b - a) / 1000)) : undefined;
}
/** The pods of each target's current revision (new ReplicaSet, StatefulSet update revision, Job). */
async function newPods(client, targets) {
    const out = [];
    const byNs = new Map();
    for (const t of targets)
        if (PATHS[t.kind])
            byNs.set(t.namespace, [...(byNs.get(t.namespace) ?? []), t]);
    for (const [ns, ts] of byNs) {
        const kinds = new Set(ts.map((t) => t.kind));
        const [pods, rss, ...owners] = await Promise.all([
            listItems(client, `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`),
            kinds.has('Deployment') ? listItems(client, `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/replicasets`) : Promise.resolve([]),
            ...[...kinds].map((k) => listItems(client, PATHS[k](ns)).then((items) => items.map((i) => ({ ...i, kind: k })))),
        ]);
        const objects = owners.flat();
        for (const t of ts) {
            const obj = objects.find((o) => o.kind === t.kind && o.metadata.name === t.name);
            const workload = `${t.kind} ${ns}/${t.name}`;
            if (!obj)
                continue;
            let owner;
            let revision;
            if (t.kind === 'Deployment')
                owner = findNewReplicaSet(obj, rss)?.metadata['uid'];
            else
                owner = obj.metadata['uid'];
            if (t.kind === 'StatefulSet')
                revision = verify_rec(obj['status'])['updateRevision'];
            if (!owner)
                continue;
            for (const pod of pods) {
                if (!isControlledBy(pod, owner) || pod.metadata['deletionTimestamp'])
                    continue;
                if (revision !== undefined && pod.metadata.labels?.['controller-revision-hash'] !== revision)
                    continue;
                out.push({ workload, pod });
            }
        }
    }
    return out.sort((a, b) => a.workload.localeCompare(b.workload) || a.pod.metadata.name.localeCompare(b.pod.metadata.name));
}
/**
 * Checks the new pods of `targets` (Deployments, StatefulSets, Jobs; other kinds have no pods):
 * each must run on a node labelled `eks.amazonaws.com/compute-type=fargate`; its
 * `CapacityProvisioned` is compared with what its requests need (warning with the monthly cost
 * of the unused part); its start latency created → scheduled → ready is measured and flagged
 * above `slowStartSeconds`.
 */
async function verifyFargatePods(client, targets, options = {}) {
    const log = options.log ?? (() => undefined);
    const slow = options.slowStartSeconds ?? 120;
    const wasteWarn = options.wasteWarnMonthlyUsd ?? 1;
    const rates = options.rates ?? pricing/* DEFAULT_RATES */.ap;
    const pods = await newPods(client, targets);
    const fargateNodes = new Set((await listItems(client, '/api/v1/nodes', { labelSelector: `${FARGATE_COMPUTE_TYPE_LABEL}=fargate` })).map((n) => n.metadata.name));
    const checks = [];
    const findings = [];
    for (const { workload, pod } of pods) {
        const name = pod.metadata.name;
        const ns = pod.metadata.namespace ?? '';
        const spec = verify_rec(pod['spec']);
        const node = spec['nodeName'];
        const check = { workload, namespace: ns, pod: name, onFargate: false, wasteMonthlyUsd: 0, problems: [], warnings: [], ...(node ? { node } : {}) };
        const created = pod.metadata['creationTimestamp'];
        if (created)
            check.createdAt = created;
        const blocker = (code, message) => {
            check.problems.push(message);
            findings.push({ severity: 'blocker', code, message: `${name}: ${message}`, workload });
        };
        const warning = (code, message) => {
            check.warnings.push(message);
            findings.push({ severity: 'warning', code, message: `${name}: ${message}`, workload });
        };
        if (!node)
            blocker('pod-not-scheduled', `not scheduled on any node (${conditionOf(pod, 'PodScheduled')?.message ?? 'no PodScheduled condition'})`);
        else if (!fargateNodes.has(node))
            blocker('pod-not-on-fargate', `runs on node ${node}, which is not a Fargate node (no label ${FARGATE_COMPUTE_TYPE_LABEL}=fargate)`);
        else
            check.onFargate = true;
        let requestsSet = false;
        try {
            const resources = (0,sizing/* podResourcesFromSpec */.mx)(spec);
            const size = (0,sizing/* fargatePodSize */.pw)(resources);
            requestsSet = [...resources.containers, ...resources.initContainers, ...(resources.sidecars ?? [])].some((c) => c.cpuMillis > 0 || c.memoryMiB > 0);
            check.requested = { cpuMillis: size.requestedCpuMillis, memoryMiB: size.requestedMemoryMiB };
            check.expectedCapacity = size.capacityProvisioned;
            const annotation = pod.metadata.annotations?.['CapacityProvisioned'];
            if (annotation !== undefined)
                check.capacityProvisioned = annotation;
            const provisioned = annotation !== undefined ? (0,sizing/* parseCapacityProvisioned */.w6)(annotation) : undefined;
            if (check.onFargate && annotation === undefined)
                warning('capacity-unknown', 'has no CapacityProvisioned annotation; the billed size cannot be checked');
            else if (annotation !== undefined && !provisioned)
                warning('capacity-unknown', `CapacityProvisioned ${JSON.stringify(annotation)} is not in the "<n>vCPU <n>GB" format`);
            if (provisioned) {
                const needCpu = size.requestedCpuMillis / 1000;
                const needGb = (size.requestedMemoryMiB + sizing/* FARGATE_MEMORY_OVERHEAD_MIB */.j7) / 1024;
                const unused = { vcpu: Math.max(0, provisioned.vcpu - needCpu), memoryGb: Math.max(0, provisioned.memoryGb - needGb) };
                check.wasteMonthlyUsd = requestsSet ? (0,pricing/* monthlyComputeUsd */.P1)(unused, 1, rates) : 0;
                if (provisioned.vcpu > size.vcpu || provisioned.memoryGb > size.memoryGb) {
                    warning('capacity-over-provisioned', `Fargate provisioned ${annotation}, above the ${size.capacityProvisioned} its requests (${(0,quantity/* formatCpu */.aY)(size.requestedCpuMillis)} CPU, ${(0,quantity/* formatMemory */.z9)(size.requestedMemoryMiB)} + ${sizing/* FARGATE_MEMORY_OVERHEAD_MIB */.j7}Mi overhead) need: $${check.wasteMonthlyUsd.toFixed(2)}/month unused`);
                }
                else if (requestsSet && check.wasteMonthlyUsd >= wasteWarn) {
                    warning('capacity-waste', `requests ${(0,quantity/* formatCpu */.aY)(size.requestedCpuMillis)} CPU and ${(0,quantity/* formatMemory */.z9)(size.requestedMemoryMiB)} (+ ${sizing/* FARGATE_MEMORY_OVERHEAD_MIB */.j7}Mi overhead) round up to ${annotation}: ${unused.vcpu.toFixed(2)} vCPU and ${unused.memoryGb.toFixed(2)} GB unused, $${check.wasteMonthlyUsd.toFixed(2)}/month per pod (requests up to ${annotation} cost nothing more)`);
                }
            }
        }
        catch (err) {
            warning('capacity-unknown', `requests cannot be read: ${err instanceof Error ? err.message : String(err)}`);
        }
        const scheduled = conditionOf(pod, 'PodScheduled');
        const ready = conditionOf(pod, 'Ready');
        if (scheduled?.status === 'True') {
            const s = secondsBetween(created, scheduled.lastTransitionTime);
            if (s !== undefined)
                check.scheduledAfterSeconds = s;
        }
        if (ready?.status === 'True') {
            const s = secondsBetween(created, ready.lastTransitionTime);
            if (s !== undefined)
                check.readyAfterSeconds = s;
        }
        else if (node)
            blocker('pod-not-ready', `is not ready (${ready?.message ?? ready?.reason ?? 'no Ready condition'})`);
        if (check.readyAfterSeconds !== undefined && check.readyAfterSeconds > slow) {
            warning('slow-pod-start', `took ${check.readyAfterSeconds}s from creation to ready (scheduled after ${check.scheduledAfterSeconds ?? '?'}s), above ${slow}s`);
        }
        const latency = `scheduled +${check.scheduledAfterSeconds ?? '?'}s, ready +${check.readyAfterSeconds ?? '?'}s`;
        const size = check.capacityProvisioned ? `${check.capacityProvisioned}${check.expectedCapacity && check.expectedCapacity !== check.capacityProvisioned ? ` (requests need ${check.expectedCapacity})` : ''}` : 'capacity unknown';
        const flags = [...check.problems, ...check.warnings];
        log(`${name}: ${check.onFargate ? `on Fargate node ${node}` : node ? `NOT on Fargate (node ${node})` : 'not scheduled'}, ${size}, ${latency}${flags.length ? ` — ${flags.join('; ')}` : ''}`);
        checks.push(check);
    }
    const waste = Math.round(checks.reduce((n, c) => n + c.wasteMonthlyUsd, 0) * 100) / 100;
    if (checks.length > 0) {
        const onFargate = checks.filter((c) => c.onFargate).length;
        log(`verified ${checks.length} new pods: ${onFargate} on Fargate${waste > 0 ? `, $${waste.toFixed(2)}/month of provisioned capacity unused` : ''}`);
    }
    return { ok: checks.every((c) => c.problems.length === 0), pods: checks, findings, wasteMonthlyUsd: waste };
}

// EXTERNAL MODULE: ./src/smoke/spec.ts
var spec = __webpack_require__(7302);
// EXTERNAL MODULE: ./node_modules/@kubernetes/client-node/dist/index.js + 873 modules
var dist = __webpack_require__(94);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(4371);
;// CONCATENATED MODULE: ./src/smoke/transport.ts
/**
 * How smoke checks reach their targets: plain HTTP(S) for URLs (Ingress addresses included), and
 * the Kubernetes API server's service proxy for internal Services
 * (`/api/v1/namespaces/{ns}/services/{[https:]name:port}/proxy/{path}`), authenticated exactly like
 * every other API call of the tool (kubeconfig credentials, EKS token, cluster CA).
 */


/** Bodies are read up to this size: enough for any health answer, bounded for a runaway one. */
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/**
 * The production transport: `url` requests go out directly with undici's fetch; `service`
 * requests go through the API server's service proxy of `client`.
 */
function createSmokeTransport(opts = {}) {
    const http = httpTransport(opts);
    const proxy = opts.client ? serviceProxyTransport(opts.client, { defaultNamespace: opts.defaultNamespace ?? 'default', ...(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {}) }) : undefined;
    return {
        request(req) {
            if (req.service) {
                if (!proxy)
                    return Promise.reject(new SmokeTargetError(`service ${req.service.namespace ? `${req.service.namespace}/` : ''}${req.service.name}:${req.service.port}: no cluster connection to reach it through the API server's service proxy`));
                return proxy.request(req);
            }
            return http.request(req);
        },
    };
}
/** A request that cannot succeed on retry (missing connection, unresolvable target). */
class SmokeTargetError extends Error {
    name = 'SmokeTargetError';
}
/** Plain HTTP(S) requests to `req.url` with undici's fetch. */
function httpTransport(opts = {}) {
    const limit = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    return {
        async request(req) {
            if (!req.url)
                throw new SmokeTargetError('no URL to request');
            return send(req.url, req, req.headers, limit, opts.dispatcher);
        },
    };
}
/**
 * Requests to a Service through the API server's service proxy, authenticated with the client's
 * credentials (bearer token, exec plugin, client certificate) and trusting the cluster's CA.
 * `KubeClient.request` is not used: it parses JSON and throws on non-2xx, while a smoke check
 * needs the Service's own status and raw body.
 */
function serviceProxyTransport(client, opts) {
    const limit = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    return {
        async request(req) {
            if (!req.service)
                throw new SmokeTargetError('no Service to request');
            const url = serviceProxyUrl(client.server, req.service, req.path ?? '/', opts.defaultNamespace);
            const ctx = new dist/* RequestContext */.bb4(url, req.method.toUpperCase());
            await client.kc.applySecurityAuthentication(ctx);
            // The API server's credentials win: it would reject the request (or authenticate someone else) otherwise.
            const headers = { ...withoutNames(req.headers, Object.keys(ctx.getHeaders())), ...ctx.getHeaders() };
            const res = await send(url, req, headers, limit, ctx.getDispatcher());
            const detail = apiServerDetail(res);
            return detail ? { ...res, detail } : res;
        },
    };
}
/**
 * The service-proxy URL of a path on a Service: `{server}/api/v1/namespaces/{ns}/services/{name}:{port}/proxy{path}`
 * (`https:{name}:{port}` for a TLS backend). The path keeps its query string.
 */
function serviceProxyUrl(server, service, path, defaultNamespace) {
    const ns = encodeURIComponent(service.namespace ?? defaultNamespace);
    const id = `${service.scheme === 'https' ? 'https:' : ''}${encodeURIComponent(service.name)}:${encodeURIComponent(String(service.port))}`;
    const rel = path.startsWith('/') ? path : `/${path}`;
    return `${server.replace(/\/+$/, '')}/api/v1/namespaces/${ns}/services/${id}/proxy${rel}`;
}
async function send(url, req, headers, limit, dispatcher) {
    const started = performance.now();
    const res = await (0,undici/* fetch */.hd)(url, {
        method: req.method,
        headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        redirect: req.followRedirects ? 'follow' : 'manual',
        signal: req.signal,
        // client-node hands out an undici Agent configured with the cluster CA / client certificate.
        ...(dispatcher ? { dispatcher: dispatcher } : {}),
    });
    const { text, truncated } = await readLimited(res.body, limit);
    const latencyMs = Math.round(performance.now() - started);
    const out = { status: res.status, headers: Object.fromEntries([...res.headers].map(([k, v]) => [k.toLowerCase(), v])), body: text, latencyMs };
    if (truncated)
        out.truncated = true;
    return out;
}
async function readLimited(body, limit) {
    if (!body)
        return { text: '', truncated: false };
    const decoder = new TextDecoder();
    const reader = body.getReader();
    let text = '';
    let bytes = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            return { text: text + decoder.decode(), truncated: false };
        const room = limit - bytes;
        if (value.byteLength > room) {
            text += decoder.decode(value.subarray(0, room));
            await reader.cancel().catch(() => undefined);
            return { text, truncated: true };
        }
        bytes += value.byteLength;
        text += decoder.decode(value, { stream: true });
    }
}
function withoutNames(headers, names) {
    const drop = new Set(names.map((n) => n.toLowerCase()));
    return Object.fromEntries(Object.entries(headers).filter(([k]) => !drop.has(k.toLowerCase())));
}
/**
 * When the API server answered for itself (no endpoints, Service not found, forbidden, backend
 * unreachable) its answer is a `Status`; a Service's own error pages are not.
 */
function apiServerDetail(res) {
    if (res.status < 400 || !(res.headers['content-type'] ?? '').includes('application/json'))
        return undefined;
    try {
        const s = JSON.parse(res.body);
        if (s.kind === 'Status' && s.apiVersion === 'v1' && typeof s.message === 'string')
            return `API server: ${s.message}`;
    }
    catch {
        // not JSON after all: the Service's own answer
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/smoke/run.ts
/**
 * Runs smoke checks: each check is retried with its interval until it passes, its retries run
 * out or its overall deadline passes; each attempt is bounded by the check's timeout; an
 * AbortSignal stops everything at once. Secret header values never reach a result or a log line.
 */


const EXCERPT_CHARS = 200;
/**
 * Run every check (up to `concurrency` at a time) and return one result per check, in the
 * checks' order. Never throws for a failing check or a cancellation: the results say what
 * happened (`stoppedBy: 'cancelled'` for checks cut short or never started).
 */
async function runSmokeChecks(checks, opts) {
    const results = new Array(checks.length);
    let next = 0;
    const worker = async () => {
        while (next < checks.length) {
            const i = next++;
            results[i] = await runSmokeCheck(checks[i], opts);
        }
    };
    const n = Math.max(1, Math.min(opts.concurrency ?? 4, checks.length));
    await Promise.all(Array.from({ length: n }, worker));
    return results;
}
/** Run one check with its retries, interval, per-attempt timeout and overall deadline. */
async function runSmokeCheck(check, opts) {
    const now = opts.now ?? Date.now;
    const sleep = opts.sleep ?? abortableSleep;
    const log = opts.log ?? (() => undefined);
    const redact = redactor(check);
    const started = now();
    const deadline = started + check.deadlineMs;
    const maxAttempts = check.retries + 1;
    const base = { name: check.name, target: redact((0,spec/* describeTarget */.ff)(check.target)) };
    const finish = (fields) => {
        const r = { ...base, ...fields, durationMs: Math.max(0, now() - started) };
        if (r.failure !== undefined)
            r.failure = redact(r.failure);
        if (r.bodyExcerpt !== undefined)
            r.bodyExcerpt = redact(r.bodyExcerpt);
        return r;
    };
    const headerText = Object.entries((0,spec/* printableHeaders */.oe)(check)).map(([k, v]) => `${k}: ${v}`).join(', ');
    log(`smoke ${check.name}: ${check.method} ${base.target}${headerText ? ` (${headerText})` : ''}`);
    let last;
    let attempts = 0;
    let stoppedBy;
    while (true) {
        if (opts.signal?.aborted) {
            stoppedBy = 'cancelled';
            break;
        }
        const remaining = deadline - now();
        if (remaining <= 0) {
            stoppedBy = 'deadline';
            break;
        }
        attempts++;
        last = await attempt(check, Math.min(check.timeoutMs, remaining), opts);
        if (last.ok) {
            const r = last.response;
            log(`smoke ${check.name}: ok (${r.status} in ${r.latencyMs} ms${attempts > 1 ? `, attempt ${attempts}` : ''})`);
            return finish({ ok: true, attempts, status: r.status, latencyMs: r.latencyMs });
        }
        if (last.cancelled) {
            stoppedBy = 'cancelled';
            break;
        }
        if (last.permanent) {
            stoppedBy = 'error';
            break;
        }
        if (attempts >= maxAttempts) {
            stoppedBy = 'retries';
            break;
        }
        if (now() + check.intervalMs >= deadline) {
            stoppedBy = 'deadline';
            break;
        }
        log(redact(`smoke ${check.name}: attempt ${attempts}/${maxAttempts} failed: ${last.failure}; retrying in ${formatMs(check.intervalMs)}`));
        try {
            await sleep(check.intervalMs, opts.signal);
        }
        catch {
            // a sleep rejected by the abort: the loop head reports the cancellation
        }
    }
    const failure = stoppedBy === 'cancelled' ? 'cancelled' : (last?.failure ?? `deadline ${formatMs(check.deadlineMs)} passed before the first attempt`);
    const result = finish({
        ok: false,
        attempts,
        failure,
        stoppedBy,
        ...(last?.response ? { status: last.response.status, latencyMs: last.response.latencyMs } : {}),
        ...(last?.response && stoppedBy !== 'cancelled' && last.response.body ? { bodyExcerpt: excerpt(last.response.body) } : {}),
    });
    const why = stoppedBy === 'retries' ? `after ${attempts} attempt${attempts === 1 ? '' : 's'}` : stoppedBy === 'deadline' ? `deadline ${formatMs(check.deadlineMs)} reached after ${attempts} attempt${attempts === 1 ? '' : 's'}` : stoppedBy === 'cancelled' ? `after ${attempts} attempt${attempts === 1 ? '' : 's'}` : 'not retried';
    log(`smoke ${check.name}: FAILED ${why}: ${result.failure}`);
    return result;
}
async function attempt(check, budgetMs, opts) {
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(new AttemptTimeout(budgetMs)), budgetMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timer.signal]) : timer.signal;
    try {
        const req = await buildRequest(check, budgetMs, signal, opts);
        if (typeof req === 'string')
            return { ok: false, failure: req };
        // A transport that ignores the signal must not hold the check past its timeout or a cancel.
        const response = await raceAbort(opts.transport.request(req), signal);
        const failures = evaluateResponse(check, response);
        return failures.length === 0 ? { ok: true, response } : { ok: false, failure: failures.join('; '), response };
    }
    catch (err) {
        if (opts.signal?.aborted)
            return { ok: false, failure: 'cancelled', cancelled: true };
        if (timer.signal.aborted)
            return { ok: false, failure: `timeout after ${budgetMs} ms` };
        if (err instanceof SmokeTargetError)
            return { ok: false, failure: err.message, permanent: true };
        return { ok: false, failure: describeRequestError(err) };
    }
    finally {
        clearTimeout(handle);
    }
}
class AttemptTimeout extends Error {
    constructor(ms) {
        super(`timeout after ${ms} ms`);
    }
}
/** The request of one attempt, or a failure message when the target has no address yet. */
async function buildRequest(check, timeoutMs, signal, opts) {
    const common = { method: check.method, headers: { ...check.headers }, timeoutMs, signal, followRedirects: check.followRedirects, ...(check.body !== undefined ? { body: check.body } : {}) };
    const t = check.target;
    if ('url' in t)
        return { ...common, url: t.url };
    if ('service' in t)
        return { ...common, service: t.service, path: t.path };
    if (!opts.resolveIngress)
        throw new SmokeTargetError('an ingress target needs the release\'s Ingress address, and none is available here');
    let base;
    try {
        base = await raceAbort(opts.resolveIngress(t.ingress), signal);
    }
    catch (err) {
        if (signal.aborted)
            throw err;
        throw new SmokeTargetError(err instanceof Error ? err.message : String(err));
    }
    const which = t.ingress.name ? `ingress ${t.ingress.namespace ? `${t.ingress.namespace}/` : ''}${t.ingress.name}` : 'the release\'s ingress';
    if (!base)
        return `${which} has no address yet`;
    return { ...common, url: base.replace(/\/+$/, '') + t.path };
}
/**
 * What is wrong with an answer, in the words a user reads in the report; empty when it passes.
 * A wrong status is reported alone: the body of an error page says nothing about the other expectations.
 */
function evaluateResponse(check, res) {
    const e = check.expect;
    if (!e.status.includes(res.status)) {
        return [`status ${res.status} (expected ${listOr(e.status.map(String))})${res.detail ? `: ${res.detail}` : ''}`];
    }
    const failures = [];
    const cut = res.truncated ? ` (first ${res.body.length} characters read)` : '';
    for (const text of e.bodyContains ?? [])
        if (!res.body.includes(text))
            failures.push(`body does not contain ${JSON.stringify(text)}${cut}`);
    if (e.bodyMatches !== undefined && !new RegExp(e.bodyMatches).test(res.body))
        failures.push(`body does not match /${e.bodyMatches}/${cut}`);
    if (e.json && e.json.length > 0)
        failures.push(...jsonFailures(e.json, res.body));
    if (e.maxLatencyMs !== undefined && res.latencyMs > e.maxLatencyMs)
        failures.push(`latency ${res.latencyMs} ms > ${e.maxLatencyMs} ms`);
    return failures;
}
function jsonFailures(expectations, body) {
    let doc;
    try {
        doc = JSON.parse(body);
    }
    catch {
        return [`json: body is not JSON (starts with ${JSON.stringify(body.slice(0, 40))})`];
    }
    const out = [];
    for (const j of expectations) {
        const found = lookup(doc, j.path);
        if ('equals' in j) {
            if (!found.present)
                out.push(`json ${j.path}: expected ${show(j.equals)}, got nothing (${found.missing})`);
            else if (!jsonEqual(found.value, j.equals))
                out.push(`json ${j.path}: expected ${show(j.equals)}, got ${show(found.value)}`);
        }
        else if (j.exists === false) {
            if (found.present)
                out.push(`json ${j.path}: expected to be absent, got ${show(found.value)}`);
        }
        else if (!found.present)
            out.push(`json ${j.path}: missing (${found.missing})`);
    }
    return out;
}
/** The value at a JSON path, or which step was missing. */
function lookup(doc, path) {
    let cur = doc;
    let at = '$';
    for (const step of (0,spec/* parseJsonPath */.Hf)(path)) {
        if (typeof step === 'number') {
            if (!Array.isArray(cur))
                return { present: false, missing: `${at} is ${kindOf(cur)}, not a list` };
            const i = step < 0 ? cur.length + step : step;
            if (i < 0 || i >= cur.length)
                return { present: false, missing: `${at} has ${cur.length} item${cur.length === 1 ? '' : 's'}` };
            cur = cur[i];
            at += `[${step}]`;
        }
        else {
            if (typeof cur !== 'object' || cur === null || Array.isArray(cur))
                return { present: false, missing: `${at} is ${kindOf(cur)}, not an object` };
            if (!Object.prototype.hasOwnProperty.call(cur, step))
                return { present: false, missing: `${at} has no ${JSON.stringify(step)}` };
            cur = cur[step];
            at += /^[A-Za-z_$][\w$]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`;
        }
    }
    return { present: true, value: cur };
}
function jsonEqual(a, b) {
    if (a === b)
        return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
        return false;
    if (Array.isArray(a) !== Array.isArray(b))
        return false;
    if (Array.isArray(a) && Array.isArray(b))
        return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
}
function show(v) {
    const text = v === undefined ? 'undefined' : JSON.stringify(v);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
function kindOf(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'a list';
    return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
function listOr(items) {
    if (items.length <= 1)
        return items.join('');
    if (items.length === 2)
        return `${items[0]} or ${items[1]}`;
    return `one of ${items.join(', ')}`;
}
/** A transport failure in a few words: `connection refused`, `host not found: x`, `TLS: ...`. */
function describeRequestError(err) {
    const chain = [];
    for (let e = err; e && chain.length < 5; e = e.cause) {
        chain.push(e);
        if (e instanceof AggregateError && e.errors.length > 0)
            chain.push(...e.errors);
    }
    const codeOf = (e) => (e && typeof e === 'object' && typeof e.code === 'string' ? e.code : undefined);
    for (const e of chain) {
        const code = codeOf(e);
        if (!code)
            continue;
        if (code === 'ECONNREFUSED')
            return 'connection refused';
        if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE')
            return 'connection reset by the server';
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
            return `host not found${e.hostname ? `: ${e.hostname}` : ''}`;
        if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
            return 'host unreachable';
        if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT')
            return 'connect timeout';
        if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
            return 'the server stopped answering';
        if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code))
            return `TLS: ${e.message ?? code}`;
    }
    const last = chain[chain.length - 1];
    const msg = last instanceof Error ? last.message : String(last);
    return msg || 'request failed';
}
/** Replaces the values of the check's secret headers (and their token part) wherever they appear. */
function redactor(check) {
    const secrets = new Set();
    for (const [k, v] of Object.entries(check.headers)) {
        if (!check.secretHeaders.includes(k.toLowerCase()))
            continue;
        secrets.add(v);
        // "Bearer abc": the token may be echoed without its scheme.
        const token = /^\S+\s+(\S.*)$/.exec(v)?.[1];
        if (token)
            secrets.add(token);
    }
    // Too-short values would redact ordinary text; they are not worth protecting either way.
    const list = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
    if (list.length === 0)
        return (t) => t;
    return (text) => list.reduce((t, s) => t.split(s).join('<redacted>'), text);
}
function excerpt(body) {
    const flat = body.replace(/\s+/g, ' ').trim();
    return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}
/** "250 ms", "3 s", "1.5 s", "2 min". */
function formatMs(ms) {
    if (ms < 1000)
        return `${ms} ms`;
    if (ms < 60_000)
        return `${Number((ms / 1000).toFixed(1))} s`;
    return `${Number((ms / 60_000).toFixed(1))} min`;
}
function raceAbort(p, signal) {
    if (signal.aborted)
        return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        p.then((v) => {
            signal.removeEventListener('abort', onAbort);
            resolve(v);
        }, (e) => {
            signal.removeEventListener('abort', onAbort);
            reject(e);
        });
    });
}
/** setTimeout that resolves early when the signal aborts. */
function abortableSleep(ms, signal) {
    return new Promise((resolve) => {
        if (signal?.aborted)
            return resolve();
        const done = () => {
            clearTimeout(t);
            signal?.removeEventListener('abort', done);
            resolve();
        };
        const t = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
    });
}

;// CONCATENATED MODULE: ./src/commands/steps.ts




/**
 * The sandbox publishes each emulated ALB's local listener here; on EKS the Ingress status
 * hostname is the address.
 */
const SANDBOX_URL_ANNOTATION = 'sandbox.eks-fargate-deploy/url';
function isAlbIngress(o) {
    return o.kind === 'Ingress' && (o['spec']?.ingressClassName === 'alb' || o.metadata.annotations?.['kubernetes.io/ingress.class'] === 'alb');
}
/** What a release's rollout is: its Deployments, StatefulSets, Jobs, LoadBalancer Services and ALB Ingresses. */
function releaseTargets(objects) {
    const targets = [];
    for (const o of objects) {
        const ns = o.metadata.namespace ?? 'default';
        if (o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'Job')
            targets.push({ kind: o.kind, namespace: ns, name: o.metadata.name });
        else if (o.kind === 'Service' && o['spec']?.type === 'LoadBalancer')
            targets.push({ kind: 'Service', namespace: ns, name: o.metadata.name });
        else if (isAlbIngress(o))
            targets.push({ kind: 'Ingress', namespace: ns, name: o.metadata.name });
    }
    return targets;
}
/** Watch every target at once until all are ready, one fails, the deadline passes or the signal aborts. */
function trackRollouts(client, targets, opts) {
    const timeoutSeconds = Math.max(1, Math.ceil((opts.deadline - Date.now()) / 1000));
    return new RolloutTracker(client, { targets, graceSeconds: opts.graceSeconds, timeoutSeconds, signal: opts.signal, log: opts.log }).run();
}
/** Verify the new pods of the release's workloads run on Fargate, sized as requested. */
function verifyPods(client, targets, log) {
    return verifyFargatePods(client, targets.filter((t) => t.kind === 'Deployment' || t.kind === 'StatefulSet' || t.kind === 'Job'), { log });
}
/** The base URL of an Ingress: the sandbox's local listener, else `http://<status hostname>`. */
async function ingressBaseUrl(client, namespace, name) {
    const ing = await client.get('networking.k8s.io/v1', 'Ingress', namespace, name);
    if (!ing)
        throw new Error(`Ingress ${namespace}/${name} not found`);
    const local = ing.metadata.annotations?.[SANDBOX_URL_ANNOTATION];
    if (local)
        return local.replace(/\/$/, '');
    const lb = ing['status']?.loadBalancer?.ingress?.[0];
    const host = lb?.hostname ?? lb?.ip;
    return host ? `http://${host}` : undefined;
}
/** The URLs of the release's ALB Ingresses (for outputs and the GitHub Deployment). */
async function ingressUrls(client, objects) {
    const urls = [];
    for (const o of objects.filter(isAlbIngress)) {
        const url = await ingressBaseUrl(client, o.metadata.namespace ?? 'default', o.metadata.name).catch(() => undefined);
        if (url)
            urls.push(url);
    }
    return urls;
}
/** Run the smoke checks: URLs directly, Ingress paths through the release's ALB, services through the API server proxy. */
function smokeTest(client, checks, namespace, signal, log) {
    const transport = createSmokeTransport({ client, defaultNamespace: namespace });
    return runSmokeChecks(checks, {
        transport,
        signal,
        log,
        resolveIngress: async (ref) => {
            const ns = ref.namespace ?? namespace;
            if (ref.name)
                return ingressBaseUrl(client, ns, ref.name);
            const { items } = await client.list('networking.k8s.io/v1', 'Ingress', ns);
            const first = items.find(isAlbIngress) ?? items[0];
            if (!first)
                throw new Error(`no Ingress in namespace ${ns}`);
            return ingressBaseUrl(client, ns, first.metadata.name);
        },
    });
}


/***/ }),

/***/ 9501:
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
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1934);
/**
 * Server-side apply of a release's objects, one at a time in the order given (callers pass
 * dependency order), with what happened to each: created, configured or unchanged.
 */


/** The key of an object. */
function objectKey(o) {
    return { apiVersion: o.apiVersion, kind: o.kind, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name };
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
        const lines = causes.length > 0 ? causes.map((c) => `  ${c.field ?? '(object)'}: ${c.message ?? 'invalid'}`) : [`  ${cause.status?.message ?? cause.message}`];
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
const SERVER_FIELDS = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'];
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
        const ours = (managedFields ?? []).filter((m) => m['manager'] === fieldManager).map(({ time: _time, ...m }) => m);
        return { ...rest, metadata: meta, ours };
    };
    return (0,node_util__WEBPACK_IMPORTED_MODULE_0__.isDeepStrictEqual)(strip(before), strip(after));
}
/**
 * Server-side apply each object in the order given and report what happened to it. The live
 * object is read first: absent → `created`; resourceVersion unchanged (or only status and other
 * managers' bookkeeping moved in between) → `unchanged`; otherwise `configured`.
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
                const live = await client.get(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
                const applied = await client.apply(applyConfiguration(obj), {
                    fieldManager,
                    ...(options.force ? { force: true } : {}),
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

/***/ 1934:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bx: () => (/* binding */ KubeClient),
/* harmony export */   W3: () => (/* binding */ KubeApiError),
/* harmony export */   dg: () => (/* binding */ isTransient)
/* harmony export */ });
/* unused harmony exports DEFAULT_RETRY, withRetry, toApiError */
/* harmony import */ var _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(94);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4371);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);



/** A failed Kubernetes API call, with the server's Status when it sent one. */
class KubeApiError extends Error {
    code;
    status;
    retryAfterSeconds;
    name = 'KubeApiError';
    constructor(message, code, status, retryAfterSeconds) {
        super(message);
        this.code = code;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }
    get reason() {
        return this.status?.reason;
    }
}
const DEFAULT_RETRY = { attempts: 8, baseDelayMs: 200, maxDelayMs: 5_000 };
const TRANSIENT_CODES = new Set([429, 500, 502, 503, 504]);
const TRANSIENT_ERRNO = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR_SOCKET|UND_ERR_CLOSED|other side closed|socket hang up|fetch failed|terminated/i;
/** True for failures worth retrying: throttling, server errors and dropped connections. */
function isTransient(err) {
    if (err instanceof KubeApiError)
        return TRANSIENT_CODES.has(err.code);
    const text = err instanceof Error ? `${err.message} ${String(err.cause ?? '')}` : String(err);
    return TRANSIENT_ERRNO.test(text);
}
/**
 * Run `fn`, retrying transient failures with capped exponential backoff (a 429's Retry-After wins).
 * Non-transient errors and the last failure are rethrown as they are.
 */
async function withRetry(fn, policy = DEFAULT_RETRY, signal) {
    const sleep = policy.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    for (let attempt = 1;; attempt++) {
        try {
            return await fn();
        }
        catch (err) {
            if (attempt >= policy.attempts || !isTransient(err) || signal?.aborted)
                throw err;
            const retryAfter = err instanceof KubeApiError && err.retryAfterSeconds !== undefined ? err.retryAfterSeconds * 1000 : undefined;
            const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
            await sleep(Math.min(policy.maxDelayMs, retryAfter ?? backoff));
        }
    }
}
const TOKEN_USER = 'eks-fargate-deploy';
/**
 * The Kubernetes API as this tool uses it: @kubernetes/client-node for configuration,
 * authentication, object CRUD / server-side apply and watches; every call retried on transient
 * failures; errors turned into `KubeApiError` with the server's Status.
 */
class KubeClient {
    kc;
    retry;
    objects;
    discovery = new Map();
    constructor(kc, retry = DEFAULT_RETRY) {
        this.kc = kc;
        this.retry = retry;
        this.objects = _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__/* .KubernetesObjectApi */ .e1Y.makeApiClient(kc);
    }
    /** From a kubeconfig file (or `KUBECONFIG` / ~/.kube/config when no path is given). */
    static fromKubeconfig(path, context) {
        const kc = new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__/* .KubeConfig */ .ypW();
        try {
            if (path)
                kc.loadFromFile(path);
            else
                kc.loadFromDefault();
        }
        catch (err) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2(`cannot read kubeconfig: ${err instanceof Error ? err.message : String(err)}`, path ?? process.env['KUBECONFIG'] ?? '~/.kube/config');
        }
        if (context) {
            if (!kc.getContexts().some((c) => c.name === context)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2(`context ${JSON.stringify(context)} not found (have: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`, path, 'context');
            }
            kc.setCurrentContext(context);
        }
        if (!kc.getCurrentCluster())
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2('no current cluster in the kubeconfig', path ?? 'kubeconfig');
        return new KubeClient(kc);
    }
    /** From a server URL, its CA (base64 PEM as EKS returns it) and a token provider. */
    static fromCluster(opts, retry) {
        const kc = new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__/* .KubeConfig */ .ypW();
        const name = opts.name ?? 'cluster';
        kc.loadFromOptions({
            clusters: [{ name, server: opts.server, ...(opts.caData ? { caData: opts.caData } : {}), skipTLSVerify: opts.skipTlsVerify ?? false }],
            users: [{ name: TOKEN_USER }],
            contexts: [{ name, cluster: name, user: TOKEN_USER }],
            currentContext: name,
        });
        kc.addAuthenticator({
            isAuthProvider: (user) => user.name === TOKEN_USER,
            applyAuthentication: async (_user, reqOpts) => {
                reqOpts.headers ??= {};
                reqOpts.headers['Authorization'] = `Bearer ${await opts.token()}`;
            },
        });
        return new KubeClient(kc, retry);
    }
    /** The API server URL. */
    get server() {
        return this.kc.getCurrentCluster()?.server ?? '';
    }
    /**
     * A raw JSON request to the API server (paths like `/apis/coordination.k8s.io/v1/...`), with
     * retries. A non-2xx answer throws `KubeApiError`.
     */
    async request(method, path, opts = {}) {
        const run = async () => {
            const url = new URL(this.server.replace(/\/$/, '') + path);
            for (const [k, v] of Object.entries(opts.query ?? {}))
                if (v !== undefined)
                    url.searchParams.set(k, String(v));
            const ctx = new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__/* .RequestContext */ .bb4(url.toString(), method.toUpperCase());
            await this.kc.applySecurityAuthentication(ctx);
            const headers = { ...ctx.getHeaders(), Accept: 'application/json' };
            let body;
            if (opts.body !== undefined) {
                headers['Content-Type'] = opts.contentType ?? 'application/json';
                body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
            }
            const res = await (0,undici__WEBPACK_IMPORTED_MODULE_1__/* .fetch */ .hd)(url, {
                method: method.toUpperCase(),
                headers,
                ...(body !== undefined ? { body } : {}),
                dispatcher: ctx.getDispatcher(),
                ...(opts.signal ? { signal: opts.signal } : {}),
            });
            const text = await res.text();
            if (res.status < 200 || res.status >= 300)
                throw toApiError(res.status, text, res.headers.get('retry-after'), `${method.toUpperCase()} ${path}`);
            return (text ? JSON.parse(text) : undefined);
        };
        return opts.retry === false ? run() : withRetry(run, this.retry, opts.signal);
    }
    /** Discovery: plural name and scope of a kind, cached per group-version. */
    async resourceFor(apiVersion, kind) {
        let entry = this.discovery.get(apiVersion);
        if (!entry) {
            const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
            entry = this.request('GET', path).then((list) => {
                const map = new Map();
                for (const r of list.resources)
                    if (!r.name.includes('/'))
                        map.set(r.kind, { plural: r.name, namespaced: r.namespaced });
                return map;
            });
            entry.catch(() => this.discovery.delete(apiVersion));
            this.discovery.set(apiVersion, entry);
        }
        let info;
        try {
            info = (await entry).get(kind);
        }
        catch (err) {
            if (err instanceof KubeApiError && err.code === 404)
                info = undefined;
            else
                throw err;
        }
        if (!info)
            throw new KubeApiError(`the cluster does not serve ${kind} in ${apiVersion} (is its CRD installed?)`, 404);
        return info;
    }
    /** The REST path of an object (or its collection when `name` is omitted). */
    async pathFor(apiVersion, kind, namespace, name) {
        const info = await this.resourceFor(apiVersion, kind);
        const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
        const ns = info.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? 'default')}` : '';
        return `${base}${ns}/${info.plural}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
    }
    /** Server-side apply of one object (retried on transient failures). */
    async apply(obj, opts) {
        const path = await this.pathFor(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
        return this.request('PATCH', path, {
            body: obj,
            contentType: 'application/apply-patch+yaml',
            query: { fieldManager: opts.fieldManager, force: opts.force ? true : undefined, dryRun: opts.dryRun ? 'All' : undefined },
            ...(opts.signal ? { signal: opts.signal } : {}),
        });
    }
    /** Read one object; undefined when it does not exist. */
    async get(apiVersion, kind, namespace, name) {
        try {
            return await this.request('GET', await this.pathFor(apiVersion, kind, namespace, name));
        }
        catch (err) {
            if (err instanceof KubeApiError && err.code === 404)
                return undefined;
            throw err;
        }
    }
    /** List objects of a kind in a namespace (all namespaces when undefined). */
    async list(apiVersion, kind, namespace, query = {}) {
        const info = await this.resourceFor(apiVersion, kind);
        const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
        const path = info.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}` : `${base}/${info.plural}`;
        const list = await this.request('GET', path, { query });
        return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '' };
    }
    /** Delete one object (Background propagation by default); true when it existed. */
    async delete(apiVersion, kind, namespace, name, propagationPolicy = 'Background') {
        try {
            await this.request('DELETE', await this.pathFor(apiVersion, kind, namespace, name), { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy } });
            return true;
        }
        catch (err) {
            if (err instanceof KubeApiError && err.code === 404)
                return false;
            throw err;
        }
    }
    /**
     * Start a watch (client-node `Watch`): `onEvent` gets each event, `onDone` fires once when the
     * stream ends or fails. Abort the returned controller to stop it.
     */
    watch(path, query, onEvent, onDone) {
        return new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__/* .Watch */ .ox1(this.kc).watch(path, query, (type, obj) => onEvent(type, obj), onDone);
    }
    /** client-node's own object API, for callers that want its typed helpers. */
    async patchWithStrategy(spec, strategy, fieldManager) {
        try {
            return await withRetry(() => this.objects.patch(spec, undefined, undefined, fieldManager, undefined, strategy), this.retry);
        }
        catch (err) {
            throw err instanceof _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__/* .ApiException */ .UJ4 ? toApiError(err.code, typeof err.body === 'string' ? err.body : JSON.stringify(err.body), err.headers?.['retry-after'] ?? null, 'PATCH') : err;
        }
    }
}
/** Build a KubeApiError from an HTTP answer, keeping the Status body and Retry-After. */
function toApiError(code, body, retryAfter, what) {
    let status;
    try {
        const parsed = JSON.parse(body);
        if (parsed && typeof parsed === 'object' && parsed.kind === 'Status')
            status = parsed;
    }
    catch {
        // not JSON: keep the text in the message
    }
    const retry = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : status?.details?.retryAfterSeconds;
    const message = status?.message ?? (body.trim().slice(0, 200) || `HTTP ${code}`);
    return new KubeApiError(`${what}: ${code} ${status?.reason ?? ''}${status?.reason ? ': ' : ''}${message}`.replace(/\s+/g, ' ').trim(), code, status, retry);
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
 * died cannot block deploys for longer than one lease.
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
/** A held deploy lock. Renews itself until `release()`; `lost` fires if it stops being ours. */
class DeployLock {
    client;
    namespace;
    holder;
    lease;
    leaseSeconds;
    log;
    lostCtrl = new AbortController();
    stopCtrl = new AbortController();
    renewing;
    released = false;
    constructor(client, namespace, holder, lease, leaseSeconds, log) {
        this.client = client;
        this.namespace = namespace;
        this.holder = holder;
        this.lease = lease;
        this.leaseSeconds = leaseSeconds;
        this.log = log;
        this.renewing = this.renewLoop();
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
        await this.renewing?.catch(() => undefined);
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
        if (!this.lostCtrl.signal.aborted) {
            const err = new LockLostError(this.namespace, message);
            this.log(err.message);
            this.lostCtrl.abort(err);
        }
    }
    /** Renew every third of the lease; a failed renewal is retried until the lease would expire. */
    async renewLoop() {
        const interval = (this.leaseSeconds * 1000) / 3;
        const stop = this.stopCtrl.signal;
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
            if (!live)
                return 'the Lease was deleted';
            if (live.spec?.holderIdentity !== this.holder) {
                return `${live.spec?.holderIdentity ? `${live.spec.holderIdentity} took it over` : 'its holder was cleared'} at ${live.spec?.acquireTime ?? 'an unknown time'}`;
            }
            this.lease = live;
        }
    }
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

/***/ 2495:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P2: () => (/* binding */ LABEL_RELEASE),
/* harmony export */   T: () => (/* binding */ ReleaseStore)
/* harmony export */ });
/* unused harmony exports RELEASE_SECRET_TYPE, LABEL_MANAGED_BY, LABEL_RELEASE_VERSION, LABEL_STATUS, MAX_RECORD_BYTES, RELEASE_STATUSES, ReleaseRecordError, encodeRecord, decodeRecord */
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9501);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1934);
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
    if (typeof r.number !== 'number' || !Array.isArray(r.objects) || !RELEASE_STATUSES.includes(r.status)) {
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
    constructor(client, namespace, release, options = {}) {
        this.client = client;
        this.namespace = namespace;
        this.release = release;
        if (!DNS1123_LABEL.test(release) || release.length > 53) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${JSON.stringify(release)} is not a valid release name (lower-case letters, digits and "-", at most 53)`, undefined, 'release');
        }
        this.historyLimit = options.historyLimit ?? 10;
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
            const status = RELEASE_STATUSES.includes(labels[LABEL_STATUS]) ? labels[LABEL_STATUS] : undefined;
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
        return (await this.list()).filter((e) => e.status === 'deployed').at(-1)?.record();
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
            };
            const secret = this.secretFor(record);
            try {
                await this.client.request('POST', `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/secrets`, { body: secret, query: { fieldManager: _apply_js__WEBPACK_IMPORTED_MODULE_2__/* .FIELD_MANAGER */ .vy } });
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
            const next = change(decodeRecord(secret.data?.['release'], this.where(name)));
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


/***/ }),

/***/ 7302:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hf: () => (/* binding */ parseJsonPath),
/* harmony export */   N: () => (/* binding */ loadSmokeSpec),
/* harmony export */   ff: () => (/* binding */ describeTarget),
/* harmony export */   oe: () => (/* binding */ printableHeaders)
/* harmony export */ });
/* unused harmony exports SMOKE_DEFAULTS, SMOKE_METHODS, isSecretHeader, parseSmokeSpec, parseDuration, redactUrl */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/**
 * The user's smoke-test list (YAML or JSON, an action input or a file), parsed and validated once
 * into {@link SmokeCheck}s. Every problem is collected and reported together, each naming the
 * source, the check (index, name, line) and the field.
 *
 * ```yaml
 * - name: home
 *   path: /healthz                     # on the release's Ingress address
 *   expect: { status: 200, bodyContains: ok, maxLatency: 500ms }
 * - name: api
 *   url: https://api.example.com/v1/status
 *   headers: { Authorization: "Bearer …" }   # shown as <redacted> everywhere
 *   expect:
 *     json: [{ path: $.status, equals: up }]
 *   retries: 10
 *   interval: 3s
 *   deadline: 2m
 * - name: internal
 *   service: { name: orders, namespace: shop, port: 8080 }   # through the API server's service proxy
 *   path: /ready
 * ```
 *
 * A file may instead hold `{ defaults: {...}, checks: [...] }`; defaults (headers, retries,
 * interval, timeout, deadline, followRedirects) apply to every check that does not set them.
 */



/** Defaults applied to a check that does not set the field. */
const SMOKE_DEFAULTS = {
    method: 'GET',
    status: [200],
    retries: 10,
    intervalMs: 3_000,
    timeoutMs: 5_000,
    deadlineMs: 60_000,
    followRedirects: false,
};
/** HTTP methods a smoke check may use. */
const SMOKE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** A header whose value is a credential, judged by its name. */
function isSecretHeader(name) {
    const n = name.toLowerCase();
    return n === 'authorization' || n === 'proxy-authorization' || n === 'cookie' || n === 'x-api-key' || /token|secret|password|api[-_]?key|credential|session/.test(n);
}
const CHECK_KEYS = ['name', 'url', 'path', 'ingress', 'service', 'method', 'headers', 'body', 'expect', 'retries', 'interval', 'intervalMs', 'timeout', 'timeoutMs', 'deadline', 'deadlineMs', 'followRedirects'];
const DEFAULTS_KEYS = ['headers', 'retries', 'interval', 'intervalMs', 'timeout', 'timeoutMs', 'deadline', 'deadlineMs', 'followRedirects'];
const EXPECT_KEYS = ['status', 'bodyContains', 'bodyMatches', 'json', 'maxLatency', 'maxLatencyMs'];
const JSON_KEYS = ['path', 'equals', 'exists'];
const SERVICE_KEYS = ['name', 'namespace', 'port', 'scheme'];
const INGRESS_KEYS = ['name', 'namespace'];
/** RFC 9110 token: what a header name may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** DNS-1123 label (Service names) and subdomain (Ingress names, namespaces), as the API server checks them. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PORT_NAME = /^(?=.{1,15}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Collects problems of one document; `at` builds the field label. */
class Problems {
    source;
    list = [];
    constructor(source) {
        this.source = source;
    }
    add(field, message) {
        this.list.push(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2(message, this.source, field));
    }
}
/**
 * Parse and validate a smoke-test spec. `source` names the file or input in every error.
 * Throws `UserInputErrors` listing every problem found.
 */
function parseSmokeSpec(text, source) {
    const problems = new Problems(source);
    const lines = new yaml__WEBPACK_IMPORTED_MODULE_1__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parseDocument */ .Tp)(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
    if (doc.errors.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputErrors */ .fr(doc.errors.map((e) => {
            const pos = e.linePos?.[0];
            // prettyErrors appends " at line L, column C:" and a code excerpt; the position is given once, first.
            const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2(`${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}${message}`, source);
        }));
    }
    let root;
    try {
        root = doc.toJS({ maxAliasCount: 100 });
    }
    catch (err) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputErrors */ .fr([new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2(err instanceof Error ? err.message : String(err), source)]);
    }
    let items;
    let itemNodes = [];
    let defaults = {};
    let prefix = '';
    if (Array.isArray(root)) {
        items = root;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isSeq */ .oP)(doc.contents))
            itemNodes = doc.contents.items;
    }
    else if (isPlainObject(root)) {
        for (const k of Object.keys(root))
            if (k !== 'checks' && k !== 'defaults')
                problems.add(k, `unknown key (expected a list of checks, or "defaults" and "checks")`);
        if (!Array.isArray(root['checks'])) {
            problems.add('checks', `expected a list of checks, got ${describeType(root['checks'])}`);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputErrors */ .fr(problems.list);
        }
        items = root['checks'];
        const node = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isMap */ .jh)(doc.contents) ? doc.contents.get('checks', true) : undefined;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isSeq */ .oP)(node))
            itemNodes = node.items;
        prefix = 'checks';
        if (root['defaults'] !== undefined) {
            if (!isPlainObject(root['defaults']))
                problems.add('defaults', `expected a mapping, got ${describeType(root['defaults'])}`);
            else {
                defaults = root['defaults'];
                unknownKeys(defaults, DEFAULTS_KEYS, (k) => `defaults.${k}`, problems);
            }
        }
    }
    else if (root === null || root === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputErrors */ .fr([new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2('the smoke-test list is empty', source)]);
    }
    else {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputErrors */ .fr([new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2(`expected a list of checks, got ${describeType(root)}`, source)]);
    }
    if (items.length === 0)
        problems.add(prefix || 'checks', 'the smoke-test list is empty');
    const checks = [];
    const seen = new Map();
    items.forEach((item, index) => {
        const node = itemNodes[index];
        const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
        const rawName = isPlainObject(item) && typeof item['name'] === 'string' ? item['name'] : undefined;
        const label = `${prefix}[${index}]${rawName !== undefined ? ` ${JSON.stringify(rawName)}` : ''}${line !== undefined ? ` (line ${line})` : ''}`;
        const check = parseCheck(item, defaults, label, problems);
        if (!check)
            return;
        const first = seen.get(check.name);
        if (first !== undefined)
            problems.add(`${label} name`, `duplicate check name ${JSON.stringify(check.name)} (also check [${first}]); names identify results`);
        else
            seen.set(check.name, index);
        checks.push(check);
    });
    if (problems.list.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputErrors */ .fr(problems.list);
    return checks;
}
/**
 * Read the smoke-test spec from the deploy configuration: inline text (source "input smoke-tests")
 * or a file (source: its path).
 */
async function loadSmokeSpec(setting) {
    if (setting.text !== undefined)
        return parseSmokeSpec(setting.text, 'input smoke-tests');
    if (setting.file === undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2('neither inline text nor a file given', undefined, 'smoke-tests');
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(setting.file, 'utf8');
    }
    catch (err) {
        const code = err.code;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserInputError */ .m2(code === 'ENOENT' ? 'file not found' : `cannot read: ${err instanceof Error ? err.message : String(err)}`, setting.file);
    }
    return parseSmokeSpec(text, setting.file);
}
function parseCheck(item, defaults, label, p) {
    if (!isPlainObject(item)) {
        p.add(label, `expected a mapping (name, url|path|service, expect, ...), got ${describeType(item)}`);
        return undefined;
    }
    const at = (field) => `${label} ${field}`;
    const before = p.list.length;
    unknownKeys(item, CHECK_KEYS, at, p);
    const method = parseMethod(item['method'], at('method'), p);
    const target = parseTarget(item, at, p);
    const headers = parseHeaders({ ...asObj(defaults['headers']), ...asObj(item['headers']) }, at('headers'), p);
    if (defaults['headers'] !== undefined && !isPlainObject(defaults['headers']))
        p.add('defaults.headers', `expected a mapping of header names to values, got ${describeType(defaults['headers'])}`);
    if (item['headers'] !== undefined && !isPlainObject(item['headers']))
        p.add(at('headers'), `expected a mapping of header names to values, got ${describeType(item['headers'])}`);
    if (target && 'service' in target) {
        const auth = Object.keys(headers).find((h) => h.toLowerCase() === 'authorization');
        // The API server authenticates the proxy request with this header and deletes it before
        // forwarding, so the Service would never see it: a check relying on it could not pass.
        if (auth)
            p.add(`${at('headers')}.${auth}`, 'the API server\'s service proxy consumes Authorization for its own authentication and does not forward it; use another header or a url/ingress target');
    }
    let body;
    const rawBody = item['body'];
    if (rawBody !== undefined && rawBody !== null) {
        if (typeof rawBody === 'string')
            body = rawBody;
        else if (typeof rawBody === 'object') {
            // A mapping or list is sent as JSON: the common case of an API check, without hand-written quoting.
            body = JSON.stringify(rawBody);
            if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
                headers['Content-Type'] = 'application/json';
        }
        else
            body = String(rawBody);
        if (method === 'GET' || method === 'HEAD')
            p.add(at('body'), `a ${method} request cannot carry a body (use POST, PUT or PATCH)`);
    }
    const expect = parseExpect(item['expect'], at('expect'), p);
    const setting = (key) => (item[key] !== undefined ? item[key] : defaults[key]);
    const settingField = (key) => (item[key] !== undefined ? at(key) : `defaults.${key}`);
    const retries = parseCount(setting('retries'), settingField('retries'), p) ?? SMOKE_DEFAULTS.retries;
    const intervalMs = durationSetting(item, defaults, 'interval', at, p, false) ?? SMOKE_DEFAULTS.intervalMs;
    const timeoutMs = durationSetting(item, defaults, 'timeout', at, p, true) ?? SMOKE_DEFAULTS.timeoutMs;
    const deadlineMs = durationSetting(item, defaults, 'deadline', at, p, true) ?? SMOKE_DEFAULTS.deadlineMs;
    let followRedirects = SMOKE_DEFAULTS.followRedirects;
    const fr = setting('followRedirects');
    if (fr !== undefined) {
        if (typeof fr === 'boolean')
            followRedirects = fr;
        else
            p.add(settingField('followRedirects'), `expected true or false, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(fr)}`);
    }
    let name = item['name'];
    if (name === undefined)
        name = target ? `${method ?? 'GET'} ${describeTarget(target)}` : undefined;
    else if (typeof name !== 'string' || name.trim() === '') {
        p.add(at('name'), `expected a non-empty string, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(name)}`);
        name = undefined;
    }
    if (p.list.length > before || !target || !method || !expect || typeof name !== 'string')
        return undefined;
    const check = {
        name,
        target,
        method,
        headers,
        secretHeaders: Object.keys(headers).filter(isSecretHeader).map((h) => h.toLowerCase()),
        expect,
        retries,
        intervalMs,
        timeoutMs,
        deadlineMs,
        followRedirects,
    };
    if (body !== undefined)
        check.body = body;
    return check;
}
function parseMethod(raw, field, p) {
    if (raw === undefined)
        return SMOKE_DEFAULTS.method;
    const m = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
    if (!SMOKE_METHODS.includes(m)) {
        p.add(field, `expected one of ${SMOKE_METHODS.join(', ')}, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(raw)}`);
        return undefined;
    }
    return m;
}
function parseTarget(item, at, p) {
    const given = ['url', 'service', 'ingress'].filter((k) => item[k] !== undefined);
    if (given.length > 1) {
        p.add(at(given.join('/')), `give one target: url, service (+ path), or path (+ ingress); got ${given.join(' and ')}`);
        return undefined;
    }
    const kind = given[0];
    if (kind === 'url') {
        if (item['path'] !== undefined)
            p.add(at('path'), 'path goes with service or ingress; with url, put the path in the URL');
        const url = parseUrl(item['url'], at('url'), p);
        return url ? { url } : undefined;
    }
    if (item['path'] === undefined && kind !== 'service') {
        p.add(at('url/path/service'), 'missing target: give url, path (on the release\'s Ingress address), or service (+ path)');
        return undefined;
    }
    const path = parsePath(item['path'] ?? '/', at('path'), p);
    if (kind === 'service') {
        const service = parseService(item['service'], at('service'), p);
        return service && path !== undefined ? { service, path } : undefined;
    }
    const ingress = kind === 'ingress' ? parseIngress(item['ingress'], at('ingress'), p) : {};
    return ingress && path !== undefined ? { ingress, path } : undefined;
}
function parseUrl(raw, field, p) {
    if (typeof raw !== 'string' || raw.trim() === '') {
        p.add(field, `expected an http:// or https:// URL, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(raw)}`);
        return undefined;
    }
    let url;
    try {
        url = new URL(raw.trim());
    }
    catch {
        p.add(field, `not a valid URL: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(redactUrl(raw))}`);
        return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        p.add(field, `only http:// and https:// URLs can be checked, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(url.protocol.replace(/:$/, ''))}`);
        return undefined;
    }
    if (url.hash)
        p.add(field, 'a URL fragment (#...) is never sent to the server; remove it');
    return url.toString();
}
function parsePath(raw, field, p) {
    if (typeof raw !== 'string' || !raw.startsWith('/')) {
        p.add(field, `expected a path starting with "/", got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(raw)}`);
        return undefined;
    }
    if (/[\s#]/.test(raw)) {
        p.add(field, `a path cannot contain spaces or "#" (percent-encode them), got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(raw)}`);
        return undefined;
    }
    return raw;
}
function parseService(raw, field, p) {
    if (!isPlainObject(raw)) {
        p.add(field, `expected a mapping { name, namespace?, port }, got ${describeType(raw)}`);
        return undefined;
    }
    const before = p.list.length;
    unknownKeys(raw, SERVICE_KEYS, (k) => `${field}.${k}`, p);
    const { name, namespace, port, scheme } = raw;
    if (typeof name !== 'string' || !DNS_LABEL.test(name))
        p.add(`${field}.name`, `expected a Service name (DNS-1123 label), got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(name)}`);
    if (namespace !== undefined && (typeof namespace !== 'string' || !DNS_LABEL.test(namespace)))
        p.add(`${field}.namespace`, `expected a namespace name, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(namespace)}`);
    if (port === undefined)
        p.add(`${field}.port`, 'missing: the Service port (number or name)');
    else if (typeof port === 'number' ? !(Number.isInteger(port) && port >= 1 && port <= 65535) : typeof port !== 'string' || !PORT_NAME.test(port)) {
        p.add(`${field}.port`, `expected a port number 1-65535 or a port name, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(port)}`);
    }
    if (scheme !== undefined && scheme !== 'http' && scheme !== 'https')
        p.add(`${field}.scheme`, `expected http or https, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(scheme)}`);
    if (p.list.length > before)
        return undefined;
    return {
        name: name,
        ...(namespace !== undefined ? { namespace: namespace } : {}),
        port: port,
        ...(scheme !== undefined ? { scheme: scheme } : {}),
    };
}
function parseIngress(raw, field, p) {
    const obj = typeof raw === 'string' ? { name: raw } : raw;
    if (!isPlainObject(obj)) {
        p.add(field, `expected an Ingress name or { name, namespace }, got ${describeType(raw)}`);
        return undefined;
    }
    const before = p.list.length;
    unknownKeys(obj, INGRESS_KEYS, (k) => `${field}.${k}`, p);
    const { name, namespace } = obj;
    if (name !== undefined && (typeof name !== 'string' || !DNS_SUBDOMAIN.test(name)))
        p.add(`${field}.name`, `expected an Ingress name, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(name)}`);
    if (namespace !== undefined && (typeof namespace !== 'string' || !DNS_LABEL.test(namespace)))
        p.add(`${field}.namespace`, `expected a namespace name, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(namespace)}`);
    if (p.list.length > before)
        return undefined;
    return { ...(name !== undefined ? { name: name } : {}), ...(namespace !== undefined ? { namespace: namespace } : {}) };
}
function parseHeaders(raw, field, p) {
    const out = {};
    const seen = new Map();
    for (const [name, value] of Object.entries(raw)) {
        const f = `${field}.${name}`;
        if (!TOKEN.test(name)) {
            p.add(f, 'not a valid header name');
            continue;
        }
        const lower = name.toLowerCase();
        if (lower === 'host' || lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection') {
            p.add(f, 'set by the HTTP client; it cannot be given');
            continue;
        }
        // Header names are case-insensitive: defaults and check may spell them differently.
        const prior = seen.get(lower);
        if (prior !== undefined)
            delete out[prior];
        seen.set(lower, name);
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
            p.add(f, `expected a string value, got ${describeType(value)}`);
            continue;
        }
        const text = String(value);
        // The value of a secret header never appears in a message, even a validation one.
        if (/[\r\n\0]/.test(text))
            p.add(f, `a header value cannot contain line breaks or NUL${isSecretHeader(name) ? '' : `, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(text)}`}`);
        else
            out[name] = text;
    }
    return out;
}
function parseExpect(raw, field, p) {
    if (raw === undefined || raw === null)
        return { status: [...SMOKE_DEFAULTS.status] };
    if (!isPlainObject(raw)) {
        p.add(field, `expected a mapping (status, bodyContains, bodyMatches, json, maxLatency), got ${describeType(raw)}`);
        return undefined;
    }
    const before = p.list.length;
    unknownKeys(raw, EXPECT_KEYS, (k) => `${field}.${k}`, p);
    const out = { status: [...SMOKE_DEFAULTS.status] };
    if (raw['status'] !== undefined) {
        const list = Array.isArray(raw['status']) ? raw['status'] : [raw['status']];
        if (list.length === 0)
            p.add(`${field}.status`, 'expected at least one status code');
        const codes = [];
        list.forEach((s, i) => {
            const n = typeof s === 'string' && /^\d{3}$/.test(s.trim()) ? Number(s) : s;
            const f = Array.isArray(raw['status']) ? `${field}.status[${i}]` : `${field}.status`;
            if (typeof n !== 'number' || !Number.isInteger(n) || n < 100 || n > 599)
                p.add(f, `expected an HTTP status code 100-599, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(s)}`);
            else if (!codes.includes(n))
                codes.push(n);
        });
        out.status = codes;
    }
    if (raw['bodyContains'] !== undefined) {
        const list = Array.isArray(raw['bodyContains']) ? raw['bodyContains'] : [raw['bodyContains']];
        const texts = [];
        list.forEach((s, i) => {
            const f = Array.isArray(raw['bodyContains']) ? `${field}.bodyContains[${i}]` : `${field}.bodyContains`;
            if (typeof s === 'string' && s !== '')
                texts.push(s);
            else if (typeof s === 'number' || typeof s === 'boolean')
                texts.push(String(s));
            else
                p.add(f, `expected a non-empty string, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(s)}`);
        });
        out.bodyContains = texts;
    }
    if (raw['bodyMatches'] !== undefined) {
        const re = raw['bodyMatches'];
        if (typeof re !== 'string' || re === '')
            p.add(`${field}.bodyMatches`, `expected a regular expression, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(re)}`);
        else {
            try {
                new RegExp(re);
                out.bodyMatches = re;
            }
            catch (err) {
                p.add(`${field}.bodyMatches`, `invalid regular expression ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(re)}: ${err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}`);
            }
        }
    }
    if (raw['json'] !== undefined) {
        const list = raw['json'];
        if (!Array.isArray(list) || list.length === 0)
            p.add(`${field}.json`, `expected a list of { path, equals | exists }, got ${describeType(list)}`);
        else {
            out.json = [];
            list.forEach((j, i) => {
                const f = `${field}.json[${i}]`;
                if (!isPlainObject(j)) {
                    p.add(f, `expected { path, equals | exists }, got ${describeType(j)}`);
                    return;
                }
                unknownKeys(j, JSON_KEYS, (k) => `${f}.${k}`, p);
                const path = j['path'];
                if (typeof path !== 'string') {
                    p.add(`${f}.path`, `expected a JSON path like $.status or $.items[0].name, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(path)}`);
                    return;
                }
                const err = jsonPathError(path);
                if (err) {
                    p.add(`${f}.path`, `${err} in ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(path)} (expected a JSON path like $.status or $.items[0].name)`);
                    return;
                }
                const exists = j['exists'];
                if (exists !== undefined && typeof exists !== 'boolean') {
                    p.add(`${f}.exists`, `expected true or false, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(exists)}`);
                    return;
                }
                if ('equals' in j && exists === false) {
                    p.add(f, 'equals and exists: false contradict each other');
                    return;
                }
                const e = { path };
                if ('equals' in j)
                    e.equals = j['equals'];
                else
                    e.exists = exists ?? true;
                out.json.push(e);
            });
        }
    }
    const latency = durationValue(raw, 'maxLatency', (k) => `${field}.${k}`, p, true);
    if (latency !== undefined)
        out.maxLatencyMs = latency;
    return p.list.length > before ? undefined : out;
}
/** A duration given as `<key>` (number of ms or "500ms"/"2s"/"1m30s") or `<key>Ms` (number). */
function durationSetting(item, defaults, key, at, p, positive) {
    if (item[key] !== undefined || item[`${key}Ms`] !== undefined)
        return durationValue(item, key, at, p, positive);
    return durationValue(defaults, key, (k) => `defaults.${k}`, p, positive);
}
function durationValue(obj, key, fieldOf, p, positive) {
    const plain = obj[key];
    const ms = obj[`${key}Ms`];
    if (plain !== undefined && ms !== undefined) {
        p.add(fieldOf(key), `give ${key} or ${key}Ms, not both`);
        return undefined;
    }
    if (plain === undefined && ms === undefined)
        return undefined;
    const f = fieldOf(plain !== undefined ? key : `${key}Ms`);
    const value = plain ?? ms;
    const parsed = typeof value === 'number' ? value : plain !== undefined && typeof value === 'string' ? parseDuration(value) : undefined;
    if (parsed === undefined || !Number.isFinite(parsed) || parsed < 0 || (positive && parsed === 0)) {
        const what = plain !== undefined ? 'duration like 500ms, 5s or 2m (or a number of milliseconds)' : 'number of milliseconds';
        p.add(f, `expected a ${positive ? 'positive ' : ''}${what}, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(value)}`);
        return undefined;
    }
    if (parsed > 24 * 3_600_000) {
        p.add(f, `more than 24 hours: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(value)}`);
        return undefined;
    }
    return Math.round(parsed);
}
/** "500ms", "2s", "1.5s", "2m", "1m30s", "1h" → milliseconds; undefined when not a duration. */
function parseDuration(text) {
    const t = text.trim();
    if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(t))
        return undefined;
    const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
    let total = 0;
    for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
        total += Number(m[1]) * unit[m[2]];
    return total;
}
function parseCount(raw, field, p) {
    if (raw === undefined)
        return undefined;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > 1000) {
        p.add(field, `expected a whole number 0-1000, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(raw)}`);
        return undefined;
    }
    return raw;
}
/**
 * Split a JSON path (`$`, `.name`, `['name']`, `["name"]`, `[0]`, `[-1]`) into steps; throws a
 * message naming the problem.
 */
function parseJsonPath(path) {
    if (!path.startsWith('$'))
        throw new Error('a JSON path starts with "$"');
    const steps = [];
    let i = 1;
    while (i < path.length) {
        const c = path[i];
        if (c === '.') {
            const m = /^[A-Za-z_$][\w$-]*/.exec(path.slice(i + 1));
            if (!m)
                throw new Error(`expected a property name after "." at position ${i + 1}`);
            steps.push(m[0]);
            i += 1 + m[0].length;
        }
        else if (c === '[') {
            const rest = path.slice(i);
            const index = /^\[(-?\d+)\]/.exec(rest);
            const quoted = /^\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(rest);
            if (index) {
                steps.push(Number(index[1]));
                i += index[0].length;
            }
            else if (quoted) {
                steps.push((quoted[1] ?? quoted[2] ?? '').replace(/\\(.)/g, '$1'));
                i += quoted[0].length;
            }
            else
                throw new Error(`expected [index] or ['name'] at position ${i + 1}`);
        }
        else
            throw new Error(`unexpected ${JSON.stringify(c)} at position ${i + 1}`);
    }
    return steps;
}
function jsonPathError(path) {
    try {
        parseJsonPath(path);
        return undefined;
    }
    catch (err) {
        return err.message;
    }
}
/** A short human description of where a check goes (secrets in the URL redacted). */
function describeTarget(target) {
    if ('url' in target)
        return redactUrl(target.url);
    if ('service' in target) {
        const s = target.service;
        return `service ${s.namespace ? `${s.namespace}/` : ''}${s.name}:${s.port}${redactUrl(target.path)}`;
    }
    const ing = target.ingress;
    return ing.name ? `ingress ${ing.namespace ? `${ing.namespace}/` : ''}${ing.name}${redactUrl(target.path)}` : redactUrl(target.path);
}
/** Query parameters whose values are credentials (OAuth codes, presigned-URL signatures, API keys). */
const SECRET_QUERY = /token|secret|passw|api[-_]?key|credential|signature|^(sig|auth|code|key|session|sessionid)$/i;
/**
 * A URL (or path) safe to print: user info and the values of query parameters that look like
 * credentials become `<redacted>`.
 */
function redactUrl(url) {
    return url
        .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#\s]*@/i, '$1<redacted>@')
        .replace(/([?&])([^=&#]+)=([^&#]*)/g, (all, sep, key) => (SECRET_QUERY.test(decodeSafe(key)) ? `${sep}${key}=<redacted>` : all));
}
function decodeSafe(s) {
    try {
        return decodeURIComponent(s);
    }
    catch {
        return s;
    }
}
/** Headers as they may be printed: secret values replaced by `<redacted>`. */
function printableHeaders(check) {
    const out = {};
    for (const [k, v] of Object.entries(check.headers))
        out[k] = check.secretHeaders.includes(k.toLowerCase()) ? '<redacted>' : v;
    return out;
}
function unknownKeys(obj, allowed, fieldOf, p) {
    for (const k of Object.keys(obj)) {
        if (!allowed.includes(k)) {
            const lk = k.toLowerCase();
            const near = allowed.find((a) => levenshtein(a.toLowerCase(), lk) <= 2 || (lk.length >= 4 && a.toLowerCase().startsWith(lk.slice(0, -1))));
            p.add(fieldOf(k), `unknown key${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; known: ${allowed.join(', ')}`);
        }
    }
}
function levenshtein(a, b) {
    const d = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = d[0];
        d[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = d[j];
            d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = tmp;
        }
    }
    return d[b.length];
}
function isPlainObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function asObj(v) {
    return isPlainObject(v) ? v : {};
}
function describeType(v) {
    if (v === null || v === undefined)
        return 'nothing';
    if (Array.isArray(v))
        return 'a list';
    if (typeof v === 'object')
        return 'a mapping';
    return `${typeof v} ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(v)}`;
}


/***/ })

};
