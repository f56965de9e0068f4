export const id = 83;
export const ids = [83];
export const modules = {

/***/ 73083:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   deployConfigFromArgs: () => (/* binding */ deployConfigFromArgs),
/* harmony export */   historyConfigFromArgs: () => (/* binding */ historyConfigFromArgs),
/* harmony export */   rollbackConfigFromArgs: () => (/* binding */ rollbackConfigFromArgs)
/* harmony export */ });
/* unused harmony exports DEPLOY_FLAGS, ROLLBACK_FLAGS, HISTORY_FLAGS, holderOf, validateDeploySettings, validateRollbackSettings */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _convert_names_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8431);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(73561);




const DEPLOY_FLAGS = {
    'cluster-name': { type: 'single' },
    region: { type: 'single' },
    kubeconfig: { type: 'single' },
    context: { type: 'single' },
    manifests: { type: 'multi' },
    'ecs-task-definition': { type: 'multi' },
    'ecs-service': { type: 'multi' },
    'ecs-scaling': { type: 'multi' },
    namespace: { type: 'single' },
    release: { type: 'single' },
    image: { type: 'multi' },
    'smoke-tests': { type: 'single' },
    timeout: { type: 'single' },
    grace: { type: 'single' },
    settle: { type: 'single' },
    'lock-wait': { type: 'single' },
    'lock-lease': { type: 'single' },
    'auto-rollback': { type: 'single' },
    'force-conflicts': { type: 'boolean' },
    prune: { type: 'boolean' },
    'allow-namespace': { type: 'multi' },
    'allow-cluster-scoped': { type: 'boolean' },
    adopt: { type: 'boolean' },
    'history-limit': { type: 'single' },
    commit: { type: 'single' },
    'run-url': { type: 'single' },
    workspace: { type: 'single' },
};
const ROLLBACK_FLAGS = {
    'cluster-name': { type: 'single' },
    region: { type: 'single' },
    kubeconfig: { type: 'single' },
    context: { type: 'single' },
    namespace: { type: 'single' },
    release: { type: 'single' },
    'to-release': { type: 'single' },
    'smoke-tests': { type: 'single' },
    timeout: { type: 'single' },
    grace: { type: 'single' },
    settle: { type: 'single' },
    'lock-wait': { type: 'single' },
    'lock-lease': { type: 'single' },
    'run-url': { type: 'single' },
    workspace: { type: 'single' },
};
const HISTORY_FLAGS = {
    'cluster-name': { type: 'single' },
    region: { type: 'single' },
    kubeconfig: { type: 'single' },
    context: { type: 'single' },
    namespace: { type: 'single' },
    release: { type: 'single' },
    output: { type: 'single' },
};
const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
function settingsFromArgs(argv, spec) {
    const args = (0,_args_js__WEBPACK_IMPORTED_MODULE_2__.parseArgs)(argv, spec);
    if (args.positionals.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
    const s = {
        manifests: (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .multi */ .m)(args, 'manifests'),
        ecsTaskDefinitions: (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .multi */ .m)(args, 'ecs-task-definition'),
        ecsServices: (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .multi */ .m)(args, 'ecs-service'),
        ecsScaling: (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .multi */ .m)(args, 'ecs-scaling'),
        images: (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .multi */ .m)(args, 'image'),
        forceConflicts: (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .bool */ .l)(args, 'force-conflicts'),
        prune: (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .bool */ .l)(args, 'prune'),
    };
    if (spec['allow-namespace'])
        s.allowNamespaces = (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .multi */ .m)(args, 'allow-namespace');
    if (spec['adopt'])
        s.adopt = (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .bool */ .l)(args, 'adopt');
    if (spec['allow-cluster-scoped'])
        s.allowClusterScoped = (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .bool */ .l)(args, 'allow-cluster-scoped');
    const keys = [
        ['clusterName', 'cluster-name'],
        ['region', 'region'],
        ['kubeconfig', 'kubeconfig'],
        ['context', 'context'],
        ['namespace', 'namespace'],
        ['release', 'release'],
        ['smokeTests', 'smoke-tests'],
        ['timeout', 'timeout'],
        ['grace', 'grace'],
        ['settle', 'settle'],
        ['lockWait', 'lock-wait'],
        ['lockLease', 'lock-lease'],
        ['autoRollback', 'auto-rollback'],
        ['historyLimit', 'history-limit'],
        ['commit', 'commit'],
        ['runUrl', 'run-url'],
        ['toRelease', 'to-release'],
        ['workspace', 'workspace'],
    ];
    for (const [key, flag] of keys) {
        const v = spec[flag] ? (0,_args_js__WEBPACK_IMPORTED_MODULE_2__.single)(args, flag) : undefined;
        if (v !== undefined)
            s[key] = v;
    }
    return s;
}
/** `deploy` flags → config. */
function deployConfigFromArgs(argv, env = process.env) {
    return validateDeploySettings(settingsFromArgs(argv, DEPLOY_FLAGS), (f) => `--${f}`, env);
}
/** `rollback` flags → config. */
function rollbackConfigFromArgs(argv, env = process.env) {
    return validateRollbackSettings(settingsFromArgs(argv, ROLLBACK_FLAGS), (f) => `--${f}`, env);
}
/** `history` flags → the cluster, namespace and release to list, and the output format. */
function historyConfigFromArgs(argv, env = process.env) {
    const args = (0,_args_js__WEBPACK_IMPORTED_MODULE_2__.parseArgs)(argv, HISTORY_FLAGS);
    const output = (0,_args_js__WEBPACK_IMPORTED_MODULE_2__.single)(args, 'output') ?? 'table';
    const s = settingsFromArgs(argv.filter((a, i) => !(a === '--output' || argv[i - 1] === '--output' || a.startsWith('--output='))), HISTORY_FLAGS);
    const errors = [];
    const cluster = clusterTarget(s, (f) => `--${f}`, errors, env);
    const namespace = validNamespace(s.namespace, '--namespace', errors);
    const release = validRelease(s.release ?? namespace, '--release', errors);
    if (output !== 'table' && output !== 'json')
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`expected table or json, got ${JSON.stringify(output)}`, undefined, '--output'));
    if (errors.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr(errors);
    return { cluster: cluster, namespace, release, output: output };
}
function clusterTarget(s, name, errors, env) {
    const region = s.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
    if (s.clusterName !== undefined && !EKS_NAME.test(s.clusterName)) {
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${JSON.stringify(s.clusterName)} is not a valid EKS cluster name (1-100 letters, digits, "-", "_", starting with a letter or digit)`, undefined, name('cluster-name')));
    }
    if (region !== undefined && !REGION.test(region))
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${JSON.stringify(region)} is not an AWS region`, undefined, name('region')));
    if (s.kubeconfig !== undefined ||
        (s.clusterName === undefined && (env['KUBECONFIG'] !== undefined || s.context !== undefined))) {
        return {
            kind: 'kubeconfig',
            ...(s.kubeconfig !== undefined ? { path: s.kubeconfig } : {}),
            ...(s.context !== undefined ? { context: s.context } : {}),
            ...(s.clusterName !== undefined ? { clusterName: s.clusterName } : {}),
            ...(region !== undefined ? { region } : {}),
        };
    }
    if (s.clusterName === undefined) {
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2('give the EKS cluster (with a region) or a kubeconfig', undefined, name('cluster-name')));
        return undefined;
    }
    if (region === undefined) {
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2('required with the cluster name (or set AWS_REGION)', undefined, name('region')));
        return undefined;
    }
    return { kind: 'eks', clusterName: s.clusterName, region };
}
function validNamespace(v, field, errors) {
    const ns = v ?? 'default';
    if (!(0,_convert_names_js__WEBPACK_IMPORTED_MODULE_3__/* .isDns1123Label */ .z3)(ns))
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${JSON.stringify(ns)} is not a valid namespace (lower-case letters, digits and "-", at most 63)`, undefined, field));
    return ns;
}
function validRelease(v, field, errors) {
    if (!(0,_convert_names_js__WEBPACK_IMPORTED_MODULE_3__/* .isDns1123Label */ .z3)(v) || v.length > 53)
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${JSON.stringify(v)} is not a valid release name (lower-case letters, digits and "-", at most 53)`, undefined, field));
    return v;
}
function seconds(v, def, field, errors, min = 1, max = 86_400) {
    if (v === undefined || v.trim() === '')
        return def;
    const m = /^(\d+)(s|m|h)?$/.exec(v.trim());
    if (!m) {
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`expected seconds (e.g. 600, 90s, 10m, 1h), got ${JSON.stringify(v)}`, undefined, field));
        return def;
    }
    const n = Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
    if (n < min || n > max)
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${n} s is out of range (${min}–${max} s)`, undefined, field));
    return n;
}
/**
 * The lock's lease: at least 3 s, because it is renewed every third of it and a renewal needs a
 * whole second at least (leaseDurationSeconds is an integer); at most an hour, so a runner that
 * died does not block the namespace for longer.
 */
function lockLease(v, field, errors) {
    return seconds(v, 60, field, errors, 3, 3600);
}
/** `--settle`: 0 turns the window off; unset, the larger of `--grace` and 10 s. */
function settleSetting(s, name, errors) {
    if (s.settle !== undefined && s.settle.trim() !== '')
        return seconds(s.settle, 10, name('settle'), errors, 0, 3600);
    const grace = seconds(s.grace, 20, name('grace'), [], 0, 3600);
    return Math.max(grace, 10);
}
function allowedNamespaces(values, namespace, field, errors) {
    const out = new Set();
    for (const v of values.flatMap((x) => x.split(/[\s,]+/)).filter((x) => x !== '')) {
        if (!(0,_convert_names_js__WEBPACK_IMPORTED_MODULE_3__/* .isDns1123Label */ .z3)(v))
            errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${JSON.stringify(v)} is not a valid namespace (lower-case letters, digits and "-", at most 63)`, undefined, field));
        else if (v !== namespace)
            out.add(v);
    }
    return [...out].sort();
}
function boolSetting(v, def, field, errors) {
    if (v === undefined || v.trim() === '')
        return def;
    const t = v.trim().toLowerCase();
    if (t === 'true')
        return true;
    if (t === 'false')
        return false;
    errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`expected true or false, got ${JSON.stringify(v)}`, undefined, field));
    return def;
}
function smokeSetting(v) {
    if (v === undefined || v.trim() === '')
        return undefined;
    // Inline YAML is a list (starts with "-" or "["); anything else is a file path.
    return /^\s*(-|\[)/.test(v) ? { text: v } : { file: v.trim() };
}
/**
 * The deploy lock's holder identity: unique per deploy, so two jobs of one workflow run (a matrix
 * shares the run URL and GITHUB_JOB) never hold the same lock at once. In GitHub Actions: run id,
 * attempt and job, for people to find it, plus a random part; elsewhere user, host and pid plus a
 * random part. The run URL stays on the Lease as an annotation, for humans.
 */
function holderOf(env) {
    // Environment values are not ours: keep only what reads safely in a Lease and a log line.
    const clean = (v, fallback) => (v ?? '').replace(/[^A-Za-z0-9._@-]/g, '').slice(0, 63) || fallback;
    const random = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)().slice(0, 8);
    if (env['GITHUB_RUN_ID']) {
        return `github-run-${clean(env['GITHUB_RUN_ID'], '0')}-attempt-${clean(env['GITHUB_RUN_ATTEMPT'], '1')}-job-${clean(env['GITHUB_JOB'], 'unknown')}-${random}`;
    }
    return `${clean(env['USER'], 'someone')}@${clean(env['HOSTNAME'], 'localhost')}-pid-${process.pid}-${random}`;
}
/** Validate deploy settings; every problem at once. */
function validateDeploySettings(s, name, env = process.env) {
    const errors = [];
    const cluster = clusterTarget(s, name, errors, env);
    const namespace = validNamespace(s.namespace, name('namespace'), errors);
    const release = validRelease(s.release ?? namespace, name('release'), errors);
    if (s.manifests.length === 0 && s.ecsTaskDefinitions.length === 0) {
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2('give manifests (files, directories, globs, kustomize directories) or ECS task definitions to convert', undefined, name('manifests')));
    }
    if (s.runUrl !== undefined && !/^https?:\/\/\S+$/.test(s.runUrl))
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`expected an http(s) URL, got ${JSON.stringify(s.runUrl)}`, undefined, name('run-url')));
    if (s.commit !== undefined && !/^[0-9a-f]{7,64}$/i.test(s.commit))
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`expected a commit SHA, got ${JSON.stringify(s.commit)}`, undefined, name('commit')));
    const historyLimit = s.historyLimit === undefined ? 10 : Number(s.historyLimit);
    if (!Number.isInteger(historyLimit) || historyLimit < 2 || historyLimit > 100) {
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`expected a whole number from 2 to 100, got ${JSON.stringify(s.historyLimit)}`, undefined, name('history-limit')));
    }
    const config = {
        cluster: cluster,
        manifests: s.manifests,
        ecsTaskDefinitions: s.ecsTaskDefinitions,
        ecsServices: s.ecsServices,
        ecsScaling: s.ecsScaling,
        namespace,
        release,
        images: s.images.join('\n'),
        workspace: s.workspace ?? env['GITHUB_WORKSPACE'] ?? process.cwd(),
        timeoutSeconds: seconds(s.timeout, 600, name('timeout'), errors, 5),
        graceSeconds: seconds(s.grace, 20, name('grace'), errors, 0, 3600),
        settleSeconds: settleSetting(s, name, errors),
        lockWaitSeconds: seconds(s.lockWait, 300, name('lock-wait'), errors, 0),
        lockLeaseSeconds: lockLease(s.lockLease, name('lock-lease'), errors),
        autoRollback: boolSetting(s.autoRollback, true, name('auto-rollback'), errors),
        forceConflicts: s.forceConflicts,
        prune: s.prune,
        historyLimit,
        allowNamespaces: allowedNamespaces(s.allowNamespaces ?? [], namespace, name('allow-namespace'), errors),
        allowClusterScoped: s.allowClusterScoped ?? false,
        adopt: s.adopt ?? false,
        holder: holderOf(env),
    };
    const smoke = smokeSetting(s.smokeTests);
    if (smoke)
        config.smokeTests = smoke;
    if (s.commit !== undefined)
        config.commit = s.commit;
    if (s.runUrl !== undefined)
        config.runUrl = s.runUrl;
    if (errors.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr(errors);
    return config;
}
/** Validate rollback settings. */
function validateRollbackSettings(s, name, env = process.env) {
    const errors = [];
    const cluster = clusterTarget(s, name, errors, env);
    const namespace = validNamespace(s.namespace, name('namespace'), errors);
    const release = validRelease(s.release ?? namespace, name('release'), errors);
    let toRelease;
    if (s.toRelease !== undefined && s.toRelease.trim() !== '') {
        toRelease = Number(s.toRelease);
        if (!Number.isInteger(toRelease) || toRelease < 1)
            errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`expected a release number (1, 2, …), got ${JSON.stringify(s.toRelease)}`, undefined, name('to-release')));
    }
    const config = {
        cluster: cluster,
        namespace,
        release,
        workspace: s.workspace ?? env['GITHUB_WORKSPACE'] ?? process.cwd(),
        timeoutSeconds: seconds(s.timeout, 600, name('timeout'), errors, 5),
        graceSeconds: seconds(s.grace, 20, name('grace'), errors, 0, 3600),
        settleSeconds: settleSetting(s, name, errors),
        lockWaitSeconds: seconds(s.lockWait, 300, name('lock-wait'), errors, 0),
        lockLeaseSeconds: lockLease(s.lockLease, name('lock-lease'), errors),
        holder: holderOf(env),
    };
    if (toRelease !== undefined)
        config.toRelease = toRelease;
    const smoke = smokeSetting(s.smokeTests);
    if (smoke)
        config.smokeTests = smoke;
    if (s.runUrl !== undefined)
        config.runUrl = s.runUrl;
    if (errors.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr(errors);
    return config;
}


/***/ })

};
