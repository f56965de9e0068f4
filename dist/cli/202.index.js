export const id = 202;
export const ids = [202];
export const modules = {

/***/ 229:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ft: () => (/* binding */ fargateUnsupportedMessage),
/* harmony export */   KB: () => (/* binding */ lintWorkloadObject),
/* harmony export */   j7: () => (/* binding */ fargateUnsupportedReasons),
/* harmony export */   qz: () => (/* binding */ podSpecOf)
/* harmony export */ });
/* harmony import */ var _findings_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1001);
/* harmony import */ var _quantity_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6665);
/* harmony import */ var _sizing_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2566);
/**
 * What EKS Fargate refuses to run, checked on plain Kubernetes objects before they reach a cluster.
 *
 * The fargate-scheduler reports a refused pod with a `FailedScheduling` event such as
 * `Pod not supported on Fargate: fields not supported: HostNetwork, invalid SecurityContext fields:
 * Privileged, port contains HostIP or HostPort`. The reasons below reuse the wording of the real
 * events where one is known (host network, privileged, allowPrivilegeEscalation, added
 * capabilities, host ports, unsupported volume types); GPU, architecture/OS and size reasons follow
 * the same style.
 */



function isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function list(v) {
    return Array.isArray(v) ? v : [];
}
/** Reason groups in the order the fargate-scheduler lists them. */
const Category = {
    Fields: 'fields not supported',
    SecurityContext: 'invalid SecurityContext fields',
    Port: 'port contains HostIP or HostPort',
    Volumes: 'volumes not supported',
    Resources: 'resources not supported',
    NodeSelector: 'node selector not supported',
    NodeAffinity: 'node affinity not supported',
    Size: 'pod too large for Fargate',
};
const CATEGORY_ORDER = Object.values(Category);
/** Categories whose wording is taken from real fargate-scheduler events (the others are ours, in the same style). */
const KNOWN_WORDING = new Set([Category.Fields, Category.SecurityContext, Category.Port, Category.Volumes]);
/** Volume sources a Fargate pod may use. A PVC is allowed because EFS (static) is; its PV is not visible here. */
const SUPPORTED_VOLUME_SOURCES = new Set(['emptyDir', 'configMap', 'secret', 'projected', 'downwardAPI', 'persistentVolumeClaim']);
const ARCH_KEYS = ['kubernetes.io/arch', 'beta.kubernetes.io/arch'];
const OS_KEYS = ['kubernetes.io/os', 'beta.kubernetes.io/os'];
const FARGATE_ARCH = 'amd64';
const FARGATE_OS = 'linux';
/** Extended resources Fargate has no devices for. */
function isAcceleratorResource(name) {
    return /(^|\/)gpu$/.test(name) || /^aws\.amazon\.com\/neuron/.test(name) || /^habana\.ai\//.test(name);
}
function containersOf(spec) {
    const out = [];
    for (const key of ['initContainers', 'containers']) {
        list(spec[key]).forEach((c, i) => {
            if (isObj(c))
                out.push({ c, path: `${key}[${i}]`, name: typeof c.name === 'string' ? c.name : undefined });
        });
    }
    return out;
}
function who(ref) {
    return ref.name ? `container "${ref.name}"` : ref.path;
}
function bracket(key) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
/** Does one nodeSelectorTerm rule out every node with `key` = `wanted` (e.g. arch = amd64)? */
function termExcludes(term, keys, wanted) {
    if (!isObj(term))
        return undefined;
    for (const expr of list(term.matchExpressions)) {
        if (!isObj(expr) || typeof expr.key !== 'string' || !keys.includes(expr.key))
            continue;
        const values = list(expr.values).map(String);
        const op = expr.operator;
        if (op === 'In' && !values.includes(wanted))
            return `${expr.key} In [${values.join(', ')}]`;
        if (op === 'NotIn' && values.includes(wanted))
            return `${expr.key} NotIn [${values.join(', ')}]`;
        if (op === 'DoesNotExist')
            return `${expr.key} DoesNotExist`;
    }
    return undefined;
}
function hostNamespaceIssues(spec) {
    const issues = [];
    for (const [field, token, code] of [
        ['hostNetwork', 'HostNetwork', 'host-network'],
        ['hostPID', 'HostPID', 'host-pid'],
        ['hostIPC', 'HostIPC', 'host-ipc'],
    ]) {
        if (spec[field] === true) {
            issues.push({
                code,
                category: Category.Fields,
                token,
                field,
                message: `${field}: true is not supported on EKS Fargate: each pod runs in its own micro-VM with no host to share`,
            });
        }
    }
    return issues;
}
function containerIssues(spec) {
    const issues = [];
    for (const ref of containersOf(spec)) {
        const sc = ref.c.securityContext;
        if (isObj(sc)) {
            if (sc.privileged === true) {
                issues.push({
                    code: 'privileged',
                    category: Category.SecurityContext,
                    token: 'Privileged',
                    field: `${ref.path}.securityContext.privileged`,
                    container: ref.name,
                    message: `${who(ref)} is privileged; EKS Fargate does not run privileged containers`,
                });
            }
            if (sc.allowPrivilegeEscalation === true) {
                issues.push({
                    code: 'allow-privilege-escalation',
                    category: Category.SecurityContext,
                    token: 'AllowPrivilegeEscalation',
                    field: `${ref.path}.securityContext.allowPrivilegeEscalation`,
                    container: ref.name,
                    message: `${who(ref)} sets allowPrivilegeEscalation: true, which EKS Fargate refuses; remove it or set it to false`,
                });
            }
            const added = isObj(sc.capabilities) ? list(sc.capabilities.add).map(String) : [];
            if (added.length > 0) {
                issues.push({
                    code: 'added-capabilities',
                    category: Category.SecurityContext,
                    token: `Capabilities added: ${added.join(', ')}`,
                    field: `${ref.path}.securityContext.capabilities.add`,
                    container: ref.name,
                    message: `${who(ref)} adds Linux capabilities (${added.join(', ')}); EKS Fargate refuses any added capability`,
                });
            }
        }
        list(ref.c.ports).forEach((port, j) => {
            if (!isObj(port))
                return;
            const hostPort = typeof port.hostPort === 'number' && port.hostPort !== 0;
            const hostIP = typeof port.hostIP === 'string' && port.hostIP !== '';
            if (!hostPort && !hostIP)
                return;
            const which = hostPort ? 'hostPort' : 'hostIP';
            issues.push({
                code: 'host-port',
                category: Category.Port,
                token: '',
                field: `${ref.path}.ports[${j}].${which}`,
                container: ref.name,
                message: `${who(ref)} binds ${which} ${String(port[which])}; EKS Fargate has no host ports, ` +
                    `reach the pod through a Service on containerPort ${String(port.containerPort)}`,
            });
        });
        const resources = isObj(ref.c.resources) ? ref.c.resources : {};
        const seen = new Set();
        for (const kind of ['requests', 'limits']) {
            const r = resources[kind];
            if (!isObj(r))
                continue;
            for (const name of Object.keys(r)) {
                if (!isAcceleratorResource(name) || seen.has(name))
                    continue;
                seen.add(name);
                issues.push({
                    code: 'gpu',
                    category: Category.Resources,
                    token: name,
                    field: `${ref.path}.resources.${kind}${bracket(name)}`,
                    container: ref.name,
                    message: `${who(ref)} requests ${name}; EKS Fargate has no GPUs or other accelerators`,
                });
            }
        }
    }
    return issues;
}
function volumeIssues(spec) {
    const issues = [];
    list(spec.volumes).forEach((vol, i) => {
        if (!isObj(vol))
            return;
        const name = typeof vol.name === 'string' ? vol.name : `volumes[${i}]`;
        // A volume with no source is an emptyDir (the API server's default).
        const source = Object.keys(vol).find((k) => k !== 'name');
        if (source === undefined || SUPPORTED_VOLUME_SOURCES.has(source))
            return;
        const code = source === 'hostPath' ? 'host-path-volume' : source === 'awsElasticBlockStore' ? 'ebs-volume' : 'unsupported-volume';
        const hint = source === 'hostPath'
            ? 'there is no host file system on Fargate; use emptyDir for scratch space or EFS for shared data'
            : source === 'awsElasticBlockStore'
                ? 'EBS volumes cannot attach to Fargate; use EFS (a statically provisioned PersistentVolume) instead'
                : 'Fargate pods support emptyDir, configMap, secret, projected, downwardAPI and persistentVolumeClaim (EFS) volumes';
        issues.push({
            code,
            category: Category.Volumes,
            token: `${name} is of an unsupported volume Type`,
            field: `volumes[${i}].${source}`,
            message: `volume "${name}" is a ${source} volume; ${hint}`,
        });
    });
    return issues;
}
/** nodeSelector or required node affinity that keeps the pod off linux/amd64, the only platform of EKS Fargate. */
function nodeSelectionIssues(spec) {
    const issues = [];
    const nodeSelector = isObj(spec.nodeSelector) ? spec.nodeSelector : {};
    for (const [keys, wanted, code, what] of [
        [ARCH_KEYS, FARGATE_ARCH, 'unsupported-arch', 'architecture'],
        [OS_KEYS, FARGATE_OS, 'unsupported-os', 'operating system'],
    ]) {
        for (const key of keys) {
            const value = nodeSelector[key];
            if (value === undefined || String(value) === wanted)
                continue;
            issues.push({
                code,
                category: Category.NodeSelector,
                token: `${key}=${String(value)}`,
                field: `nodeSelector${bracket(key)}`,
                message: `nodeSelector ${key}=${String(value)} asks for a ${what} EKS Fargate does not offer (Fargate runs ${FARGATE_OS}/${FARGATE_ARCH} pods only)`,
            });
        }
        const nodeAffinity = isObj(spec.affinity) ? spec.affinity.nodeAffinity : undefined;
        const required = isObj(nodeAffinity) ? nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution : undefined;
        const terms = isObj(required) ? list(required.nodeSelectorTerms) : [];
        // Terms are ORed: the pod is kept off Fargate only when every term rules Fargate's value out.
        const exclusions = terms.map((t) => termExcludes(t, keys, wanted));
        if (terms.length > 0 && exclusions.every((e) => e !== undefined)) {
            const token = [...new Set(exclusions)].join(' or ');
            issues.push({
                code,
                category: Category.NodeAffinity,
                token,
                field: 'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms',
                message: `required node affinity (${token}) rules out ${FARGATE_OS}/${FARGATE_ARCH}, the only ${what} EKS Fargate offers`,
            });
        }
    }
    return issues;
}
function sizeIssues(spec) {
    try {
        const size = (0,_sizing_js__WEBPACK_IMPORTED_MODULE_2__/* .fargatePodSize */ .pw)((0,_sizing_js__WEBPACK_IMPORTED_MODULE_2__/* .podResourcesFromSpec */ .mx)(spec));
        if (size.fits)
            return [];
        const reason = size.reason ?? '';
        return [
            {
                code: 'too-large',
                category: Category.Size,
                token: reason,
                field: 'containers',
                message: `the pod does not fit any Fargate configuration: ${reason}`,
            },
        ];
    }
    catch {
        // An unparsable quantity is reported on its own by lintWorkloadObject (and refused by the API server).
        return [];
    }
}
function inspectPodSpec(spec) {
    return [...hostNamespaceIssues(spec), ...containerIssues(spec), ...volumeIssues(spec), ...nodeSelectionIssues(spec), ...sizeIssues(spec)];
}
function reasonsFromIssues(issues) {
    const reasons = [];
    for (const category of CATEGORY_ORDER) {
        const tokens = [...new Set(issues.filter((i) => i.category === category).map((i) => i.token))];
        if (tokens.length === 0)
            continue;
        reasons.push(category === Category.Port ? category : `${category}: ${tokens.join(', ')}`);
    }
    return reasons;
}
/**
 * Reasons a pod spec cannot run on EKS Fargate, worded like the fargate-scheduler's
 * `FailedScheduling` event (`fields not supported: HostNetwork`, `invalid SecurityContext fields:
 * Privileged`, `port contains HostIP or HostPort`, `volumes not supported: data is of an unsupported
 * volume Type`, ...). Covers host namespaces, privileged / allowPrivilegeEscalation / added
 * capabilities, host ports, volume types other than emptyDir, configMap, secret, projected,
 * downwardAPI and PVC (EFS), GPUs and other accelerators, nodeSelector or required node affinity
 * demanding another architecture than amd64 or another OS than linux, and a pod larger than
 * 16 vCPU 120 GB or 175 GiB of ephemeral storage. Empty array = supported.
 */
