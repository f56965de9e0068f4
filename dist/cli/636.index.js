export const id = 636;
export const ids = [636];
export const modules = {

/***/ 83817:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b$: () => (/* binding */ defaultCloudWatchClient),
/* harmony export */   jr: () => (/* binding */ LATENCY_STATISTICS),
/* harmony export */   nQ: () => (/* binding */ readAlbMetrics)
/* harmony export */ });
/* unused harmony export loadBalancerDimension */
/* harmony import */ var _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(44085);
/**
 * The Application Load Balancer metrics a cutover gate looks at, from CloudWatch GetMetricData:
 * requests, 5xx answers (from the targets and from the load balancer itself) and target response
 * time, for one load balancer over one time window.
 */

/** Statistics accepted for TargetResponseTime. */
const LATENCY_STATISTICS = ['p50', 'p90', 'p95', 'p99', 'Average', 'Maximum'];
/** The LoadBalancer dimension of an ALB ARN (`…:loadbalancer/app/web/50dc6c495c0c9188` → `app/web/50dc6c495c0c9188`). */
function loadBalancerDimension(arnOrDimension) {
    const m = /loadbalancer\/(app\/[^/]+\/[^/]+)$/.exec(arnOrDimension.trim());
    return m ? m[1] : arnOrDimension.trim();
}
/**
 * Read the metrics of `loadBalancer` over [start, end], widened to whole periods (CloudWatch
 * aggregates ALB metrics per minute; a window inside one minute still reads that minute).
 */
async function readAlbMetrics(client, loadBalancer, window, opts = {}) {
    const period = opts.periodSeconds ?? 60;
    const stat = opts.latencyStatistic ?? 'p95';
    const p = period * 1000;
    const start = new Date(Math.floor(window.start.getTime() / p) * p);
    let end = new Date(Math.ceil(window.end.getTime() / p) * p);
    if (end.getTime() <= start.getTime())
        end = new Date(start.getTime() + p);
    const dims = [{ Name: 'LoadBalancer', Value: loadBalancer }];
    const q = (id, metric, s) => ({
        Id: id,
        MetricStat: {
            Metric: { Namespace: 'AWS/ApplicationELB', MetricName: metric, Dimensions: dims },
            Period: period,
            Stat: s,
        },
        ReturnData: true,
    });
    const queries = [
        q('requests', 'RequestCount', 'Sum'),
        q('target5xx', 'HTTPCode_Target_5XX_Count', 'Sum'),
        q('elb5xx', 'HTTPCode_ELB_5XX_Count', 'Sum'),
        q('latency', 'TargetResponseTime', stat),
    ];
    const values = new Map();
    let token;
    do {
        const res = await client.send(new _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_0__/* .GetMetricDataCommand */ .Soe({
            MetricDataQueries: queries,
            StartTime: start,
            EndTime: end,
            ...(token ? { NextToken: token } : {}),
        }), opts.signal ? { abortSignal: opts.signal } : {});
        for (const r of res.MetricDataResults ?? [])
            values.set(r.Id, [...(values.get(r.Id) ?? []), ...(r.Values ?? []).filter((v) => Number.isFinite(v))]);
        token = res.NextToken;
    } while (token);
    const sum = (id) => (values.get(id) ?? []).reduce((a, b) => a + b, 0);
    const latency = values.get('latency') ?? [];
    const out = {
        loadBalancer,
        start: start.toISOString(),
        end: end.toISOString(),
        requests: sum('requests'),
        errors5xx: sum('target5xx') + sum('elb5xx'),
        latencyStatistic: stat,
        periodsWithData: Math.max(values.get('requests')?.length ?? 0, latency.length),
    };
    // TargetResponseTime is in seconds.
    if (latency.length > 0)
        out.latencyMs = Math.round(Math.max(...latency) * 1000);
    return out;
}
/** The default client for a region; time limits set because the SDK's default is to wait forever. */
function defaultCloudWatchClient(region) {
    return new _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_0__/* .CloudWatchClient */ .WBn({
        region,
        maxAttempts: 3,
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
    });
}


/***/ }),

/***/ 78636:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X6: () => (/* binding */ parityConfigFromArgs),
/* harmony export */   u$: () => (/* binding */ cutoverConfigFromArgs)
/* harmony export */ });
/* unused harmony exports PARITY_FLAGS, CUTOVER_FLAGS, CUTOVER_ACTION_INPUTS, parityConfigFromInputs, cutoverConfigFromInputs, parseSteps */
/* harmony import */ var _cutover_compare_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1613);
/* harmony import */ var _aws_cloudwatch_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(83817);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _smoke_spec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(77302);
/* harmony import */ var _convert_names_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8431);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(73561);
/**
 * Every flag and action input of `parity` and `cutover`, read and validated once. CLI flags and
 * action inputs have the same names (`--old-url` / `old-url`), except the region (`--region` /
 * `aws-region`).
 */






