export const id = 421;
export const ids = [421];
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

/***/ 3220:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Sz: () => (/* binding */ ingressBaseUrl),
  Wp: () => (/* binding */ ingressUrls),
  yo: () => (/* binding */ releaseTargets),
  KH: () => (/* binding */ smokeTest),
  mr: () => (/* binding */ trackRollouts),
  Qp: () => (/* binding */ verifyPods)
});

// UNUSED EXPORTS: SANDBOX_URL_ANNOTATION

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
/**
 * What the container runtimes and registries say when the image itself does not exist, as EKS
 * (containerd) and other runtimes word it:
 * - containerd (EKS, Fargate): `rpc error: code = NotFound desc = failed to pull and unpack image
 *   "…": failed to resolve reference "…": …: not found` — also for an ECR repository that does not exist;
 * - registry v2 errors through Docker / CRI-O: `manifest unknown`, `name unknown`,
 *   `repository name not known to registry`; ECR through Docker: `… does not exist in the registry`;
 * - a reference that cannot parse: `invalid reference format`, `couldn't parse image reference`.
 * Deliberately not here: `pull access denied, repository does not exist or may require
 * authorization` (Docker Hub's answer for a missing AND a private repository), 401/403 (ECR
 * credentials that can be refreshed or a policy being fixed), timeouts, 429 and 5xx.
 */
const UNRECOVERABLE_PULL = /code = NotFound|failed to resolve reference "[^"]*": (?:[^:]*: )?not found|manifest unknown|name unknown|repository name not known to registry|does not exist in the registry|invalid reference format|couldn't parse image reference/i;
/**
 * `unrecoverable` for an image pull failure that waiting cannot heal (the reference is invalid,
 * the runtime may never pull, or the registry says the image does not exist), `transient` for
 * everything else (timeouts, throttling, 5xx, authorization that may be fixed or refreshed).
 */
function classifyPullFailure(reason, message) {
    if (reason === 'InvalidImageName' || reason === 'ErrImageNeverPull')
        return 'unrecoverable';
    return UNRECOVERABLE_PULL.test(message) && !/may require (?:authorization|'docker login')/i.test(message) ? 'unrecoverable' : 'transient';
}
/**
 * The grace of an unrecoverable pull failure: a quarter of the caller's, at most 5 s (5 s with
 * the default 20 s). Not zero, because the image may be pushed a moment after the manifests were
 * applied (a pipeline racing its own push), and a registry's "not found" during replication is
 * over in seconds; anything longer is a wrong name, tag or repository.
 */
