export const id = 814;
export const ids = [814];
export const modules = {

/***/ 14814:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Av: () => (/* binding */ buildConfigFromArgs)
/* harmony export */ });
/* unused harmony exports BuilderChoice, CacheChoice, SCAN_SEVERITIES, BUILD_FLAGS, FARGATE_PLATFORM, validateBuildSettings */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);
/* harmony import */ var _manifests_input_file_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(98317);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(73561);
/**
 * The `build` configuration: which images to build, with which builder, for which platform, pushed
 * to which ECR repositories under which tag. Read once from CLI flags or action inputs and
 * validated here; nothing else reads them.
 *
 * Images come as a YAML/JSON list (inline, or a file path), one mapping per image:
 *
 * ```yaml
 * - name: web                      # required; also the ECR repository unless `repository` is set
 *   repository: shop/web           # optional ECR repository name
 *   context: services/web          # default "." (relative to the workspace)
 *   dockerfile: services/web/Dockerfile   # default <context>/Dockerfile (relative to the workspace)
 *   target: runtime
 *   build-args: { NODE_ENV: production }
 *   secrets: [ "id=npm,env=NPM_TOKEN", { id: cert, src: certs/ca.pem } ]
 *   labels: { team: shop }
 *   tags: [ latest ]               # extra tags besides the main one (the commit SHA)
 * ```
 */