function fargateUnsupportedReasons(podSpec) {
    if (!isObj(podSpec))
        return [];
    return reasonsFromIssues(inspectPodSpec(podSpec));
}
/** The fargate-scheduler's event message: `Pod not supported on Fargate: <reasons, comma separated>`. Empty reasons → `''`. */
function fargateUnsupportedMessage(reasons) {
    return reasons.length === 0 ? '' : `Pod not supported on Fargate: ${reasons.join(', ')}`;
}
/** Where the pod spec sits in each workload kind. */
const POD_SPEC_PATH = {
    Pod: ['spec'],
    Deployment: ['spec', 'template', 'spec'],
    StatefulSet: ['spec', 'template', 'spec'],
    DaemonSet: ['spec', 'template', 'spec'],
    ReplicaSet: ['spec', 'template', 'spec'],
    ReplicationController: ['spec', 'template', 'spec'],
    Job: ['spec', 'template', 'spec'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};
/** The pod spec of a workload object and its path (`spec.template.spec`), or undefined for other kinds. */
function podSpecOf(obj) {
    if (!isObj(obj) || typeof obj.kind !== 'string')
        return undefined;
    const path = POD_SPEC_PATH[obj.kind];
    if (!path)
        return undefined;
    let cur = obj;
    for (const key of path)
        cur = isObj(cur) ? cur[key] : undefined;
    return isObj(cur) ? { spec: cur, path: path.join('.') } : undefined;
}
function requestWarnings(spec, base, path) {
    const findings = [];
    for (const ref of containersOf(spec)) {
        const resources = isObj(ref.c.resources) ? ref.c.resources : {};
        const requests = isObj(resources.requests) ? resources.requests : {};
        const limits = isObj(resources.limits) ? resources.limits : {};
        const container = ref.name !== undefined ? { container: ref.name } : {};
        for (const [name, parse] of [
            ['cpu', _quantity_js__WEBPACK_IMPORTED_MODULE_1__/* .parseCpuQuantity */ .J3],
            ['memory', _quantity_js__WEBPACK_IMPORTED_MODULE_1__/* .parseMemoryQuantity */ .iR],
            ['ephemeral-storage', _quantity_js__WEBPACK_IMPORTED_MODULE_1__/* .parseStorageQuantityGiB */ .E4],
        ]) {
            for (const [kind, q] of [
                ['requests', requests[name]],
                ['limits', limits[name]],
            ]) {
                if (q === undefined || q === null)
                    continue;
                try {
                    if (typeof q !== 'string' && typeof q !== 'number')
                        throw new Error(`expected a quantity, got ${JSON.stringify(q)}`);
                    parse(q);
                }
                catch (err) {
                    findings.push({
                        ...base,
                        ...container,
                        severity: _findings_js__WEBPACK_IMPORTED_MODULE_0__/* .Severity */ .A.Blocker,
                        code: 'invalid-quantity',
                        message: `${who(ref)} resources.${kind}.${name}: ${err.message}`,
                        field: `${path}.${ref.path}.resources.${kind}${bracket(name)}`,
                    });
                }
            }
        }
        const missing = [];
        for (const [name, parse] of [
            ['cpu', _quantity_js__WEBPACK_IMPORTED_MODULE_1__/* .parseCpuQuantity */ .J3],
            ['memory', _quantity_js__WEBPACK_IMPORTED_MODULE_1__/* .parseMemoryQuantity */ .iR],
        ]) {
            const req = requests[name];
            const lim = limits[name];
            if (req === undefined && lim === undefined) {
                missing.push(name);
                continue;
            }
            if (req === undefined || lim === undefined)
                continue;
            let differs;
            try {
                differs = parse(req) !== parse(lim);
            }
            catch {
                continue;
            }
            if (differs) {
                findings.push({
                    ...base,
                    ...container,
                    severity: _findings_js__WEBPACK_IMPORTED_MODULE_0__/* .Severity */ .A.Warning,
                    code: 'requests-not-limits',
                    message: `${who(ref)} requests ${String(req)} ${name} but is limited to ${String(lim)}; Fargate sizes (and bills) the pod ` +
                        'from requests, so capacity up to the limit is not guaranteed; set both to the same value',
                    field: `${path}.${ref.path}.resources`,
                });
            }
        }
        // Classic init containers often carry no requests on purpose: the app containers size the pod.
        const longRunning = ref.path.startsWith('containers') || ref.c.restartPolicy === 'Always';
        if (missing.length > 0 && longRunning) {
            findings.push({
                ...base,
                ...container,
                severity: _findings_js__WEBPACK_IMPORTED_MODULE_0__/* .Severity */ .A.Warning,
                code: 'missing-requests',
                message: `${who(ref)} has no ${missing.join(' or ')} request; Fargate sizes pods from requests ` +
                    '(a pod with none gets 0.25vCPU 0.5GB), so set requests equal to limits',
                field: `${path}.${ref.path}.resources.requests`,
            });
        }
    }
    return findings;
}
/**
 * Lints one Kubernetes object from a manifest file for EKS Fargate. Workload kinds (Deployment,
 * StatefulSet, Job, CronJob, DaemonSet, Pod, ReplicaSet, ReplicationController) are checked; any
 * other object gives no findings. Blockers: a DaemonSet (Fargate has no nodes to run it on), every
 * reason of {@link fargateUnsupportedReasons}, and an unparsable cpu/memory quantity. Warnings:
 * requests different from limits, and a container without cpu or memory requests.
 * Each finding carries the file, the workload (`metadata.name`), the container and a field path
 * such as `spec.template.spec.containers[0].securityContext.privileged`.
 */
function lintWorkloadObject(obj, file) {
    if (!isObj(obj) || typeof obj.kind !== 'string' || !(obj.kind in POD_SPEC_PATH))
        return [];
    const meta = isObj(obj.metadata) ? obj.metadata : {};
    const base = { file };
    if (typeof meta.name === 'string')
        base.workload = meta.name;
    const findings = [];
    if (obj.kind === 'DaemonSet') {
        findings.push({
            ...base,
            severity: _findings_js__WEBPACK_IMPORTED_MODULE_0__/* .Severity */ .A.Blocker,
            code: 'daemonset',
            message: 'DaemonSets do not run on EKS Fargate (there are no shared nodes); run the agent as a sidecar container of each pod that needs it',
            field: 'kind',
        });
    }
    const pod = podSpecOf(obj);
    if (!pod)
        return findings;
    const issues = inspectPodSpec(pod.spec);
    for (const issue of issues) {
        // Quote the event only where it is EKS's own wording, so users can search for it.
        const quote = KNOWN_WORDING.has(issue.category)
            ? ` (EKS: "${fargateUnsupportedMessage(reasonsFromIssues([issue]))}")`
            : '';
        const finding = {
            ...base,
            severity: _findings_js__WEBPACK_IMPORTED_MODULE_0__/* .Severity */ .A.Blocker,
            code: issue.code,
            message: `${issue.message}${quote}`,
            field: `${pod.path}.${issue.field}`,
        };
        if (issue.container !== undefined)
            finding.container = issue.container;
        findings.push(finding);
    }
    findings.push(...requestWarnings(pod.spec, base, pod.path));
    return findings;
}


/***/ }),