function unrecoverableGraceMs(graceMs) {
    return Math.min(graceMs / 4, 5_000);
}
/** Failed pulls of `image` the kubelet reported (its `Failed to pull image` events, with their counts). */
function failedPulls(events, image) {
    let n = 0;
    for (const e of events ?? []) {
        if (e['reason'] === 'Failed' && (str(e['message']) ?? '').startsWith(`Failed to pull image "${image}"`))
            n += typeof e['count'] === 'number' ? e['count'] : 1;
    }
    return n;
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
function containerCandidates(pod, uid, opts, events) {
    const { now, graceMs } = opts;
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
            const image = String(specs.get(name)?.['image'] ?? '?');
            // The pull error itself (not "Back-off pulling image") is what a user can act on.
            const pullErrors = [...(events ?? [])].reverse().filter((e) => e['reason'] === 'Failed' && (str(e['message']) ?? '').startsWith('Failed to pull image'));
            const pullError = pullErrors.find((e) => (str(e['message']) ?? '').startsWith(`Failed to pull image "${image}"`)) ?? pullErrors[0];
            const reason = (wReason === 'RegistryUnavailable' ? 'ErrImagePull' : wReason);
            const detail = pullError ? oneLine(str(pullError['message']) ?? '') : wMsg || `image ${image} cannot be pulled`;
            const candidate = { ...base, key: `${uid}/${name}/image`, reason, detail };
            // While backing off the kubelet's message is only "Back-off pulling image": the class comes
            // from the last pull error (waiting message or event), and once known it sticks (see findPodProblems).
            if (classifyPullFailure(wReason, `${str(waiting['message']) ?? ''}\n${str(pullError?.['message']) ?? ''}`) === 'unrecoverable') {
                // A reference that cannot parse, or a pull the runtime may never make, is final at once.
                candidate.graceMs = wReason === 'InvalidImageName' || wReason === 'ErrImageNeverPull' ? 0 : unrecoverableGraceMs(graceMs);
                // The kubelet retried after its back-off and the registry gave the same answer: confirmed.
                if (failedPulls(events, image) >= 2)
                    candidate.blockingNow = true;
            }
            out.push(candidate);
            continue;
        }
        if (wReason && CONFIG_REASONS.has(wReason)) {
            out.push({ ...base, key: `${uid}/${name}/config`, reason: wReason, detail: wMsg || wReason });
            continue;
        }
        // Restarts since tracking began (or since the pod was created, when later): enough of them
        // fail the rollout now, Ready or not, since between crashes a pod may pass readiness.
        const newRestarts = restarts - (opts.restartBaseline?.get(`${uid}/${name}`) ?? 0);
        const crashRestarts = opts.crashRestarts ?? 3;
        const tooManyRestarts = newRestarts >= crashRestarts;
        const restartText = `restarted ${restarts} times${newRestarts !== restarts ? ` (${newRestarts} since the rollout began)` : ''}${tooManyRestarts && wReason !== 'CrashLoopBackOff' ? ` (${crashRestarts} restarts fail a rollout, ready or not)` : ''}`;
        const oom = terminated?.['reason'] === 'OOMKilled' || (last['reason'] === 'OOMKilled' && (wReason === 'CrashLoopBackOff' || (running !== undefined && !cs['ready']) || tooManyRestarts));
        if (oom) {
            const limit = pod_problems_rec(pod_problems_rec(specs.get(name)?.['resources'])['limits'])['memory'] ?? pod_problems_rec(pod_problems_rec(specs.get(name)?.['resources'])['requests'])['memory'];
            out.push({ ...base, key: `${uid}/${name}/crash`, reason: 'OOMKilled', detail: `killed for using more memory than ${limit !== undefined ? `its ${String(limit)} limit` : 'the pod has'}; ${restartText}${lastExit ? `, ${lastExit}` : ''}`, ...(tooManyRestarts ? { blockingNow: true } : {}) });
            continue;
        }
        if (wReason === 'CrashLoopBackOff' || (running !== undefined && restarts > 0 && !cs['ready'] && !podReady) || tooManyRestarts) {
            out.push({ ...base, key: `${uid}/${name}/crash`, reason: 'CrashLoopBackOff', detail: `${restartText}${lastExit ? `, ${lastExit}` : ''}${wMsg ? `; ${wMsg}` : ''}`, ...(tooManyRestarts ? { blockingNow: true } : {}) });
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
            candidates.push(...containerCandidates(pod, uid, opts, events));
    }
    const seenNow = new Set();
    const out = [];
    for (const c of candidates) {
        seenNow.add(c.key);
        let since = opts.seen.get(c.key);
        if (since === undefined)
            opts.seen.set(c.key, (since = opts.now));
        // A shorter grace, once learned (an unrecoverable pull error), holds for as long as the
        // problem lasts, even when the kubelet's back-off message no longer says why.
        const shortKey = `${c.key}${SHORT_GRACE}`;
        if (c.graceMs !== undefined && c.graceMs < (opts.seen.get(shortKey) ?? Infinity))
            opts.seen.set(shortKey, c.graceMs);
        const grace = Math.min(opts.graceMs, opts.seen.get(shortKey) ?? opts.graceMs);
        const blockingAt = c.blockingNow ? Math.min(opts.now, since + grace) : since + grace;
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
        if (scope.has(key.split('/')[0]) && !seenNow.has(key.split(SHORT_GRACE)[0]))
            opts.seen.delete(key);
    return out.sort((a, b) => PRIORITY[a.reason] - PRIORITY[b.reason] || a.since - b.since || a.object.localeCompare(b.object));
}
/** Suffix of the memo entries that hold a problem's shortened grace (ms) next to its first-seen time. */
const SHORT_GRACE = '#grace';
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
function isTimeoutReason(reason) {
    return (reason instanceof Error || reason instanceof DOMException) && reason.name === 'TimeoutError';
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
    /** Restart counts of the containers that existed when tracking began (`<pod uid>/<container>`). */
    restartBaseline = new Map();
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
        // AbortSignal.timeout() (the deploy's --timeout) aborts with a TimeoutError: that is a
        // timeout, not a cancellation, and its message ("The operation was aborted due to timeout") says nothing useful.
        if (isTimeoutReason(reason)) {
            this.endAll('timeout', `timed out after ${seconds(this.now() - this.startedAt)}`);
            return;
        }
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
        if (this.counters.evaluations === 0)
            this.recordRestartBaseline();
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
    /**
     * Restarts from before tracking began are history (a healthy pod of an unchanged ReplicaSet,
     * the previous release during a rollback): only later ones count towards `crashRestarts`.
     */
    recordRestartBaseline() {
        for (const [key, inf] of this.informers) {
            if (!key.startsWith('pods|'))
                continue;
            for (const pod of inf.items.values()) {
                const st = rollout_rec(pod['status']);
                for (const cs of [...(Array.isArray(st['initContainerStatuses']) ? st['initContainerStatuses'] : []), ...(Array.isArray(st['containerStatuses']) ? st['containerStatuses'] : [])].map(rollout_rec)) {
                    if (typeof cs['restartCount'] === 'number' && cs['restartCount'] > 0)
                        this.restartBaseline.set(`${String(pod.metadata['uid'] ?? pod.metadata.name)}/${String(cs['name'])}`, cs['restartCount']);
                }
            }
        }
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
        s.problems = pods.length || owner ? findPodProblems(pods, { now, graceMs: this.graceMs, seen: s.seen, eventsByUid: events.byUid, restartBaseline: this.restartBaseline, ...(this.options.crashRestarts !== undefined ? { crashRestarts: this.options.crashRestarts } : {}) }, owner) : [];
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

// EXTERNAL MODULE: ./src/smoke/run.ts
var run = __webpack_require__(9520);
// EXTERNAL MODULE: ./src/smoke/transport.ts
var smoke_transport = __webpack_require__(9536);
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
    const transport = (0,smoke_transport/* createSmokeTransport */.fk)({ client, defaultNamespace: namespace });
    return (0,run/* runSmokeChecks */.mF)(checks, {
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

/***/ 9520:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _V: () => (/* binding */ formatMs),
/* harmony export */   mF: () => (/* binding */ runSmokeChecks),
/* harmony export */   tM: () => (/* binding */ describeRequestError)
/* harmony export */ });
/* unused harmony exports runSmokeCheck, evaluateResponse, lookup, abortableSleep */
/* harmony import */ var _spec_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7302);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9536);
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
    const base = { name: check.name, target: redact((0,_spec_js__WEBPACK_IMPORTED_MODULE_0__/* .describeTarget */ .ff)(check.target)) };
    const finish = (fields) => {
        const r = { ...base, ...fields, durationMs: Math.max(0, now() - started) };
        if (r.failure !== undefined)
            r.failure = redact(r.failure);
        if (r.bodyExcerpt !== undefined)
            r.bodyExcerpt = redact(r.bodyExcerpt);
        return r;
    };
    const headerText = Object.entries((0,_spec_js__WEBPACK_IMPORTED_MODULE_0__/* .printableHeaders */ .oe)(check)).map(([k, v]) => `${k}: ${v}`).join(', ');
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
        if (err instanceof _transport_js__WEBPACK_IMPORTED_MODULE_1__/* .SmokeTargetError */ .Rp)
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
        throw new _transport_js__WEBPACK_IMPORTED_MODULE_1__/* .SmokeTargetError */ .Rp('an ingress target needs the release\'s Ingress address, and none is available here');
    let base;
    try {
        base = await raceAbort(opts.resolveIngress(t.ingress), signal);
    }
    catch (err) {
        if (signal.aborted)
            throw err;
        throw new _transport_js__WEBPACK_IMPORTED_MODULE_1__/* .SmokeTargetError */ .Rp(err instanceof Error ? err.message : String(err));
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
    for (const step of (0,_spec_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJsonPath */ .Hf)(path)) {
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


/***/ }),

/***/ 7302:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ay: () => (/* binding */ parseSmokeSpec),
/* harmony export */   BO: () => (/* binding */ redactUrl),
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   Hf: () => (/* binding */ parseJsonPath),
/* harmony export */   N: () => (/* binding */ loadSmokeSpec),
/* harmony export */   ff: () => (/* binding */ describeTarget),
/* harmony export */   oe: () => (/* binding */ printableHeaders)
/* harmony export */ });
/* unused harmony exports SMOKE_DEFAULTS, SMOKE_METHODS, isSecretHeader */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _manifests_input_file_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8317);
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
        this.list.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(message, this.source, field));
    }
}
/**
 * Parse and validate a smoke-test spec. `source` names the file or input in every error.
 * Throws `UserInputErrors` listing every problem found.
 */
