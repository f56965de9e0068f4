export const id = 421;
export const ids = [421];
export const modules = {

/***/ 32456:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ connect)
/* harmony export */ });
/* harmony import */ var _aws_eks_token_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(21104);
/* harmony import */ var _aws_eks_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(74192);
/* harmony import */ var _kube_client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(31934);



/**
 * Connect: to EKS by name (DescribeCluster for endpoint and CA, a bearer token made here and
 * refreshed before it expires), or through a kubeconfig. With a kubeconfig plus a cluster name
 * and region, the Fargate profiles still come from EKS so preflight can check them. `signal`
 * cancels the AWS calls (the Kubernetes client is not bound to it: see KubeClient.scoped).
 */
async function connect(target, eksClients = _aws_eks_js__WEBPACK_IMPORTED_MODULE_1__/* .defaultEksClients */ .hI, signal) {
    if (target.kind === 'eks') {
        const { eks, sts } = eksClients(target.region);
        const [info, identity, profiles] = await Promise.all([
            (0,_aws_eks_js__WEBPACK_IMPORTED_MODULE_1__/* .describeCluster */ .K$)(eks, target.clusterName, target.region, signal),
            (0,_aws_eks_js__WEBPACK_IMPORTED_MODULE_1__/* .callerIdentity */ .IX)(sts, signal),
            (0,_aws_eks_js__WEBPACK_IMPORTED_MODULE_1__/* .listFargateProfiles */ .VH)(eks, target.clusterName, { region: target.region, ...(signal ? { signal } : {}) }),
        ]);
        const tokens = new _aws_eks_token_js__WEBPACK_IMPORTED_MODULE_0__/* .EksTokenSource */ .Wl({ clusterName: target.clusterName, region: target.region });
        const client = _kube_client_js__WEBPACK_IMPORTED_MODULE_2__/* .KubeClient */ .Bx.fromCluster({
            server: info.endpoint,
            caData: info.caData,
            token: () => tokens.token(),
            name: target.clusterName,
        });
        return {
            client,
            describe: `EKS cluster ${target.clusterName} (${target.region})`,
            clusterName: target.clusterName,
            region: target.region,
            profiles,
            identity: identity.arn,
        };
    }
    const client = _kube_client_js__WEBPACK_IMPORTED_MODULE_2__/* .KubeClient */ .Bx.fromKubeconfig(target.path, target.context);
    const conn = {
        client,
        describe: `kubeconfig context ${client.kc.getCurrentContext()} (${client.server})`,
    };
    if (target.clusterName && target.region) {
        const { eks } = eksClients(target.region);
        conn.profiles = await (0,_aws_eks_js__WEBPACK_IMPORTED_MODULE_1__/* .listFargateProfiles */ .VH)(eks, target.clusterName, {
            region: target.region,
            ...(signal ? { signal } : {}),
        });
        conn.clusterName = target.clusterName;
        conn.region = target.region;
    }
    return conn;
}


/***/ }),