/** The builders this tool drives. `auto` picks docker buildx when a daemon answers, else buildah. */
const BuilderChoice = { Auto: 'auto', Docker: 'docker', Buildah: 'buildah' };
/** Where docker buildx keeps its layer cache. `auto`: the GitHub Actions cache when the runner has it, else none. */
const CacheChoice = { Auto: 'auto', Gha: 'gha', Registry: 'registry', None: 'none' };
/** ECR finding severities, lowest first; the scan gate fails on findings at or above its threshold. */
const SCAN_SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
/** `build` flags; the names match the action inputs. */
const BUILD_FLAGS = {
    images: { type: 'single' },
    builder: { type: 'single' },
    region: { type: 'single' },
    registry: { type: 'single' },
    platform: { type: 'single' },
    tag: { type: 'single' },
    commit: { type: 'single' },
    'force-build': { type: 'boolean' },
    'tag-immutability': { type: 'single' },
    'scan-on-push': { type: 'single' },
    encryption: { type: 'single' },
    'lifecycle-keep': { type: 'single' },
    'scan-gate-severity': { type: 'single' },
    'scan-gate-timeout': { type: 'single' },
    cache: { type: 'single' },
    'buildah-isolation': { type: 'single' },
    'buildah-storage-driver': { type: 'single' },
    'buildah-root': { type: 'single' },
    'buildah-runroot': { type: 'single' },
    workspace: { type: 'single' },
};
const SETTING_OF_FLAG = {
    images: 'images',
    builder: 'builder',
    region: 'region',
    registry: 'registry',
    platform: 'platform',
    tag: 'tag',
    commit: 'commit',
    'tag-immutability': 'tagImmutability',
    'scan-on-push': 'scanOnPush',
    encryption: 'encryption',
    'lifecycle-keep': 'lifecycleKeep',
    'scan-gate-severity': 'scanGateSeverity',
    'scan-gate-timeout': 'scanGateTimeout',
    cache: 'cache',
    'buildah-isolation': 'buildahIsolation',
    'buildah-storage-driver': 'buildahStorageDriver',
    'buildah-root': 'buildahRoot',
    'buildah-runroot': 'buildahRunroot',
    workspace: 'workspace',
};
/** `build` flags → config (the environment supplies the region, GITHUB_SHA and GITHUB_WORKSPACE when flags do not). */
function buildConfigFromArgs(argv, env = process.env) {
    const args = (0,_args_js__WEBPACK_IMPORTED_MODULE_5__.parseArgs)(argv, BUILD_FLAGS);
    if (args.positionals.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2(`unexpected argument ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(args.positionals[0])}`);
    const s = {};
    for (const [flag, key] of Object.entries(SETTING_OF_FLAG)) {
        const v = (0,_args_js__WEBPACK_IMPORTED_MODULE_5__.single)(args, flag);
        if (v !== undefined)
            s[key] = v;
    }
    if ((0,_args_js__WEBPACK_IMPORTED_MODULE_5__/* .bool */ .l)(args, 'force-build'))
        s.forceBuild = 'true';
    return validateBuildSettings(s, (f) => `--${f}`, env);
}
/** ECR's repository name pattern (CreateRepository), 2–256 characters. */
const ECR_REPOSITORY_RE = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** Docker's tag grammar. */
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const REGISTRY_HOST_RE = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/;
const SECRET_ID_RE = /^[A-Za-z0-9_.-]{1,128}$/;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BUILD_ARG_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The one platform EKS Fargate runs. */
const FARGATE_PLATFORM = 'linux/amd64';
/**
 * Validate build settings; every problem at once (UserInputErrors naming the flag/input and, for
 * images, the entry and field). `name` turns a setting name into how the user spells it
 * (`--tag`, `input tag`). Reads the images file when `images` names one.
 */
function validateBuildSettings(s, name, env = process.env) {
    const errors = [];
    const push = (field, message) => void errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2(message, undefined, field));
    const workspace = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(s.workspace ?? env['GITHUB_WORKSPACE'] ?? process.cwd());
    const builder = (s.builder?.trim() || 'auto');
    if (!Object.values(BuilderChoice).includes(builder))
        push(name('builder'), `expected auto, docker or buildah, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(s.builder)}`);
    const region = s.region?.trim() || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'];
    if (region === undefined)
        push(name('region'), 'required (or set AWS_REGION)');
    else if (!REGION_RE.test(region))
        push(name('region'), `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(region)} is not an AWS region`);
    let registry;
    if (s.registry !== undefined && s.registry.trim() !== '') {
        const m = /^(?:(https?):\/\/)?([^/]+)\/?$/.exec(s.registry.trim());
        if (!m || !REGISTRY_HOST_RE.test(m[2]))
            push(name('registry'), `expected a registry host[:port] (optionally http:// for a local registry), got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(s.registry)}`);
        else
            registry = { host: m[2], insecure: m[1] === 'http' };
    }
    const platform = s.platform?.trim() || FARGATE_PLATFORM;
    if (platform !== FARGATE_PLATFORM) {
        push(name('platform'), `EKS on Fargate runs ${FARGATE_PLATFORM} pods only (no Arm, no Windows): an image built for ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(platform)} would not start there; use ${FARGATE_PLATFORM}`);
    }
    const tag = s.tag?.trim() || s.commit?.trim() || env['GITHUB_SHA'];
    if (tag === undefined)
        push(name('tag'), 'required: give the tag (usually the commit SHA) or --commit, or set GITHUB_SHA');
    else if (!TAG_RE.test(tag))
        push(name('tag'), `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(tag)} is not a valid image tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")`);
    const forceBuild = boolSetting(s.forceBuild, false, name('force-build'), errors);
    const tagImmutability = boolSetting(s.tagImmutability, true, name('tag-immutability'), errors);
    const scanOnPush = boolSetting(s.scanOnPush, true, name('scan-on-push'), errors);
    let encryption = { type: 'AES256' };
    const enc = s.encryption?.trim();
    if (enc) {
        const m = /^(AES256|KMS)(?::(.+))?$/i.exec(enc);
        if (!m || (m[1].toUpperCase() === 'AES256' && m[2] !== undefined))
            push(name('encryption'), `expected AES256, KMS or KMS:<key ARN, id or alias>, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(enc)}`);
        else
            encryption =
                m[1].toUpperCase() === 'KMS' ? { type: 'KMS', ...(m[2] ? { kmsKey: m[2] } : {}) } : { type: 'AES256' };
    }
    let lifecycleKeep;
    if (s.lifecycleKeep !== undefined && s.lifecycleKeep.trim() !== '') {
        lifecycleKeep = Number(s.lifecycleKeep.trim());
        if (!Number.isInteger(lifecycleKeep) || lifecycleKeep < 1 || lifecycleKeep > 10_000) {
            push(name('lifecycle-keep'), `expected a whole number of images to keep from 1 to 10000, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(s.lifecycleKeep)}`);
        }
    }
    let scanGate;
    const sev = s.scanGateSeverity?.trim().toUpperCase();
    if (sev && sev !== 'NONE') {
        if (!SCAN_SEVERITIES.includes(sev))
            push(name('scan-gate-severity'), `expected one of ${SCAN_SEVERITIES.join(', ')} (or none), got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(s.scanGateSeverity)}`);
        else
            scanGate = {
                severity: sev,
                timeoutSeconds: seconds(s.scanGateTimeout, 600, name('scan-gate-timeout'), errors),
            };
    }
    const cache = (s.cache?.trim() || 'auto');
    if (!Object.values(CacheChoice).includes(cache))
        push(name('cache'), `expected auto, gha, registry or none, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(s.cache)}`);
    const isolation = (s.buildahIsolation?.trim() || 'chroot');
    if (!['chroot', 'oci', 'rootless'].includes(isolation))
        push(name('buildah-isolation'), `expected chroot, oci or rootless, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(s.buildahIsolation)}`);
    const buildah = { isolation };
    if (s.buildahStorageDriver?.trim()) {
        if (!/^[a-z0-9]+$/.test(s.buildahStorageDriver.trim()))
            push(name('buildah-storage-driver'), `expected a storage driver name (vfs, overlay), got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(s.buildahStorageDriver)}`);
        buildah.storageDriver = s.buildahStorageDriver.trim();
    }
    if (s.buildahRoot?.trim())
        buildah.root = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace, s.buildahRoot.trim());
    if (s.buildahRunroot?.trim())
        buildah.runroot = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace, s.buildahRunroot.trim());
    const images = imageSpecs(s.images, name('images'), workspace, errors);
    if (errors.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputErrors */ .fr(errors);
    const repository = {
        tagImmutability,
        scanOnPush,
        encryption,
        ...(lifecycleKeep !== undefined ? { lifecycleKeep } : {}),
    };
    return {
        images,
        builder,
        region: region,
        ...(registry ? { registry } : {}),
        platform,
        tag: tag,
        forceBuild,
        repository,
        ...(scanGate ? { scanGate } : {}),
        cache,
        buildah,
        workspace,
    };
}
function boolSetting(v, def, field, errors) {
    if (v === undefined || v.trim() === '')
        return def;
    const t = v.trim().toLowerCase();
    if (t === 'true')
        return true;
    if (t === 'false')
        return false;
    errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2(`expected true or false, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(v)}`, undefined, field));
    return def;
}
function seconds(v, def, field, errors) {
    if (v === undefined || v.trim() === '')
        return def;
    const m = /^(\d+)(s|m|h)?$/.exec(v.trim());
    const n = m ? Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1) : NaN;
    if (!(n >= 1 && n <= 86_400))
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2(`expected a duration from 1 s to 24 h (e.g. 600, 90s, 10m), got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(v)}`, undefined, field));
    return Number.isFinite(n) ? n : def;
}
/** Inline YAML starts like a list or a mapping; anything else is a file path. */
function looksInline(text) {
    return /^\s*(-|\[|\{)/.test(text) || text.trim().includes('\n') || /^\s*[\w-]+:\s/.test(text);
}
function imageSpecs(setting, field, workspace, errors) {
    if (setting === undefined || setting.trim() === '') {
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2('give the images to build: a YAML list of {name, context, dockerfile, …} or a file holding one', undefined, field));
        return [];
    }
    let text = setting;
    let file;
    if (!looksInline(setting)) {
        file = setting.trim();
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace, file);
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path)) {
            errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2(`file ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(file)} not found (in ${workspace}); give a file path or an inline YAML list`, undefined, field));
            return [];
        }
        // The setting comes from a workflow input: never read (and quote in errors) a file outside the checkout.
        const real = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(path);
        const root = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(workspace) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(workspace) : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace);
        const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, real);
        if (rel === '..' || rel.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_1__.sep}`) || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(rel)) {
            errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2(`file ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(file)} is outside the workspace ${workspace}; the images file must come from the repository`, undefined, field));
            return [];
        }
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(real).isFile()) {
            errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2(`${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(file)} is not a file; give a file path or an inline YAML list`, undefined, field));
            return [];
        }
        try {
            text = (0,_manifests_input_file_js__WEBPACK_IMPORTED_MODULE_4__/* .readInputFileSync */ .i5)(real, file, 'images lists');
        }
        catch (err) {
            if (!(err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2))
                throw err;
            errors.push(err);
            return [];
        }
    }
    const label = (where) => (file ? `${file}: ${where}` : `${field}: ${where}`);
    let doc;
    try {
        doc = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .parse */ .qg)(text);
    }
    catch (err) {
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2(`not valid YAML: ${err.message.split('\n')[0]}`, file, file ? undefined : field));
        return [];
    }
    const list = Array.isArray(doc)
        ? doc
        : doc !== null && typeof doc === 'object' && Array.isArray(doc.images)
            ? doc.images
            : doc !== null && typeof doc === 'object'
                ? [doc]
                : undefined;
    if (!list || list.length === 0) {
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2('expected a list of images (mappings with name, context, dockerfile, …)', file, file ? undefined : field));
        return [];
    }
    const specs = [];
    const seenNames = new Set();
    const seenRepos = new Set();
    list.forEach((entry, i) => {
        const where = `images[${i}]`;
        const spec = imageSpec(entry, where, label, workspace, errors);
        if (!spec)
            return;
        if (seenNames.has(spec.name))
            errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2(`image ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(spec.name)} is listed twice`, undefined, label(`${where}.name`)));
        if (seenRepos.has(spec.repository))
            errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2(`repository ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(spec.repository)} is the target of two images`, undefined, label(`${where}.repository`)));
        seenNames.add(spec.name);
        seenRepos.add(spec.repository);
        specs.push(spec);
    });
    return specs;
}
const IMAGE_KEYS = new Set([
    'name',
    'repository',
    'context',
    'dockerfile',
    'file',
    'target',
    'build-args',
    'buildArgs',
    'secrets',
    'labels',
    'tags',
]);
function imageSpec(entry, where, label, workspace, errors) {
    const fail = (f, message) => void errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserInputError */ .m2(message, undefined, label(f)));
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        fail(where, `expected a mapping with name, context, dockerfile, …, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(entry)}`);
        return undefined;
    }
    const e = entry;
    for (const k of Object.keys(e)) {
        if (!IMAGE_KEYS.has(k))
            fail(`${where}.${k}`, `unknown field (expected one of name, repository, context, dockerfile, target, build-args, secrets, labels, tags)`);
    }
    const str = (k) => {
        const v = e[k];
        if (v === undefined || v === null)
            return undefined;
        if (typeof v !== 'string' || v.trim() === '') {
            fail(`${where}.${k}`, `expected a non-empty string, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(v)}`);
            return undefined;
        }
        return v.trim();
    };
    const name = str('name');
    if (name === undefined && e['name'] === undefined)
        fail(`${where}.name`, 'required');
    const repository = str('repository') ?? name;
    if (repository !== undefined &&
        (!ECR_REPOSITORY_RE.test(repository) || repository.length < 2 || repository.length > 256)) {
        fail(`${where}.${e['repository'] !== undefined ? 'repository' : 'name'}`, `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(repository)} is not a valid ECR repository name (2-256 lower-case letters, digits, ".", "_", "-" and "/" between components)`);
    }
    const contextRel = str('context') ?? '.';
    const context = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(contextRel) ? contextRel : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace, contextRel);
    const dockerfileRel = str('dockerfile') ?? str('file');
    const dockerfile = dockerfileRel === undefined ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(context, 'Dockerfile') : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace, dockerfileRel);
    const target = str('target');
    const buildArgs = stringMap(e['build-args'] ?? e['buildArgs'], `${where}.build-args`, fail, BUILD_ARG_RE, 'a build argument name');
    const labels = stringMap(e['labels'], `${where}.labels`, fail, /^\S{1,255}$/, 'a label key');
    const secrets = buildSecrets(e['secrets'], `${where}.secrets`, fail, workspace);
    const tags = [];
    if (e['tags'] !== undefined) {
        const list = typeof e['tags'] === 'string' ? e['tags'].split(/[\s,]+/).filter(Boolean) : e['tags'];
        if (!Array.isArray(list))
            fail(`${where}.tags`, `expected a list of tags, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(e['tags'])}`);
        else {
            list.forEach((t, j) => {
                if (typeof t !== 'string' || !TAG_RE.test(t))
                    fail(`${where}.tags[${j}]`, `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(t)} is not a valid image tag`);
                else if (!tags.includes(t))
                    tags.push(t);
            });
        }
    }
    if (name === undefined || repository === undefined)
        return undefined;
    return {
        name,
        repository,
        context,
        dockerfile,
        ...(target ? { target } : {}),
        buildArgs,
        secrets,
        labels,
        tags,
        where: label(where),
    };
}
function stringMap(v, where, fail, keyRe, what) {
    const out = {};
    if (v === undefined || v === null)
        return out;
    // `K=V` lines or a list of them are accepted too: that is how build-push-action users write them.
    const entries = [];
    if (typeof v === 'string' || Array.isArray(v)) {
        const items = typeof v === 'string'
            ? v
                .split('\n')
                .map((l) => l.trim())
                .filter(Boolean)
            : v;
        items.forEach((item, i) => {
            const eq = typeof item === 'string' ? item.indexOf('=') : -1;
            if (eq <= 0)
                fail(`${where}[${i}]`, `expected KEY=VALUE, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(item)}`);
            else
                entries.push([item.slice(0, eq), item.slice(eq + 1)]);
        });
    }
    else if (typeof v === 'object')
        entries.push(...Object.entries(v));
    else
        fail(where, `expected a mapping of names to values, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(v)}`);
    for (const [k, val] of entries) {
        if (!keyRe.test(k))
            fail(`${where}.${k}`, `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(k)} is not ${what}`);
        else if (typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean')
            out[k] = String(val);
        else
            fail(`${where}.${k}`, `expected a string, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(val)}`);
    }
    return out;
}
function buildSecrets(v, where, fail, workspace) {
    if (v === undefined || v === null)
        return [];
    if (!Array.isArray(v)) {
        fail(where, `expected a list of secrets ("id=NAME,env=VAR", "id=NAME,src=FILE" or mappings), got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(v)}`);
        return [];
    }
    const out = [];
    v.forEach((item, i) => {
        const at = `${where}[${i}]`;
        let fields;
        if (typeof item === 'string') {
            fields = {};
            for (const part of item.split(',')) {
                const eq = part.indexOf('=');
                if (eq <= 0) {
                    fail(at, `expected id=NAME,env=VAR or id=NAME,src=FILE, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(item)}`);
                    return;
                }
                fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
            }
        }
        else if (item !== null && typeof item === 'object' && !Array.isArray(item))
            fields = item;
        else {
            fail(at, `expected a secret, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(item)}`);
            return;
        }
        const id = fields['id'];
        const src = fields['src'];
        const envName = fields['env'];
        if (typeof id !== 'string' || !SECRET_ID_RE.test(id))
            fail(`${at}.id`, `expected a secret id (letters, digits, "_", ".", "-"), got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(id)}`);
        else if ((src === undefined) === (envName === undefined))
            fail(at, 'give exactly one of src (a file) or env (an environment variable)');
        else if (src !== undefined) {
            if (typeof src !== 'string' || src === '')
                fail(`${at}.src`, `expected a file path, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(src)}`);
            else
                out.push({ id, src: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace, src) });
        }
        else if (typeof envName !== 'string' || !ENV_NAME_RE.test(envName))
            fail(`${at}.env`, `expected an environment variable name, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .showValue */ .vp)(envName)}`);
        else
            out.push({ id, env: envName });
    });
    return out;
}


/***/ })

};
