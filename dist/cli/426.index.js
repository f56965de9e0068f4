export const id = 426;
export const ids = [426,83];
export const modules = {

/***/ 33426:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   doctorConfig: () => (/* binding */ doctorConfig)
/* harmony export */ });
/* unused harmony exports ACTION_INPUTS, ActionCommand, failureReportSettings, listInput, actionConfigFromInputs */
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(29311);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _deploy_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(73083);
/* harmony import */ var _commands_doctor_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(44915);
/* harmony import */ var _permissions_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(10331);
/* harmony import */ var _build_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(14814);
/* harmony import */ var _cutover_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(78636);







/** Every input action.yml declares; a test checks both directions. */
const ACTION_INPUTS = (/* unused pure expression or super */ null && ([
    'command',
    'ecs-task-definitions',
    'ecs-services',
    'ecs-scaling',
    'ecs-cluster',
    'ecs-service-names',
    'aws-region',
    'namespace',
    'out-dir',
    'report-json',
    'report-md',
    'drop-unsupported',
    'alb-mode',
    'rates',
    'cluster-name',
    'kubeconfig',
    'context',
    'manifests',
    'images',
    'release',
    'smoke-tests',
    'timeout',
    'grace',
    'settle',
    'lock-wait',
    'auto-rollback',
    'force-conflicts',
    'prune',
    'allow-namespace',
    'allow-cluster-scoped',
    'adopt',
    'history-limit',
    'to-release',
    'github-token',
    'comment',
    'comment-key',
    'environment',
    // build (and deploy, which builds first when build-images is given)
    'build-images',
    'builder',
    'registry',
    'platform',
    'tag',
    'force-build',
    'tag-immutability',
    'scan-on-push',
    'encryption',
    'lifecycle-keep',
    'scan-gate-severity',
    'scan-gate-timeout',
    'cache',
    'buildah-isolation',
    'buildah-storage-driver',
    'buildah-root',
    'buildah-runroot',
    // parity and cutover (CUTOVER_ACTION_INPUTS; the shared ones are listed above)
    'ingress',
    'old-url',
    'new-url',
    'requests',
    'access-log',
    'access-log-limit',
    'repeat',
    'latency-ratio',
    'latency-slack',
    'ignore',
    'concurrency',
    'request-timeout',
    'hosted-zone-id',
    'record-name',
    'record-type',
    'ttl',
    'old-alb',
    'old-alb-zone-id',
    'new-alb',
    'new-alb-zone-id',
    'old-set-id',
    'new-set-id',
    'evaluate-target-health',
    'steps',
    'bake-time',
    'alb-metrics',
    'max-5xx-percent',
    'max-latency',
    'latency-statistic',
    'revert',
    'scale-ecs-to-zero',
    'ecs-service',
    'ecs-drain',
    'wait-dns',
    'run-url',
    // doctor
    'role-to-assume',
    'check-workflow',
]));
/** The commands the action runs. */
const ActionCommand = {
    Plan: 'plan',
    Deploy: 'deploy',
    Rollback: 'rollback',
    Build: 'build',
    Parity: 'parity',
    Cutover: 'cutover',
    Doctor: 'doctor',
};
const COMMENT_KEY = /^[A-Za-z0-9._:/-]{1,100}$/;
/** GitHub's environment names: up to 255 characters, no control characters. */
const ENVIRONMENT = /^[^\x00-\x1f\x7f]{1,255}$/;
function githubSettings(get, namespace) {
    const errors = [];
    const environment = get('environment') || undefined;
    if (environment !== undefined && !ENVIRONMENT.test(environment))
        errors.push(new UserInputError(`${JSON.stringify(environment)} is not a valid environment name (1-255 characters, no control characters)`, undefined, 'input environment'));
    const commentKey = get('comment-key') ||
        (environment && COMMENT_KEY.test(environment) && !environment.includes('--') ? environment : undefined) ||
        namespace ||
        'default';
    if (!COMMENT_KEY.test(commentKey) || commentKey.includes('--')) {
        errors.push(new UserInputError(`${JSON.stringify(commentKey)} is not allowed: use letters, digits and . _ : / - (no "--"), at most 100; it is written inside an HTML comment`, undefined, get('comment-key') ? 'input comment-key' : 'input environment (the default comment-key)'));
    }
    let comment = true;
    try {
        comment = get('comment') === '' ? true : boolInput('comment', get('comment'));
    }
    catch (err) {
        errors.push(err);
    }
    if (errors.length > 0)
        throw new UserInputErrors(errors);
    const token = get('github-token') || undefined;
    return { comment, commentKey, ...(token ? { token } : {}), ...(environment ? { environment } : {}) };
}
/**
 * What a failure report needs from the inputs, read without validation and never throwing: a
 * failed validation must still be able to say so in the job summary and the sticky comment.
 */