/***/ 2110:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UF: () => (/* binding */ wildcardMatch),
/* harmony export */   d: () => (/* binding */ matchFargateProfile),
/* harmony export */   g6: () => (/* binding */ FARGATE_PROFILE_LABEL)
/* harmony export */ });
/* unused harmony export selectorMatches */
/**
 * Which EKS Fargate profile a pod lands on. Rules from the Amazon EKS user guide
 * ("Define which Pods use AWS Fargate when launched", "Fargate profile wildcards"):
 *
 * - a selector matches when its namespace matches and every one of its labels is on the pod;
 * - `*` (none, one or more characters) and `?` (exactly one character) may appear anywhere in the
 *   namespace, label keys and label values of a selector; nothing else is a pattern;
 * - when several profiles match, the first by alphanumeric sorting of the profile name wins;
 * - the pod label `eks.amazonaws.com/fargate-profile` picks a profile, but the pod must still match
 *   one of that profile's selectors to be scheduled.
 */
/** The label EKS sets on a Fargate pod (and a user may set) naming its Fargate profile. */
const FARGATE_PROFILE_LABEL = 'eks.amazonaws.com/fargate-profile';
/**
 * Fargate-profile wildcard match of the whole `value`: `*` is any run of characters (also none),
 * `?` exactly one character, every other character (regex metacharacters included) is literal.
 * Linear backtracking, no RegExp: patterns come from users and must not be able to blow up.
 */