const CLUSTER_FLAGS = {
    'cluster-name': { type: 'single' },
    region: { type: 'single' },
    kubeconfig: { type: 'single' },
    context: { type: 'single' },
    namespace: { type: 'single' },
    release: { type: 'single' },
};
/** Flags of `parity`. */
const PARITY_FLAGS = {
    ...CLUSTER_FLAGS,
    ingress: { type: 'single' },
    'old-url': { type: 'single' },
    'new-url': { type: 'single' },
    requests: { type: 'single' },
    'access-log': { type: 'multi' },
    'access-log-limit': { type: 'single' },
    repeat: { type: 'single' },
    'latency-ratio': { type: 'single' },
    'latency-slack': { type: 'single' },
    ignore: { type: 'multi' },
    concurrency: { type: 'single' },
    'request-timeout': { type: 'single' },
    'report-json': { type: 'single' },
    'report-md': { type: 'single' },
};
/** Flags of `cutover`: the parity flags plus the record, the steps and the gates. */
const CUTOVER_FLAGS = {
    ...PARITY_FLAGS,
    'hosted-zone-id': { type: 'single' },
    'record-name': { type: 'single' },
    'record-type': { type: 'single' },
    ttl: { type: 'single' },
    'old-alb': { type: 'single' },
    'old-alb-zone-id': { type: 'single' },
    'new-alb': { type: 'single' },
    'new-alb-zone-id': { type: 'single' },
    'old-set-id': { type: 'single' },
    'new-set-id': { type: 'single' },
    'evaluate-target-health': { type: 'single' },
    steps: { type: 'single' },
    'bake-time': { type: 'single' },
    'smoke-tests': { type: 'single' },
    'alb-metrics': { type: 'single' },
    'max-5xx-percent': { type: 'single' },
    'max-latency': { type: 'single' },
    'latency-statistic': { type: 'single' },
    revert: { type: 'boolean' },
    'scale-ecs-to-zero': { type: 'boolean' },
    'ecs-cluster': { type: 'single' },
    'ecs-service': { type: 'single' },
    'ecs-drain': { type: 'single' },
    'wait-dns': { type: 'single' },
    'run-url': { type: 'single' },
};
function fromArgs(argv, spec) {
    const args = (0,_args_js__WEBPACK_IMPORTED_MODULE_3__.parseArgs)(argv, spec);
    if (args.positionals.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
    return { get: (f) => (0,_args_js__WEBPACK_IMPORTED_MODULE_3__.single)(args, f), list: (f) => (0,_args_js__WEBPACK_IMPORTED_MODULE_3__/* .multi */ .m)(args, f), on: (f) => (0,_args_js__WEBPACK_IMPORTED_MODULE_3__/* .bool */ .l)(args, f) };
}
function fromInputs(read) {
    const input = (f) => (f === 'region' ? 'aws-region' : f);
    return {
        get: (f) => read(input(f)).trim() || undefined,
        list: (f) => read(input(f))
            .split(/\n/)
            .map((s) => s.trim())
            .filter((s) => s !== '' && !s.startsWith('#')),
        on: (f) => read(input(f)).trim().toLowerCase() === 'true',
    };
}
/** The names of the action inputs `parity` and `cutover` read (besides `command`). */
const CUTOVER_ACTION_INPUTS = Object.keys(CUTOVER_FLAGS).map((f) => (f === 'region' ? 'aws-region' : f));
/** `parity` flags → config. */
function parityConfigFromArgs(argv, env = process.env) {
    return validateParity(fromArgs(argv, PARITY_FLAGS), (f) => `--${f}`, env);
}
/** `cutover` flags → config. */
function cutoverConfigFromArgs(argv, env = process.env) {
    return validateCutover(fromArgs(argv, CUTOVER_FLAGS), (f) => `--${f}`, env);
}
/** Action inputs → `parity` config. */
function parityConfigFromInputs(read, env = process.env) {
    return validateParity(fromInputs(read), (f) => `input ${f === 'region' ? 'aws-region' : f}`, env);
}
/** Action inputs → `cutover` config. */
function cutoverConfigFromInputs(read, env = process.env) {
    return validateCutover(fromInputs(read), (f) => `input ${f === 'region' ? 'aws-region' : f}`, env);
}
const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const HOSTNAME = /^(?=.{1,253}\.?$)([a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9])?)(\.[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9])?)*\.?$/i;
const ZONE_ID = /^(\/hostedzone\/)?[A-Z0-9]{1,32}$/;
function validateParity(s, name, env, errors = [], finish = true) {
    const add = (flag, message) => void errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(message, undefined, name(flag)));
    const region = s.get('region') ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
    if (region !== undefined && !REGION.test(region))
        add('region', `${JSON.stringify(region)} is not an AWS region`);
    let cluster;
    const clusterName = s.get('cluster-name');
    if (clusterName !== undefined && !EKS_NAME.test(clusterName))
        add('cluster-name', `${JSON.stringify(clusterName)} is not a valid EKS cluster name`);
    if (s.get('kubeconfig') !== undefined || s.get('context') !== undefined) {
        cluster = {
            kind: 'kubeconfig',
            ...(s.get('kubeconfig') ? { path: s.get('kubeconfig') } : {}),
            ...(s.get('context') ? { context: s.get('context') } : {}),
            ...(clusterName ? { clusterName } : {}),
            ...(region ? { region } : {}),
        };
    }
    else if (clusterName !== undefined) {
        if (region === undefined)
            add('region', 'required with the cluster name (or set AWS_REGION)');
        else
            cluster = { kind: 'eks', clusterName, region };
    }
    const namespace = s.get('namespace') ?? 'default';
    if (!(0,_convert_names_js__WEBPACK_IMPORTED_MODULE_4__/* .isDns1123Label */ .z3)(namespace))
        add('namespace', `${JSON.stringify(namespace)} is not a valid namespace`);
    const release = s.get('release') ?? namespace;
    if (!(0,_convert_names_js__WEBPACK_IMPORTED_MODULE_4__/* .isDns1123Label */ .z3)(release) || release.length > 53)
        add('release', `${JSON.stringify(release)} is not a valid release name (lower-case letters, digits and "-", at most 53)`);
    const ingress = s.get('ingress');
    if (ingress !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(ingress))
        add('ingress', `${JSON.stringify(ingress)} is not an Ingress name`);
    const oldUrl = url(s.get('old-url'), 'old-url', add, true);
    const newUrl = url(s.get('new-url'), 'new-url', add, false);
    if (newUrl === undefined && cluster === undefined && s.get('new-url') === undefined) {
        add('new-url', "give the new base URL, or the cluster (--cluster-name/--region or --kubeconfig) so it can be read from the release's Ingress");
    }
    const requestsRaw = s.get('requests');
    const requests = requestsRaw === undefined
        ? undefined
        : /^\s*(-|\[|\{)/.test(requestsRaw)
            ? { text: requestsRaw }
            : { file: requestsRaw.trim() };
    const accessLogs = s
        .list('access-log')
        .flatMap((v) => v.split(/\n/))
        .map((v) => v.trim())
        .filter(Boolean);
    const ignore = [];
    for (const p of s
        .list('ignore')
        .flatMap((v) => v.split(/[\n,]/))
        .map((v) => v.trim())
        .filter(Boolean)) {
        try {
            ignore.push((0,_cutover_compare_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJsonPathPattern */ .d0)(p));
        }
        catch (err) {
            add('ignore', err.message);
        }
    }
    const config = {
        namespace,
        release,
        oldUrl: oldUrl ?? '',
        accessLogs,
        accessLogLimit: int(s.get('access-log-limit'), 50, 1, 1000, 'access-log-limit', add),
        repeat: int(s.get('repeat'), 5, 1, 100, 'repeat', add),
        latencyRatio: num(s.get('latency-ratio'), 1.5, 1, 100, 'latency-ratio', add),
        latencySlackMs: duration(s.get('latency-slack'), 25, 0, 60_000, 'latency-slack', add, 'ms'),
        ignore,
        concurrency: int(s.get('concurrency'), 4, 1, 32, 'concurrency', add),
        requestTimeoutMs: duration(s.get('request-timeout'), 10_000, 1, 300_000, 'request-timeout', add),
    };
    if (cluster)
        config.cluster = cluster;
    if (ingress)
        config.ingress = ingress;
    if (newUrl)
        config.newUrl = newUrl;
    if (requests)
        config.requests = requests;
    if (s.get('report-json'))
        config.reportJson = s.get('report-json');
    if (s.get('report-md'))
        config.reportMd = s.get('report-md');
    if (finish && !config.requests && config.accessLogs.length === 0)
        add('requests', 'give a request list (--requests FILE) or ALB access logs (--access-log FILE...) to compare');
    if (finish && errors.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr(errors);
    return config;
}
function validateCutover(s, name, env) {
    const errors = [];
    const add = (flag, message) => void errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(message, undefined, name(flag)));
    const parity = validateParity(s, name, env, errors, false);
    const revert = s.on('revert');
    const zone = s.get('hosted-zone-id');
    if (zone === undefined)
        add('hosted-zone-id', 'required: the Route 53 hosted zone holding the record');
    else if (!ZONE_ID.test(zone))
        add('hosted-zone-id', `${JSON.stringify(zone)} is not a hosted zone id (like Z0123456789ABCDEFGHIJ)`);
    const recordName = s.get('record-name');
    if (recordName === undefined)
        add('record-name', 'required: the DNS name whose traffic moves (like api.example.com)');
    else if (!HOSTNAME.test(recordName.replace(/^\*\./, 'x.')))
        add('record-name', `${JSON.stringify(recordName)} is not a DNS name`);
    const recordType = (s.get('record-type') ?? 'A').toUpperCase();
    if (recordType !== 'A' && recordType !== 'AAAA' && recordType !== 'CNAME')
        add('record-type', `expected A, AAAA (alias records to the load balancers) or CNAME, got ${JSON.stringify(s.get('record-type'))}`);
    const oldAlb = s.get('old-alb');
    if (oldAlb === undefined)
        add('old-alb', "required: the DNS name of the ECS service's load balancer");
    else if (!HOSTNAME.test(oldAlb))
        add('old-alb', `${JSON.stringify(oldAlb)} is not a DNS name`);
    const newAlb = s.get('new-alb');
    if (newAlb !== undefined && !HOSTNAME.test(newAlb))
        add('new-alb', `${JSON.stringify(newAlb)} is not a DNS name`);
    if (newAlb === undefined && parity.cluster === undefined)
        add('new-alb', "give the new load balancer's DNS name, or the cluster so it can be read from the Ingress status");
    for (const f of ['old-alb-zone-id', 'new-alb-zone-id']) {
        const v = s.get(f);
        if (v !== undefined && !ZONE_ID.test(v))
            add(f, `${JSON.stringify(v)} is not a hosted zone id`);
    }
    const oldSetId = s.get('old-set-id') ?? 'ecs';
    const newSetId = s.get('new-set-id') ?? 'eks';
    for (const [f, v] of [
        ['old-set-id', oldSetId],
        ['new-set-id', newSetId],
    ])
        if (v.length < 1 || v.length > 128)
            add(f, `a set identifier has 1-128 characters, got ${JSON.stringify(v)}`);
    if (oldSetId === newSetId)
        add('new-set-id', `must differ from --old-set-id (${JSON.stringify(oldSetId)})`);
    const steps = parseSteps(s.get('steps') ?? '10,50,100', (m) => add('steps', m));
    const bakeMs = duration(s.get('bake-time'), 300_000, 0, 86_400_000, 'bake-time', add);
    const smokeRaw = s.get('smoke-tests');
    const smokeTests = smokeRaw === undefined
        ? undefined
        : /^\s*(-|\[|\{)/.test(smokeRaw)
            ? { text: smokeRaw }
            : { file: smokeRaw.trim() };
    let metrics;
    const lb = s.get('alb-metrics');
    const max5xx = s.get('max-5xx-percent');
    const maxLatency = s.get('max-latency');
    const region = s.get('region') ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
    if (lb !== undefined) {
        const dim = lb.replace(/^.*loadbalancer\//, '');
        if (!/^app\/[^/\s]+\/[0-9a-f]+$/.test(dim))
            add('alb-metrics', `expected the load balancer as app/<name>/<id> or its ARN, got ${JSON.stringify(lb)}`);
        const stat = s.get('latency-statistic') ?? 'p95';
        if (!_aws_cloudwatch_js__WEBPACK_IMPORTED_MODULE_5__/* .LATENCY_STATISTICS */ .jr.includes(stat))
            add('latency-statistic', `expected one of ${_aws_cloudwatch_js__WEBPACK_IMPORTED_MODULE_5__/* .LATENCY_STATISTICS */ .jr.join(', ')}, got ${JSON.stringify(stat)}`);
        if (max5xx === undefined && maxLatency === undefined)
            add('alb-metrics', 'give a threshold too: --max-5xx-percent and/or --max-latency');
        if (region === undefined)
            add('region', 'required for the CloudWatch metrics (or set AWS_REGION)');
        metrics = { loadBalancer: dim, region: region ?? '', latencyStatistic: stat };
        if (max5xx !== undefined)
            metrics.max5xxPercent = num(max5xx, 1, 0, 100, 'max-5xx-percent', add);
        if (maxLatency !== undefined)
            metrics.maxLatencyMs = duration(maxLatency, 1000, 1, 600_000, 'max-latency', add, 'ms');
    }
    else if (max5xx !== undefined || maxLatency !== undefined)
        add('alb-metrics', 'the metric thresholds need the load balancer: --alb-metrics app/<name>/<id>');
    if (!revert && !parity.requests && parity.accessLogs.length === 0 && !smokeTests && !metrics) {
        add('requests', 'every step needs a gate: give parity requests (--requests / --access-log), --smoke-tests, or --alb-metrics with thresholds');
    }
    let ecs;
    const ecsCluster = s.get('ecs-cluster');
    const ecsService = s.get('ecs-service');
    const scale = s.on('scale-ecs-to-zero');
    if (ecsCluster && ecsService)
        ecs = { cluster: ecsCluster, service: ecsService, region: region ?? '' };
    else if (ecsCluster || ecsService || scale)
        add(ecsCluster ? 'ecs-service' : 'ecs-cluster', `${scale ? 'required with --scale-ecs-to-zero' : 'give both --ecs-cluster and --ecs-service'}: the ECS cluster and service being retired`);
    if (scale && region === undefined)
        add('region', 'required with --scale-ecs-to-zero (or set AWS_REGION)');
    if (scale && revert)
        add('scale-ecs-to-zero', 'cannot be combined with --revert');
    const ecsDrainMs = duration(s.get('ecs-drain'), 60_000, 0, 3_600_000, 'ecs-drain', add);
    const runUrl = s.get('run-url');
    if (runUrl !== undefined && !/^https?:\/\/\S+$/.test(runUrl))
        add('run-url', `expected an http(s) URL, got ${JSON.stringify(runUrl)}`);
    const config = {
        ...parity,
        hostedZoneId: (zone ?? '').replace(/^\/hostedzone\//, ''),
        recordName: recordName ?? '',
        recordType: recordType,
        ttl: int(s.get('ttl'), 60, 0, 172_800, 'ttl', add),
        oldAlb: {
            dnsName: oldAlb ?? '',
            ...(s.get('old-alb-zone-id') ? { hostedZoneId: s.get('old-alb-zone-id').replace(/^\/hostedzone\//, '') } : {}),
        },
        newAlb: {
            ...(newAlb ? { dnsName: newAlb } : {}),
            ...(s.get('new-alb-zone-id') ? { hostedZoneId: s.get('new-alb-zone-id').replace(/^\/hostedzone\//, '') } : {}),
        },
        oldSetId,
        newSetId,
        evaluateTargetHealth: boolValue(s.get('evaluate-target-health'), true, 'evaluate-target-health', add),
        steps,
        bakeMs,
        revert,
        scaleEcsToZero: scale,
        ecsDrainMs,
        waitDns: boolValue(s.get('wait-dns'), true, 'wait-dns', add),
    };
    if (smokeTests)
        config.smokeTests = smokeTests;
    if (metrics)
        config.metrics = metrics;
    if (ecs)
        config.ecs = ecs;
    if (runUrl)
        config.runUrl = runUrl;
    if (errors.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr(errors);
    return config;
}
/** `10,50,100` / `10 50 100` → ascending percentages ending at 100. */
function parseSteps(text, problem) {
    const parts = text.split(/[\s,→>-]+/).filter(Boolean);
    const steps = parts.map(Number);
    if (parts.length === 0 || steps.some((n) => !Number.isInteger(n) || n < 1 || n > 100)) {
        problem(`expected percentages 1-100 for the new target, like "10,50,100", got ${JSON.stringify(text)}`);
        return [100];
    }
    for (let i = 1; i < steps.length; i++) {
        if (steps[i] <= steps[i - 1]) {
            problem(`steps must go up: ${steps[i - 1]} then ${steps[i]}`);
            return [100];
        }
    }
    if (steps.at(-1) !== 100)
        problem(`the last step must be 100 (a cutover ends with all traffic on the new target), got ${steps.at(-1)}`);
    return steps;
}
function url(v, flag, add, required) {
    if (v === undefined) {
        if (required)
            add(flag, 'required: an http:// or https:// base URL');
        return undefined;
    }
    try {
        const u = new URL(v.trim());
        if (u.protocol !== 'http:' && u.protocol !== 'https:')
            throw new Error('scheme');
        if (u.search || u.hash) {
            add(flag, 'a base URL has no query or fragment; request paths carry their own');
            return undefined;
        }
        return u.toString().replace(/\/+$/, '');
    }
    catch {
        add(flag, `expected an http:// or https:// URL, got ${JSON.stringify(v)}`);
        return undefined;
    }
}
function int(v, def, min, max, flag, add) {
    if (v === undefined || v.trim() === '')
        return def;
    const n = Number(v.trim());
    if (!Number.isInteger(n) || n < min || n > max) {
        add(flag, `expected a whole number ${min}-${max}, got ${JSON.stringify(v)}`);
        return def;
    }
    return n;
}
function num(v, def, min, max, flag, add) {
    if (v === undefined || v.trim() === '')
        return def;
    const n = Number(v.trim().replace(/%$/, ''));
    if (!Number.isFinite(n) || n < min || n > max) {
        add(flag, `expected a number ${min}-${max}, got ${JSON.stringify(v)}`);
        return def;
    }
    return n;
}
/** `500ms`, `30s`, `5m`, `1h`, `1m30s`; a bare number is in `bareUnit` (seconds unless said). */
function duration(v, def, minMs, maxMs, flag, add, bareUnit = 's') {
    if (v === undefined || v.trim() === '')
        return def;
    const t = v.trim();
    const ms = /^\d+(\.\d+)?$/.test(t) ? Number(t) * (bareUnit === 's' ? 1000 : 1) : (0,_smoke_spec_js__WEBPACK_IMPORTED_MODULE_2__/* .parseDuration */ .E9)(t);
    if (ms === undefined || ms < minMs || ms > maxMs) {
        add(flag, `expected a duration like 500ms, 30s, 5m${bareUnit === 'ms' ? ' (a bare number is milliseconds)' : ''} between ${minMs} ms and ${maxMs / 1000} s, got ${JSON.stringify(v)}`);
        return def;
    }
    return Math.round(ms);
}
function boolValue(v, def, flag, add) {
    if (v === undefined || v.trim() === '')
        return def;
    const t = v.trim().toLowerCase();
    if (t === 'true')
        return true;
    if (t === 'false')
        return false;
    add(flag, `expected true or false, got ${JSON.stringify(v)}`);
    return def;
}


/***/ }),

/***/ 1613:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BS: () => (/* binding */ bodyHash),
/* harmony export */   EG: () => (/* binding */ describeShapeDifference),
/* harmony export */   JL: () => (/* binding */ mediaType),
/* harmony export */   Sm: () => (/* binding */ jsonShape),
/* harmony export */   XH: () => (/* binding */ latencyRegressions),
/* harmony export */   Ym: () => (/* binding */ percentile),
/* harmony export */   ck: () => (/* binding */ compareValues),
/* harmony export */   d0: () => (/* binding */ parseJsonPathPattern),
/* harmony export */   jn: () => (/* binding */ isJsonMediaType),
/* harmony export */   l2: () => (/* binding */ isStaticMediaType),
/* harmony export */   wg: () => (/* binding */ compareShapes)
/* harmony export */ });
/* unused harmony exports patternCovers, formatPath */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * How two answers to the same request are compared: media type, JSON shape (keys and types),
 * JSON values outside an ignore list, body hashes, and latency percentiles. Pure functions.
 *
 * Shapes collapse array indices to `[*]`, so `{"items":[{"id":1},{"id":2}]}` has the shape
 * `$ object, $.items array, $.items[*] object, $.items[*].id number`. An empty array says nothing
 * about its elements, so element paths are only compared when both sides have elements.
 */

/**
 * Parse an ignore pattern: `$` then `.name`, `['name']`, `[0]`, `[*]`, `.*` or `..name` steps.
 * Throws a message naming the position of the problem.
 */
function parseJsonPathPattern(text) {
    const t = text.trim();
    if (!t.startsWith('$'))
        throw new Error(`a JSON path starts with "$", got ${JSON.stringify(text)}`);
    const segments = [];
    let i = 1;
    while (i < t.length) {
        const rest = t.slice(i);
        let m;
        if (rest.startsWith('..')) {
            segments.push({ deep: true });
            i += 1; // the second "." starts the next step
            continue;
        }
        if ((m = /^\.\*/.exec(rest)) || (m = /^\[\*\]/.exec(rest))) {
            segments.push(m[0] === '.*' ? { anyKey: true } : { any: true });
        }
        else if ((m = /^\.([A-Za-z_$][\w$-]*)/.exec(rest))) {
            segments.push({ key: m[1] });
        }
        else if ((m = /^\[(\d+)\]/.exec(rest))) {
            segments.push({ index: Number(m[1]) });
        }
        else if ((m = /^\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(rest))) {
            segments.push({ key: (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1') });
        }
        else {
            throw new Error(`${JSON.stringify(text)}: expected .name, ['name'], [index], [*] or ..name at position ${i + 1}`);
        }
        i += m[0].length;
    }
    if (segments.at(-1) && 'deep' in segments.at(-1))
        throw new Error(`${JSON.stringify(text)}: ".." must be followed by a name`);
    return { text: t, segments };
}
/**
 * Whether `pattern` covers `path`: it matches the whole path or a prefix of it (ignoring
 * `$.headers` ignores everything inside). `[*]` in a path (a shape path) matches `[*]` and any
 * index in the pattern, since a shape speaks for every element.
 */
function patternCovers(pattern, path) {
    const match = (pi, si) => {
        if (pi === pattern.segments.length)
            return true; // prefix matched: everything below is covered
        if (si === path.length)
            return false;
        const p = pattern.segments[pi];
        const s = path[si];
        if ('deep' in p) {
            for (let k = si; k < path.length; k++)
                if (match(pi + 1, k))
                    return true;
            return false;
        }
        if ('anyKey' in p)
            return 'key' in s && match(pi + 1, si + 1);
        if ('any' in p)
            return ('index' in s || 'any' in s) && match(pi + 1, si + 1);
        if ('index' in p)
            return (('index' in s && s.index === p.index) || 'any' in s) && match(pi + 1, si + 1);
        return 'key' in s && s.key === p.key && match(pi + 1, si + 1);
    };
    return match(0, 0);
}
/** `$.items[*].id`, `$['a b']`. */
function formatPath(path) {
    let out = '$';
    for (const s of path) {
        if ('key' in s)
            out += /^[A-Za-z_$][\w$-]*$/.test(s.key) ? `.${s.key}` : `[${JSON.stringify(s.key)}]`;
        else if ('index' in s)
            out += `[${s.index}]`;
        else
            out += '[*]';
    }
    return out;
}
function kindOf(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'array';
    const t = typeof v;
    return t === 'boolean' || t === 'number' || t === 'string' ? t : 'object';
}
/** Add the shape of `doc` to `shape` (a new one when not given), skipping ignored paths. */
function jsonShape(doc, ignore = [], shape = { kinds: new Map(), emptyArrays: new Set() }) {
    const nonEmpty = new Set();
    const walk = (v, path) => {
        if (ignore.some((p) => patternCovers(p, path)))
            return;
        const key = formatPath(path);
        const kind = kindOf(v);
        let kinds = shape.kinds.get(key);
        if (!kinds)
            shape.kinds.set(key, (kinds = new Set()));
        kinds.add(kind);
        if (kind === 'array') {
            const arr = v;
            if (arr.length === 0) {
                if (!nonEmpty.has(key))
                    shape.emptyArrays.add(key);
            }
            else {
                nonEmpty.add(key);
                shape.emptyArrays.delete(key);
            }
            for (const item of arr)
                walk(item, [...path, { any: true }]);
        }
        else if (kind === 'object') {
            for (const [k, child] of Object.entries(v))
                walk(child, [...path, { key: k }]);
        }
    };
    // Arrays seen non-empty before stay non-empty: an empty answer later says nothing new.
    for (const [k, kinds] of shape.kinds)
        if (kinds.has('array') && !shape.emptyArrays.has(k))
            nonEmpty.add(k);
    walk(doc, []);
    return shape;
}
/**
 * The differences between two shapes: paths only one side has, and paths whose kinds differ.
 * Paths below an array that is empty on either side are not compared.
 */
function compareShapes(oldShape, newShape) {
    const empty = [...oldShape.emptyArrays, ...newShape.emptyArrays];
    const underEmpty = (path) => empty.some((a) => path !== a && path.startsWith(`${a}[*]`));
    const diffs = [];
    const paths = [...new Set([...oldShape.kinds.keys(), ...newShape.kinds.keys()])].sort();
    for (const path of paths) {
        if (underEmpty(path))
            continue;
        const a = oldShape.kinds.get(path);
        const b = newShape.kinds.get(path);
        const show = (s) => [...s].sort().join(' | ');
        if (a && !b)
            diffs.push({ path, old: show(a) });
        else if (!a && b)
            diffs.push({ path, new: show(b) });
        else if (a && b && show(a) !== show(b))
            diffs.push({ path, old: show(a), new: show(b) });
    }
    // A missing object (or one that became a string) reports every key below it as well: the
    // topmost path says it all.
    const container = (kinds) => kinds !== undefined && /\b(object|array)\b/.test(kinds);
    const explains = (o) => !container(o.old) || !container(o.new);
    const below = (d, o) => d.path.startsWith(`${o.path}.`) || d.path.startsWith(`${o.path}[`);
    return diffs.filter((d) => !diffs.some((o) => o !== d && below(d, o) && explains(o)));
}
/** Human text of a shape difference: `$.total: number (old) vs string (new)`, `$.version: only in new (string)`. */
function describeShapeDifference(d) {
    if (d.old !== undefined && d.new !== undefined)
        return `${d.path}: ${d.old} (old) vs ${d.new} (new)`;
    if (d.old !== undefined)
        return `${d.path}: missing in new (old: ${d.old})`;
    return `${d.path}: only in new (${d.new})`;
}
/**
 * Paths whose values differ between two documents, ignored paths skipped (array elements
 * compared index by index). At most `limit` paths.
 */
function compareValues(a, b, ignore = [], limit = 5) {
    const out = [];
    const walk = (x, y, path) => {
        if (out.length >= limit || ignore.some((p) => patternCovers(p, path)))
            return;
        const kx = kindOf(x);
        const ky = kindOf(y);
        if (kx !== ky) {
            out.push(`${formatPath(path)}: ${short(x)} (old) vs ${short(y)} (new)`);
            return;
        }
        if (kx === 'array') {
            const xa = x;
            const ya = y;
            if (xa.length !== ya.length) {
                out.push(`${formatPath(path)}: ${xa.length} item(s) (old) vs ${ya.length} (new)`);
                return;
            }
            xa.forEach((item, i) => walk(item, ya[i], [...path, { index: i }]));
        }
        else if (kx === 'object') {
            const xo = x;
            const yo = y;
            for (const k of [...new Set([...Object.keys(xo), ...Object.keys(yo)])].sort()) {
                const child = [...path, { key: k }];
                if (!(k in yo)) {
                    if (!ignore.some((p) => patternCovers(p, child)))
                        out.push(`${formatPath(child)}: missing in new`);
                }
                else if (!(k in xo)) {
                    if (!ignore.some((p) => patternCovers(p, child)))
                        out.push(`${formatPath(child)}: only in new`);
                }
                else
                    walk(xo[k], yo[k], child);
                if (out.length >= limit)
                    return;
            }
        }
        else if (x !== y)
            out.push(`${formatPath(path)}: ${short(x)} (old) vs ${short(y)} (new)`);
    };
    walk(a, b, []);
    return out.slice(0, limit);
}
function short(v) {
    const t = JSON.stringify(v) ?? 'undefined';
    return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}
/** `application/json; charset=utf-8` → `application/json`; none → `(none)`. */
function mediaType(contentType) {
    const t = (contentType ?? '').split(';')[0].trim().toLowerCase();
    return t === '' ? '(none)' : t;
}
/** Whether a media type is JSON (`application/json`, `application/problem+json`, …). */
function isJsonMediaType(type) {
    return type === 'application/json' || type.endsWith('+json') || type === 'text/json';
}
/**
 * Whether a media type is static content whose bytes should be the same on both sides
 * (stylesheets, scripts, images, fonts, downloads). HTML is left out: pages carry CSRF tokens,
 * nonces and timestamps.
 */
function isStaticMediaType(type) {
    return /^(text\/css|text\/javascript|application\/javascript|application\/wasm|application\/pdf|application\/octet-stream|image\/|font\/|audio\/|video\/)/.test(type);
}
/** sha256 of a body, hex, shortened for reports. */
function bodyHash(body) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(body, 'utf8').digest('hex').slice(0, 16);
}
/** Nearest-rank percentile (p in 0..100) of samples; undefined for none. */
function percentile(samples, p) {
    if (samples.length === 0)
        return undefined;
    const sorted = [...samples].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[Math.min(rank, sorted.length) - 1];
}
/** Which latency percentiles of the new target are over budget, as human text; empty when within. */
function latencyRegressions(oldMs, newMs, budget) {
    const out = [];
    for (const k of ['p50', 'p95']) {
        const o = oldMs[k];
        const n = newMs[k];
        if (o === undefined || n === undefined)
            continue;
        const limit = o * budget.ratio + budget.slackMs;
        if (n > limit)
            out.push(`${k} ${n} ms > ${Math.round(limit)} ms (old ${o} ms × ${budget.ratio} + ${budget.slackMs} ms)`);
    }
    return out;
}


/***/ })

};