function failureReportSettings(read) {
    const get = (name) => {
        try {
            return read(name).trim();
        }
        catch {
            return '';
        }
    };
    const env = get('environment');
    const key = [get('comment-key'), env, get('namespace'), 'default'].find((k) => k !== '' && COMMENT_KEY.test(k) && !k.includes('--'));
    const token = get('github-token');
    return {
        command: get('command') || 'plan',
        comment: get('comment').toLowerCase() !== 'false',
        ...(token ? { token } : {}),
        ...(key ? { commentKey: key } : {}),
    };
}
/** Split a multi-line or comma-separated list input. */
function listInput(value) {
    return value
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'));
}
function boolInput(name, value) {
    const v = value.trim().toLowerCase();
    if (v === '' || v === 'false')
        return false;
    if (v === 'true')
        return true;
    throw new UserInputError(`expected true or false, got ${JSON.stringify(value)}`, undefined, `input ${name}`);
}
/** Read every input once, validate, and return the typed config. */
function actionConfigFromInputs(read, env = process.env) {
    const get = (name) => read(name).trim();
    const command = (get('command') || 'plan');
    if (!Object.values(ActionCommand).includes(command)) {
        throw new UserInputError(`expected one of ${Object.values(ActionCommand).join(', ')}, got ${JSON.stringify(command)}`, undefined, 'input command');
    }
    const optional = (name) => get(name) || undefined;
    const github = githubSettings(get, optional('namespace'));
    const server = env['GITHUB_SERVER_URL'];
    const repo = env['GITHUB_REPOSITORY'];
    const runId = env['GITHUB_RUN_ID'];
    const runUrl = server && repo && runId
        ? `${server}/${repo}/actions/runs/${runId}${env['GITHUB_RUN_ATTEMPT'] ? `/attempts/${env['GITHUB_RUN_ATTEMPT']}` : ''}`
        : undefined;
    const deploySettings = () => {
        const settings = {
            manifests: listInput(get('manifests')),
            ecsTaskDefinitions: listInput(get('ecs-task-definitions')),
            ecsServices: listInput(get('ecs-services')),
            ecsScaling: listInput(get('ecs-scaling')),
            images: get('images') === '' ? [] : [read('images')],
            forceConflicts: boolInput('force-conflicts', get('force-conflicts')),
            prune: boolInput('prune', get('prune')),
            allowNamespaces: listInput(get('allow-namespace')),
            allowClusterScoped: boolInput('allow-cluster-scoped', get('allow-cluster-scoped')),
            adopt: boolInput('adopt', get('adopt')),
        };
        const pairs = [
            ['clusterName', 'cluster-name'],
            ['region', 'aws-region'],
            ['kubeconfig', 'kubeconfig'],
            ['context', 'context'],
            ['namespace', 'namespace'],
            ['release', 'release'],
            ['timeout', 'timeout'],
            ['grace', 'grace'],
            ['settle', 'settle'],
            ['lockWait', 'lock-wait'],
            ['autoRollback', 'auto-rollback'],
            ['historyLimit', 'history-limit'],
            ['toRelease', 'to-release'],
        ];
        for (const [key, input] of pairs) {
            const v = optional(input);
            if (v !== undefined)
                settings[key] = v;
        }
        // Smoke tests may be inline YAML: keep the raw text (trimmed only at the ends).
        if (get('smoke-tests') !== '')
            settings.smokeTests = read('smoke-tests');
        if (runUrl)
            settings.runUrl = runUrl;
        if (env['GITHUB_SHA'])
            settings.commit = env['GITHUB_SHA'];
        if (env['GITHUB_WORKSPACE'])
            settings.workspace = env['GITHUB_WORKSPACE'];
        return settings;
    };
    const deployInputName = {
        region: 'aws-region',
        'ecs-task-definition': 'ecs-task-definitions',
        'run-url': 'GITHUB_RUN_ID',
        commit: 'GITHUB_SHA',
        image: 'images',
    };
    const deployName = (flag) => `input ${deployInputName[flag] ?? flag}`;
    const errors = [];
    const collect = (err) => {
        if (err instanceof UserInputErrors)
            errors.push(...err.errors);
        else if (err instanceof UserInputError)
            errors.push(err);
        else
            throw err;
    };
    const build = () => validateBuildSettings(buildSettings(get, read), (setting) => `input ${BUILD_INPUT_NAME[setting] ?? setting}`, env);
    if (command === 'build')
        return { command, build: build(), github };
    if (command === 'doctor')
        return { command, doctor: doctorConfig(get, env), github };
    if (command === 'deploy') {
        if (get('build-images') === '')
            return { command, deploy: validateDeploySettings(deploySettings(), deployName, env), github };
        // Both at once: a typo in the deploy inputs should not cost a build first.
        let deploy;
        let built;
        try {
            deploy = validateDeploySettings(deploySettings(), deployName, env);
        }
        catch (err) {
            collect(err);
        }
        try {
            built = build();
        }
        catch (err) {
            collect(err);
        }
        if (errors.length > 0)
            throw new UserInputErrors(errors);
        return { command, deploy: deploy, build: built, github };
    }
    if (command === 'rollback')
        return { command, rollback: validateRollbackSettings(deploySettings(), deployName, env), github };
    if (command === 'parity' || command === 'cutover') {
        const readDeclared = cutoverInputReader(read, runUrl);
        if (command === 'parity')
            return { command, parity: parityConfigFromInputs(readDeclared, env), github };
        // cutover.ts treats anything but "true" as false; for `revert` a typo would move traffic instead
        // of putting it back, so these two are checked strictly here.
        for (const name of ['revert', 'scale-ecs-to-zero']) {
            try {
                boolInput(name, get(name));
            }
            catch (err) {
                collect(err);
            }
        }
        let cutover;
        try {
            cutover = cutoverConfigFromInputs(readDeclared, env);
        }
        catch (err) {
            collect(err);
        }
        if (errors.length > 0)
            throw new UserInputErrors(errors);
        return { command, cutover: cutover, github };
    }
    const hasEcs = get('ecs-task-definitions') !== '' || get('ecs-cluster') !== '';
    const hasCluster = get('cluster-name') !== '' || get('kubeconfig') !== '';
    let plan;
    // Manifests alone (no ECS input) are planned by the live diff only.
    if (hasEcs || get('manifests') === '') {
        try {
            plan = planConfig(get, optional, env['GITHUB_WORKSPACE']);
        }
        catch (err) {
            collect(err);
        }
    }
    let live;
    // Manifests without a cluster (plan.yml's empty `cluster`): rendered and checked, never diffed.
    // The cluster target is validated as if a kubeconfig were given and then dropped: nothing connects.
    const clusterless = !hasCluster && get('manifests') !== '' && !env['KUBECONFIG'];
    if (hasCluster || get('manifests') !== '') {
        try {
            const settings = deploySettings();
            if (clusterless)
                settings.kubeconfig = '(no cluster: plan only)';
            live = validateDeploySettings(settings, deployName, env);
            if (clusterless)
                live = { ...live, cluster: { kind: 'kubeconfig' } };
        }
        catch (err) {
            collect(err);
        }
    }
    if (errors.length > 0)
        throw new UserInputErrors(dedupe(errors));
    return {
        command: 'plan',
        ...(plan ? { plan } : {}),
        ...(live ? { live } : {}),
        ...(clusterless ? { clusterless } : {}),
        github,
    };
}
/** `command: doctor`: the role, region, cluster and namespace the workflow will use. */
function doctorConfig(get, env) {
    const errors = [];
    const workflow = (get('check-workflow') || 'deploy');
    if (!_permissions_js__WEBPACK_IMPORTED_MODULE_4__/* .WORKFLOWS */ .v1.includes(workflow))
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`expected one of ${_permissions_js__WEBPACK_IMPORTED_MODULE_4__/* .WORKFLOWS */ .v1.join(', ')}, got ${JSON.stringify(workflow)}`, undefined, 'input check-workflow'));
    const roleArn = get('role-to-assume') || undefined;
    if (roleArn !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(roleArn))
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${JSON.stringify(roleArn)} is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)`, undefined, 'input role-to-assume'));
    const region = get('aws-region') || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || undefined;
    if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${JSON.stringify(region)} is not an AWS region`, undefined, 'input aws-region'));
    const namespace = get('namespace') || 'default';
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace))
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${JSON.stringify(namespace)} is not a valid namespace (lower-case letters, digits and "-", at most 63)`, undefined, 'input namespace'));
    const clusterName = get('cluster-name');
    const kubeconfig = get('kubeconfig');
    if (clusterName !== '' && !/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(clusterName))
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${JSON.stringify(clusterName)} is not a valid EKS cluster name`, undefined, 'input cluster-name'));
    if (clusterName !== '' && kubeconfig === '' && region === undefined)
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2('required with the cluster name (or set AWS_REGION)', undefined, 'input aws-region'));
    if (errors.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr(errors);
    const cluster = kubeconfig !== ''
        ? { kind: 'kubeconfig', path: kubeconfig, ...(get('context') ? { context: get('context') } : {}) }
        : clusterName !== ''
            ? { kind: 'eks', clusterName, region: region }
            : undefined;
    return {
        workflow,
        namespace,
        audience: _commands_doctor_js__WEBPACK_IMPORTED_MODULE_3__/* .STS_AUDIENCE */ .a9,
        ...(roleArn ? { roleArn } : {}),
        ...(region ? { region } : {}),
        ...(cluster ? { cluster } : {}),
    };
}
/** How build.ts names a setting → the action input that holds it. */
const BUILD_INPUT_NAME = { images: 'build-images', region: 'aws-region' };
/** The build settings and the inputs they come from (region, tag and workspace fall back to AWS_REGION, GITHUB_SHA, GITHUB_WORKSPACE). */
const BUILD_SETTING_INPUTS = (/* unused pure expression or super */ null && ([
    ['region', 'aws-region'],
    ['builder', 'builder'],
    ['registry', 'registry'],
    ['platform', 'platform'],
    ['tag', 'tag'],
    ['forceBuild', 'force-build'],
    ['tagImmutability', 'tag-immutability'],
    ['scanOnPush', 'scan-on-push'],
    ['encryption', 'encryption'],
    ['lifecycleKeep', 'lifecycle-keep'],
    ['scanGateSeverity', 'scan-gate-severity'],
    ['scanGateTimeout', 'scan-gate-timeout'],
    ['cache', 'cache'],
    ['buildahIsolation', 'buildah-isolation'],
    ['buildahStorageDriver', 'buildah-storage-driver'],
    ['buildahRoot', 'buildah-root'],
    ['buildahRunroot', 'buildah-runroot'],
]));
function buildSettings(get, read) {
    const settings = {};
    // The image list may be inline YAML: keep its indentation (core.getInput trims only the ends).
    if (get('build-images') !== '')
        settings.images = read('build-images');
    for (const [key, input] of BUILD_SETTING_INPUTS) {
        const v = get(input);
        if (v !== '')
            settings[key] = v;
    }
    return settings;
}
/**
 * The reader handed to the parity/cutover config: it refuses a name action.yml does not declare
 * (a bug here, caught by the tests, never by a user), and fills `run-url` from the run when empty.
 */