function wildcardMatch(pattern, value) {
    // Code points, so `?` stands for one character even outside the BMP.
    const p = Array.from(pattern);
    const v = Array.from(value);
    let pi = 0;
    let vi = 0;
    let starPi = -1;
    let starVi = 0;
    while (vi < v.length) {
        if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === v[vi]))) {
            pi++;
            vi++;
        }
        else if (pi < p.length && p[pi] === '*') {
            starPi = pi++;
            starVi = vi;
        }
        else if (starPi >= 0) {
            pi = starPi + 1;
            vi = ++starVi;
        }
        else {
            return false;
        }
    }
    while (pi < p.length && p[pi] === '*')
        pi++;
    return pi === p.length;
}
/** Whether one selector takes a pod in `namespace` with `podLabels`. */
function selectorMatches(selector, namespace, podLabels) {
    if (!wildcardMatch(selector.namespace, namespace))
        return false;
    const labels = Object.entries(podLabels ?? {});
    return Object.entries(selector.labels ?? {}).every(([keyPattern, valuePattern]) => labels.some(([k, v]) => wildcardMatch(keyPattern, k) && wildcardMatch(valuePattern, String(v))));
}
function isActive(profile) {
    return profile.status === undefined || profile.status === 'ACTIVE';
}
function firstMatchingSelector(profile, namespace, podLabels) {
    const selectorIndex = profile.selectors.findIndex((s) => selectorMatches(s, namespace, podLabels));
    return selectorIndex >= 0 ? { profile: profile.name, selectorIndex } : undefined;
}
function byName(a, b) {
    // Plain code-unit order: "alphanumeric sorting" that does not depend on the runner's locale.
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
/**
 * Which profile a pod lands on, or undefined when it stays Pending (no Fargate node for it).
 *
 * - When the pod's `eks.amazonaws.com/fargate-profile` label names an existing ACTIVE profile, that
 *   profile decides alone: the pod lands on it if one of its selectors matches, and nowhere otherwise
 *   (the EKS guide: "The Pod must match a selector in that profile to be scheduled onto Fargate").
 * - Otherwise (no label, or it names a profile that is gone or not ACTIVE, as after a profile was
 *   replaced) ACTIVE profiles are tried in name order and the first with a matching selector wins.
 * - Profiles whose status is set and is not ACTIVE are skipped.
 */
function matchFargateProfile(profiles, namespace, podLabels) {
    const active = profiles.filter(isActive).sort(byName);
    const wanted = podLabels?.[FARGATE_PROFILE_LABEL];
    if (wanted !== undefined) {
        const named = active.find((p) => p.name === wanted);
        if (named)
            return firstMatchingSelector(named, namespace, podLabels);
    }
    for (const profile of active) {
        const match = firstMatchingSelector(profile, namespace, podLabels);
        if (match)
            return match;
    }
    return undefined;
}


/***/ })

};