/***/ 53220:
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
var client = __webpack_require__(31934);
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
    return Array.isArray(c)
        ? c.filter((x) => x && typeof x === 'object' && typeof x.type === 'string')
        : [];
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
        return {
            done: false,
            message: `Waiting for deployment "${name}" rollout to finish: ${counts.updated} out of ${replicas} new replicas have been updated...${paused}`,
            ...counts,
        };
    }
    if (statusReplicas > counts.updated) {
        return {
            done: false,
            message: `Waiting for deployment "${name}" rollout to finish: ${statusReplicas - counts.updated} old replicas are pending termination...${paused}`,
            ...counts,
        };
    }
    if (counts.available < counts.updated) {
        return {
            done: false,
            message: `Waiting for deployment "${name}" rollout to finish: ${counts.available} of ${counts.updated} updated replicas are available...${paused}`,
            ...counts,
        };
    }
    const rsName = newRS?.metadata.name;
    return {
        done: true,
        message: `deployment "${name}" successfully rolled out${rsName ? ` (ReplicaSet ${rsName})` : ''}`,
        ...counts,
    };
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
    const counts = {
        updated: num(st['updatedReplicas']),
        ready: num(st['readyReplicas']),
        available: num(st['availableReplicas']),
        replicas,
    };
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
                return {
                    done: false,
                    message: `Waiting for partitioned roll out to finish: ${counts.updated} out of ${want} new pods have been updated...`,
                    ...counts,
                };
            }
        }
        return {
            done: true,
            message: `partitioned roll out complete: ${counts.updated} new pods have been updated...`,
            ...counts,
        };
    }
    const updateRevision = st['updateRevision'];
    const currentRevision = st['currentRevision'];
    if (updateRevision !== currentRevision) {
        return {
            done: false,
            message: `waiting for statefulset rolling update to complete ${counts.updated} pods at revision ${updateRevision ?? '?'}...`,
            ...counts,
        };
    }
    return {
        done: true,
        message: `statefulset rolling update complete ${num(st['currentReplicas'])} pods at revision ${currentRevision ?? '?'}...`,
        ...counts,
    };
}
/** Job status: the `Complete` condition finishes it, the `Failed` condition fails it. */
function jobStatus(job) {
    const spec = rec(job['spec']);
    const st = rec(job['status']);
    const completions = spec['completions'] === undefined ? 1 : num(spec['completions']);
    const counts = {
        updated: num(st['active']) + num(st['succeeded']) + num(st['failed']),
        ready: num(st['ready']),
        available: num(st['succeeded']),
        replicas: completions,
    };
    const failedCond = conditionsOf(job).find((c) => c.type === 'Failed' && c.status === 'True');
    if (failedCond) {
        const failed = `job "${job.metadata.name}" failed: ${failedCond.reason ?? 'Failed'}${failedCond.message ? `: ${failedCond.message}` : ''}`;
        return { done: false, failed, message: failed, ...counts };
    }
    if (conditionsOf(job).some((c) => c.type === 'Complete' && c.status === 'True')) {
        return {
            done: true,
            message: `job "${job.metadata.name}" completed (${counts.available} of ${completions} succeeded)`,
            ...counts,
        };
    }
    return {
        done: false,
        message: `Waiting for job "${job.metadata.name}" to complete: ${counts.available} of ${completions} succeeded, ${num(st['active'])} active, ${num(st['failed'])} failed...`,
        ...counts,
    };
}
function lbAddresses(obj) {
    const ingress = rec(rec(rec(obj['status'])['loadBalancer']))['ingress'];
    if (!Array.isArray(ingress))
        return [];
    return ingress
        .map((i) => rec(i)['hostname'] ?? rec(i)['ip'] ?? '')
        .filter((a) => a !== '');
}
/** Service status: a `LoadBalancer` Service is ready once an address is assigned; others at once. */
function serviceStatus(svc) {
    const type = rec(svc['spec'])['type'] ?? 'ClusterIP';
    const base = { updated: 0, ready: 0, available: 0, replicas: 1 };
    if (type !== 'LoadBalancer')
        return { done: true, message: `service "${svc.metadata.name}" is of type ${type}; nothing to wait for`, ...base };
    const addrs = lbAddresses(svc);
    if (addrs.length === 0)
        return {
            done: false,
            message: `Waiting for service "${svc.metadata.name}" to get a load balancer address...`,
            ...base,
        };
    return {
        done: true,
        message: `service "${svc.metadata.name}" has load balancer ${addrs.join(', ')}`,
        ...base,
        updated: 1,
        ready: 1,
        available: 1,
    };
}
/** The IngressClass an Ingress asks for (spec field first, then the legacy annotation). */
function ingressClassOf(ing) {
    return (rec(ing['spec'])['ingressClassName'] ??
        ing.metadata.annotations?.['kubernetes.io/ingress.class']);
}
/**
 * Ingress status: an Ingress of class `alb` is ready once the AWS Load Balancer Controller wrote
 * the ALB hostname into `status.loadBalancer.ingress`; Ingresses of other classes are not waited on.
 */