function cutoverInputReader(read, runUrl) {
    const declared = new Set(ACTION_INPUTS);
    const undeclared = CUTOVER_ACTION_INPUTS.filter((name) => !declared.has(name));
    if (undeclared.length > 0)
        throw new Error(`the cutover config reads inputs action.yml does not declare: ${undeclared.join(', ')}`);
    return (name) => {
        if (!declared.has(name))
            throw new Error(`the cutover config read the undeclared input ${name}`);
        const value = read(name);
        return name === 'run-url' && value.trim() === '' && runUrl ? runUrl : value;
    };
}
function dedupe(errors) {
    const seen = new Set();
    return errors.filter((e) => !seen.has(e.message) && seen.add(e.message) !== undefined);
}
function planConfig(get, optional, workspace) {
    const settings = {
        ...(workspace ? { workspace } : {}),
        taskDefinitionFiles: listInput(get('ecs-task-definitions')),
        serviceFiles: listInput(get('ecs-services')),
        scalingFiles: listInput(get('ecs-scaling')),
        serviceNames: listInput(get('ecs-service-names')),
        dropUnsupported: boolInput('drop-unsupported', get('drop-unsupported')),
        rates: listInput(get('rates')),
        ...(optional('ecs-cluster') ? { cluster: optional('ecs-cluster') } : {}),
        ...(optional('aws-region') ? { region: optional('aws-region') } : {}),
        ...(optional('namespace') ? { namespace: optional('namespace') } : {}),
        ...(optional('out-dir') ? { outDir: optional('out-dir') } : {}),
        ...(optional('report-json') ? { reportJson: optional('report-json') } : {}),
        ...(optional('report-md') ? { reportMd: optional('report-md') } : {}),
        ...(optional('alb-mode') ? { albMode: optional('alb-mode') } : {}),
    };
    const inputName = {
        'ecs-task-definition': 'ecs-task-definitions',
        'ecs-service': 'ecs-services',
        'ecs-service-name': 'ecs-service-names',
        region: 'aws-region',
        out: 'out-dir',
        rate: 'rates',
    };
    return validatePlanSettings(settings, (flag) => `input ${inputName[flag] ?? flag}`);
}


/***/ }),

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