function parseSmokeSpec(text, source) {
    const problems = new Problems(source);
    const lines = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
    if (doc.errors.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr(doc.errors.map((e) => {
            const pos = e.linePos?.[0];
            // prettyErrors appends " at line L, column C:" and a code excerpt; the position is given once, first.
            const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
            return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}${message}`, source);
        }));
    }
    let root;
    try {
        root = doc.toJS({ maxAliasCount: 100 });
    }
    catch (err) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr([new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(err instanceof Error ? err.message : String(err), source)]);
    }
    let items;
    let itemNodes = [];
    let defaults = {};
    let prefix = '';
    if (Array.isArray(root)) {
        items = root;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(doc.contents))
            itemNodes = doc.contents.items;
    }
    else if (isPlainObject(root)) {
        for (const k of Object.keys(root))
            if (k !== 'checks' && k !== 'defaults')
                problems.add(k, `unknown key (expected a list of checks, or "defaults" and "checks")`);
        if (!Array.isArray(root['checks'])) {
            problems.add('checks', `expected a list of checks, got ${describeType(root['checks'])}`);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr(problems.list);
        }
        items = root['checks'];
        const node = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(doc.contents) ? doc.contents.get('checks', true) : undefined;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node))
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr([new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2('the smoke-test list is empty', source)]);
    }
    else {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr([new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(`expected a list of checks, got ${describeType(root)}`, source)]);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputErrors */ .fr(problems.list);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2('neither inline text nor a file given', undefined, 'smoke-tests');
    let text;
    try {
        text = await (0,_manifests_input_file_js__WEBPACK_IMPORTED_MODULE_2__/* .readInputFile */ .jH)(setting.file, setting.file, 'smoke-test specs');
    }
    catch (err) {
        if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2)
            throw err;
        const code = err.code;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserInputError */ .m2(code === 'ENOENT' ? 'file not found' : `cannot read: ${err instanceof Error ? err.message : String(err)}`, setting.file);
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
            p.add(settingField('followRedirects'), `expected true or false, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(fr)}`);
    }
    let name = item['name'];
    if (name === undefined)
        name = target ? `${method ?? 'GET'} ${describeTarget(target)}` : undefined;
    else if (typeof name !== 'string' || name.trim() === '') {
        p.add(at('name'), `expected a non-empty string, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(name)}`);
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
        p.add(field, `expected one of ${SMOKE_METHODS.join(', ')}, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(raw)}`);
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
        p.add(field, `expected an http:// or https:// URL, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(raw)}`);
        return undefined;
    }
    let url;
    try {
        url = new URL(raw.trim());
    }
    catch {
        p.add(field, `not a valid URL: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(redactUrl(raw))}`);
        return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        p.add(field, `only http:// and https:// URLs can be checked, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(url.protocol.replace(/:$/, ''))}`);
        return undefined;
    }
    if (url.hash)
        p.add(field, 'a URL fragment (#...) is never sent to the server; remove it');
    return url.toString();
}
function parsePath(raw, field, p) {
    if (typeof raw !== 'string' || !raw.startsWith('/')) {
        p.add(field, `expected a path starting with "/", got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(raw)}`);
        return undefined;
    }
    if (/[\s#]/.test(raw)) {
        p.add(field, `a path cannot contain spaces or "#" (percent-encode them), got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(raw)}`);
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
        p.add(`${field}.name`, `expected a Service name (DNS-1123 label), got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(name)}`);
    if (namespace !== undefined && (typeof namespace !== 'string' || !DNS_LABEL.test(namespace)))
        p.add(`${field}.namespace`, `expected a namespace name, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(namespace)}`);
    if (port === undefined)
        p.add(`${field}.port`, 'missing: the Service port (number or name)');
    else if (typeof port === 'number' ? !(Number.isInteger(port) && port >= 1 && port <= 65535) : typeof port !== 'string' || !PORT_NAME.test(port)) {
        p.add(`${field}.port`, `expected a port number 1-65535 or a port name, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(port)}`);
    }
    if (scheme !== undefined && scheme !== 'http' && scheme !== 'https')
        p.add(`${field}.scheme`, `expected http or https, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(scheme)}`);
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
        p.add(`${field}.name`, `expected an Ingress name, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(name)}`);
    if (namespace !== undefined && (typeof namespace !== 'string' || !DNS_LABEL.test(namespace)))
        p.add(`${field}.namespace`, `expected a namespace name, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(namespace)}`);
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
            p.add(f, `a header value cannot contain line breaks or NUL${isSecretHeader(name) ? '' : `, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(text)}`}`);
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
                p.add(f, `expected an HTTP status code 100-599, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(s)}`);
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
                p.add(f, `expected a non-empty string, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(s)}`);
        });
        out.bodyContains = texts;
    }
    if (raw['bodyMatches'] !== undefined) {
        const re = raw['bodyMatches'];
        if (typeof re !== 'string' || re === '')
            p.add(`${field}.bodyMatches`, `expected a regular expression, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(re)}`);
        else {
            try {
                new RegExp(re);
                out.bodyMatches = re;
            }
            catch (err) {
                p.add(`${field}.bodyMatches`, `invalid regular expression ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(re)}: ${err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}`);
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
                    p.add(`${f}.path`, `expected a JSON path like $.status or $.items[0].name, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(path)}`);
                    return;
                }
                const err = jsonPathError(path);
                if (err) {
                    p.add(`${f}.path`, `${err} in ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(path)} (expected a JSON path like $.status or $.items[0].name)`);
                    return;
                }
                const exists = j['exists'];
                if (exists !== undefined && typeof exists !== 'boolean') {
                    p.add(`${f}.exists`, `expected true or false, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(exists)}`);
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
        p.add(f, `expected a ${positive ? 'positive ' : ''}${what}, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(value)}`);
        return undefined;
    }
    if (parsed > 24 * 3_600_000) {
        p.add(f, `more than 24 hours: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(value)}`);
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
        p.add(field, `expected a whole number 0-1000, got ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(raw)}`);
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
    return `${typeof v} ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .showValue */ .vp)(v)}`;
}


/***/ }),

/***/ 9536:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rp: () => (/* binding */ SmokeTargetError),
/* harmony export */   fk: () => (/* binding */ createSmokeTransport),
/* harmony export */   k6: () => (/* binding */ httpTransport)
/* harmony export */ });
/* unused harmony exports DEFAULT_MAX_BODY_BYTES, serviceProxyTransport, serviceProxyUrl */
/* harmony import */ var _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(94);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4371);
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
            const ctx = new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__/* .RequestContext */ .bb4(url, req.method.toUpperCase());
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
    const res = await (0,undici__WEBPACK_IMPORTED_MODULE_1__/* .fetch */ .hd)(url, {
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


/***/ })

};