function ingressStatus(ing, albClasses = ['alb']) {
    const cls = ingressClassOf(ing);
    const base = { updated: 0, ready: 0, available: 0, replicas: 1 };
    if (cls === undefined || !albClasses.includes(cls)) {
        return {
            done: true,
            message: `ingress "${ing.metadata.name}" has class ${cls ?? '(none)'}, not alb; its address is not waited for`,
            ...base,
        };
    }
    const hosts = lbAddresses(ing);
    if (hosts.length === 0)
        return { done: false, message: `Waiting for ingress "${ing.metadata.name}" to get an ALB address...`, ...base };
    return {
        done: true,
        message: `ingress "${ing.metadata.name}" is served by ${hosts.join(', ')}`,
        ...base,
        updated: 1,
        ready: 1,
        available: 1,
    };
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
const IMAGE_REASONS = new Set([
    'ErrImagePull',
    'ImagePullBackOff',
    'InvalidImageName',
    'ErrImageNeverPull',
    'RegistryUnavailable',
]);
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
    return UNRECOVERABLE_PULL.test(message) && !/may require (?:authorization|'docker login')/i.test(message)
        ? 'unrecoverable'
        : 'transient';
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
    return {
        key: `${uid}//FailedScheduling`,
        object: pod.metadata.name,
        kind: 'Pod',
        uid,
        reason: 'FailedScheduling',
        detail,
    };
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
        const lastExit = last['reason'] !== undefined || last['exitCode'] !== undefined
            ? `last exit: ${str(last['reason']) ?? 'Error'} (exit code ${String(last['exitCode'] ?? '?')})`
            : '';
        if (wReason && IMAGE_REASONS.has(wReason)) {
            const image = String(specs.get(name)?.['image'] ?? '?');
            // The pull error itself (not "Back-off pulling image") is what a user can act on.
            const pullErrors = [...(events ?? [])]
                .reverse()
                .filter((e) => e['reason'] === 'Failed' && (str(e['message']) ?? '').startsWith('Failed to pull image'));
            const pullError = pullErrors.find((e) => (str(e['message']) ?? '').startsWith(`Failed to pull image "${image}"`)) ??
                pullErrors[0];
            const reason = (wReason === 'RegistryUnavailable' ? 'ErrImagePull' : wReason);
            const detail = pullError ? oneLine(str(pullError['message']) ?? '') : wMsg || `image ${image} cannot be pulled`;
            const candidate = { ...base, key: `${uid}/${name}/image`, reason, detail };
            // While backing off the kubelet's message is only "Back-off pulling image": the class comes
            // from the last pull error (waiting message or event), and once known it sticks (see findPodProblems).
            if (classifyPullFailure(wReason, `${str(waiting['message']) ?? ''}\n${str(pullError?.['message']) ?? ''}`) ===
                'unrecoverable') {
                // A reference that cannot parse, or a pull the runtime may never make, is final at once.
                candidate.graceMs =
                    wReason === 'InvalidImageName' || wReason === 'ErrImageNeverPull' ? 0 : unrecoverableGraceMs(graceMs);
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
        const oom = terminated?.['reason'] === 'OOMKilled' ||
            (last['reason'] === 'OOMKilled' &&
                (wReason === 'CrashLoopBackOff' || (running !== undefined && !cs['ready']) || tooManyRestarts));
        if (oom) {
            const limit = pod_problems_rec(pod_problems_rec(specs.get(name)?.['resources'])['limits'])['memory'] ??
                pod_problems_rec(pod_problems_rec(specs.get(name)?.['resources'])['requests'])['memory'];
            out.push({
                ...base,
                key: `${uid}/${name}/crash`,
                reason: 'OOMKilled',
                detail: `killed for using more memory than ${limit !== undefined ? `its ${String(limit)} limit` : 'the pod has'}; ${restartText}${lastExit ? `, ${lastExit}` : ''}`,
                ...(tooManyRestarts ? { blockingNow: true } : {}),
            });
            continue;
        }
        if (wReason === 'CrashLoopBackOff' ||
            (running !== undefined && restarts > 0 && !cs['ready'] && !podReady) ||
            tooManyRestarts) {
            out.push({
                ...base,
                key: `${uid}/${name}/crash`,
                reason: 'CrashLoopBackOff',
                detail: `${restartText}${lastExit ? `, ${lastExit}` : ''}${wMsg ? `; ${wMsg}` : ''}`,
                ...(tooManyRestarts ? { blockingNow: true } : {}),
            });
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
                const why = count > 0
                    ? `readiness probe failed ${count} times (failureThreshold ${failureThreshold}): ${oneLine(lastFailure ?? '')}`
                    : `running but not ready for more than initialDelaySeconds ${initialDelay} + periodSeconds ${period} × failureThreshold ${failureThreshold} = ${budgetMs / 1000}s`;
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
    return {
        key: `${uid}//FailedCreate`,
        object: rs.metadata.name,
        kind: 'ReplicaSet',
        uid,
        reason: 'FailedCreate',
        detail: oneLine(cond.message ?? cond.reason ?? 'cannot create pods'),
    };
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
            const query = {
                resourceVersion: this.resourceVersion || undefined,
                allowWatchBookmarks: true,
                timeoutSeconds: 300,
            };
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
    counters = {
        watchesOpened: 0,
        lists: 0,
        eventsSeen: 0,
        reconnects: 0,
        relists: 0,
        evaluations: 0,
    };
    informers = new Map();
    states;
    now;
    log;
    graceMs;
    timeoutMs;
    heartbeatMs;
    tickMs;
    settleMs;
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
        this.settleMs = (options.settleSeconds ?? 0) * 1000;
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
            if (s.settleSince !== undefined)
                nextWake = Math.min(nextWake, s.settleSince + this.settleMs);
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
                for (const cs of [
                    ...(Array.isArray(st['initContainerStatuses']) ? st['initContainerStatuses'] : []),
                    ...(Array.isArray(st['containerStatuses']) ? st['containerStatuses'] : []),
                ].map(rollout_rec)) {
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
        const pods$ = (uid) => [
            ...(this.informers.get(`pods|${namespace}`)?.byUid.get(String(uid))?.values() ?? []),
        ];
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
        s.problems =
            pods.length || owner
                ? findPodProblems(pods, {
                    now,
                    graceMs: this.graceMs,
                    seen: s.seen,
                    eventsByUid: events.byUid,
                    restartBaseline: this.restartBaseline,
                    ...(this.options.crashRestarts !== undefined ? { crashRestarts: this.options.crashRestarts } : {}),
                }, owner)
                : [];
        const summary = this.summary(s, status, owner);
        if (status.failed) {
            const hint = s.problems[0] ? ` (${describePodProblem(s.problems[0])})` : '';
            this.decide(s, 'failed', `${s.label}: ${status.failed}${hint}`, now, s.problems[0]);
            return;
        }
        const settling = (kind === 'Deployment' || kind === 'StatefulSet') && this.settleMs > 0 && pods.some(hasUnprobedContainer);
        if (settling && (status.done || s.settleSince !== undefined)) {
            const crash = settleCrash(pods, this.restartBaseline, now, this.settleMs);
            if (crash) {
                this.decide(s, 'failed', `${s.label}: ${summary} (${describePodProblem(crash)})`, now, crash);
                return;
            }
        }
        if (status.done && settling) {
            s.settleSince ??= now;
            if (now - s.settleSince < this.settleMs) {
                this.progress(s, `${s.label}: ${progressText(kind, status)}, ${seconds(now - this.startedAt)} — settling: no container may restart or exit for ${seconds(this.settleMs)} (no readiness probe)`, now);
                return;
            }
        }
        if (status.done) {
            this.decide(s, 'ready', `${s.label}: ${status.message}${settling ? ` (no restarts in the ${seconds(this.settleMs)} settle window)` : ''}`, now);
            return;
        }
        const blocking = s.problems.find((p) => p.blocking);
        if (blocking) {
            this.decide(s, 'failed', `${s.label}: ${summary} (${describePodProblem(blocking)})`, now, blocking);
            return;
        }
        const pending = s.problems[0];
        const note = pending
            ? ` — ${pending.reason} on ${pending.object}${pending.container ? `/${pending.container}` : ''}, failing in ${seconds(pending.blockingAt - now)} unless it clears`
            : '';
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
        const state = line
            .replace(/, \d+s(?=$| —)/, '')
            .replace(/failing in \d+s/, '')
            .replace(/\b(ErrImagePull|ImagePullBackOff)\b/, 'image pull');
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
        const parts = waiting
            .slice(0, 10)
            .map((s) => `${s.label} ${s.status ? progressText(s.target.kind, s.status) : 'not observed yet'}`);
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
                s.result = {
                    target: s.target,
                    status: 'failed',
                    message: `${s.label}: ${what}: ${text}`,
                    durationMs: now - this.startedAt,
                };
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
            s.result = {
                target: s.target,
                status,
                message: `${s.label}: ${why}${last}${pending}`,
                durationMs: now - this.startedAt,
                ...(s.problems[0] ? { problem: s.problems[0] } : {}),
            };
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
/** True when a pod has an app container without a readiness probe (Ready as soon as it starts). */
function hasUnprobedContainer(pod) {
    const containers = rollout_rec(pod['spec'])['containers'];
    return Array.isArray(containers) && containers.map(rollout_rec).some((c) => c['readinessProbe'] === undefined);
}
/**
 * The first container of a new pod that restarted (since tracking began) or exited: during the
 * settle window that fails the rollout as CrashLoopBackOff does, however Ready the pod looks.
 */
function settleCrash(pods, baseline, now, settleMs) {
    for (const pod of [...pods].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
        if (pod.metadata['deletionTimestamp'])
            continue;
        const uid = String(pod.metadata['uid'] ?? pod.metadata.name);
        const st = rollout_rec(pod['status']);
        for (const cs of (Array.isArray(st['containerStatuses']) ? st['containerStatuses'] : []).map(rollout_rec)) {
            const name = String(cs['name'] ?? '');
            const restarts = typeof cs['restartCount'] === 'number' ? cs['restartCount'] : 0;
            const newRestarts = restarts - (baseline.get(`${uid}/${name}`) ?? 0);
            const terminated = rollout_rec(rollout_rec(cs['state'])['terminated']);
            const exited = rollout_rec(cs['state'])['terminated'] !== undefined;
            if (newRestarts <= 0 && !exited)
                continue;
            const last = exited ? terminated : rollout_rec(rollout_rec(cs['lastState'])['terminated']);
            const exit = last['reason'] !== undefined || last['exitCode'] !== undefined
                ? `exited: ${String(last['reason'] ?? 'Error')} (exit code ${String(last['exitCode'] ?? '?')})`
                : 'exited';
            const detail = `${exit} after it had started; restarted ${newRestarts > 0 ? newRestarts : 0} time(s) since the rollout began, within the ${Math.round(settleMs / 1000)}s settle window (the container has no readiness probe to catch a crash)`;
            return {
                object: pod.metadata.name,
                kind: 'Pod',
                container: name,
                reason: 'CrashLoopBackOff',
                detail,
                events: [],
                since: now,
                blockingAt: now,
                blocking: true,
            };
        }
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/fargate/pricing.ts
var pricing = __webpack_require__(98660);
// EXTERNAL MODULE: ./src/fargate/quantity.ts
var quantity = __webpack_require__(16665);
// EXTERNAL MODULE: ./src/fargate/sizing.ts
var sizing = __webpack_require__(62566);
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
            kinds.has('Deployment')
                ? listItems(client, `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/replicasets`)
                : Promise.resolve([]),
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
        const check = {
            workload,
            namespace: ns,
            pod: name,
            onFargate: false,
            wasteMonthlyUsd: 0,
            problems: [],
            warnings: [],
            ...(node ? { node } : {}),
        };
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
                const unused = {
                    vcpu: Math.max(0, provisioned.vcpu - needCpu),
                    memoryGb: Math.max(0, provisioned.memoryGb - needGb),
                };
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
        else if (node && pod.status?.phase !== 'Succeeded') {
            // A pod that ran to completion (a Job's) is done, not unready.
            blocker('pod-not-ready', `is not ready (${ready?.message ?? ready?.reason ?? 'no Ready condition'})`);
        }
        if (check.readyAfterSeconds !== undefined && check.readyAfterSeconds > slow) {
            warning('slow-pod-start', `took ${check.readyAfterSeconds}s from creation to ready (scheduled after ${check.scheduledAfterSeconds ?? '?'}s), above ${slow}s`);
        }
        const latency = `scheduled +${check.scheduledAfterSeconds ?? '?'}s, ready +${check.readyAfterSeconds ?? '?'}s`;
        const size = check.capacityProvisioned
            ? `${check.capacityProvisioned}${check.expectedCapacity && check.expectedCapacity !== check.capacityProvisioned ? ` (requests need ${check.expectedCapacity})` : ''}`
            : 'capacity unknown';
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
var run = __webpack_require__(69520);
// EXTERNAL MODULE: ./src/smoke/transport.ts
var smoke_transport = __webpack_require__(59536);
;// CONCATENATED MODULE: ./src/commands/steps.ts




/**
 * The sandbox publishes each emulated ALB's local listener here; on EKS the Ingress status
 * hostname is the address.
 */
const SANDBOX_URL_ANNOTATION = 'sandbox.eks-fargate-deploy/url';
function isAlbIngress(o) {
    return (o.kind === 'Ingress' &&
        (o['spec']?.ingressClassName === 'alb' ||
            o.metadata.annotations?.['kubernetes.io/ingress.class'] === 'alb'));
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
    return new RolloutTracker(client, {
        targets,
        graceSeconds: opts.graceSeconds,
        ...(opts.settleSeconds !== undefined ? { settleSeconds: opts.settleSeconds } : {}),
        timeoutSeconds,
        signal: opts.signal,
        log: opts.log,
    }).run();
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
    const lb = ing['status']
        ?.loadBalancer?.ingress?.[0];
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

/***/ 69520:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _V: () => (/* binding */ formatMs),
/* harmony export */   mF: () => (/* binding */ runSmokeChecks),
/* harmony export */   tM: () => (/* binding */ describeRequestError)
/* harmony export */ });
/* unused harmony exports runSmokeCheck, evaluateResponse, lookup, abortableSleep */
/* harmony import */ var _spec_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77302);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(59536);
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
    const headerText = Object.entries((0,_spec_js__WEBPACK_IMPORTED_MODULE_0__/* .printableHeaders */ .oe)(check))
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
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
    const failure = stoppedBy === 'cancelled'
        ? 'cancelled'
        : (last?.failure ?? `deadline ${formatMs(check.deadlineMs)} passed before the first attempt`);
    const result = finish({
        ok: false,
        attempts,
        failure,
        stoppedBy,
        ...(last?.response ? { status: last.response.status, latencyMs: last.response.latencyMs } : {}),
        ...(last?.response && stoppedBy !== 'cancelled' && last.response.body
            ? { bodyExcerpt: excerpt(last.response.body) }
            : {}),
    });
    const why = stoppedBy === 'retries'
        ? `after ${attempts} attempt${attempts === 1 ? '' : 's'}`
        : stoppedBy === 'deadline'
            ? `deadline ${formatMs(check.deadlineMs)} reached after ${attempts} attempt${attempts === 1 ? '' : 's'}`
            : stoppedBy === 'cancelled'
                ? `after ${attempts} attempt${attempts === 1 ? '' : 's'}`
                : 'not retried';
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
    const common = {
        method: check.method,
        headers: { ...check.headers },
        timeoutMs,
        signal,
        followRedirects: check.followRedirects,
        ...(check.body !== undefined ? { body: check.body } : {}),
    };
    const t = check.target;
    if ('url' in t)
        return { ...common, url: t.url };
    if ('service' in t)
        return { ...common, service: t.service, path: t.path };
    if (!opts.resolveIngress)
        throw new _transport_js__WEBPACK_IMPORTED_MODULE_1__/* .SmokeTargetError */ .Rp("an ingress target needs the release's Ingress address, and none is available here");
    let base;
    try {
        base = await raceAbort(opts.resolveIngress(t.ingress), signal);
    }
    catch (err) {
        if (signal.aborted)
            throw err;
        throw new _transport_js__WEBPACK_IMPORTED_MODULE_1__/* .SmokeTargetError */ .Rp(err instanceof Error ? err.message : String(err));
    }
    const which = t.ingress.name
        ? `ingress ${t.ingress.namespace ? `${t.ingress.namespace}/` : ''}${t.ingress.name}`
        : "the release's ingress";
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
    return (ka.length === kb.length &&
        ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) &&
            jsonEqual(a[k], b[k])));
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
    const codeOf = (e) => e && typeof e === 'object' && typeof e.code === 'string'
        ? e.code
        : undefined;
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

/***/ 59536:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rp: () => (/* binding */ SmokeTargetError),
/* harmony export */   fk: () => (/* binding */ createSmokeTransport),
/* harmony export */   k6: () => (/* binding */ httpTransport)
/* harmony export */ });
/* unused harmony exports DEFAULT_MAX_BODY_BYTES, serviceProxyTransport, serviceProxyUrl */
/* harmony import */ var _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(70094);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(24371);
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
    const proxy = opts.client
        ? serviceProxyTransport(opts.client, {
            defaultNamespace: opts.defaultNamespace ?? 'default',
            ...(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {}),
        })
        : undefined;
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
    const out = {
        status: res.status,
        headers: Object.fromEntries([...res.headers].map(([k, v]) => [k.toLowerCase(), v])),
        body: text,
        latencyMs,
    };
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
