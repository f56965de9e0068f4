/**
 * `startSandbox`: wires the store, object API, HTTPS server, authentication, controllers and the
 * bootstrap objects (namespaces `default`, `kube-system`, `kube-public`, IngressClass `alb`,
 * StorageClass `gp2`) into
 * one running emulated EKS-on-Fargate cluster on 127.0.0.1.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { AlbController } from './alb.js';
import { SandboxAuthorizer, StaticTokenAuthenticator } from './auth.js';
import { bootstrapRbacObjects, RbacAuthorizer, selfSubjectAccessReviewRoute } from './rbac.js';
import { registerCanary } from './artefacts.js';
import { EksTokenAuthenticator } from './eks-auth.js';
import { SandboxEksApi } from './eks-api.js';
import { readEksFargateProfiles, type EksProfilesResult } from './eks-profiles.js';
import { FaultInjector } from './faults.js';
import { metricsRoute } from './metrics.js';
import { ServiceLoadBalancers } from './nlb.js';
import { serviceProxyRoute } from './proxy.js';
import { SandboxClock } from './clock.js';
import { resolveSandboxConfig, type SandboxConfig, type SandboxTiming } from './config.js';
import { evictionRoute } from './controllers/disruption.js';
import { installControllers, type InstalledControllers } from './controllers/index.js';
import { EventRecorder } from './events.js';
import { nonResourceRoutes, resourceRoute } from './handlers.js';
import { PodLogs } from './logs.js';
import { ObjectApi } from './objects.js';
import { ResourceRegistry } from './registry.js';
import { SandboxHttp, type AuditRecord } from './server.js';
import { ObjectStore } from './store.js';
import { generateSandboxTls } from './tls.js';

/** Partial config accepted by {@link startSandbox} (timing may be partial too). */
export type SandboxOptions = Partial<Omit<SandboxConfig, 'timing'>> & { timing?: Partial<SandboxTiming> };

/** A running sandbox. */
export interface Sandbox {
  readonly config: SandboxConfig;
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** CA certificate (PEM) that signed the server certificate. */
  readonly caPem: string;
  /** Bearer token of the admin user (`system:masters`). */
  readonly token: string;
  readonly store: ObjectStore;
  readonly api: ObjectApi;
  readonly registry: ResourceRegistry;
  readonly http: SandboxHttp;
  readonly clock: SandboxClock;
  readonly logs: PodLogs;
  readonly events: EventRecorder;
  readonly controllers: InstalledControllers;
  /** Every request so far: time, verb, path, status, duration (and injected faults). */
  readonly audit: AuditRecord[];
  /** Fault injection: `set(rules)`, `clear()`, `stats()`. */
  readonly faults: FaultInjector;
  /** The emulated ALBs: `urlFor(ns, ingress)`, `hostnameFor`, `accessLog`. */
  readonly alb: AlbController;
  /**
   * The cluster's EKS API (DescribeCluster, ListFargateProfiles, DescribeFargateProfile) on
   * `eksApi.url`: point the SDK's EKS client there (`AWS_ENDPOINT_URL_EKS`) to read the profiles.
   */
  readonly eksApi: SandboxEksApi;
  /** Load balancers of `type: LoadBalancer` Services: `urlFor(ns, name, port?)`, `describe`, `flows`. */
  readonly serviceLbs: ServiceLoadBalancers;
  /** The EKS token authenticator, when `eks` is configured. */
  readonly eksAuth?: EksTokenAuthenticator;
  /** What EKS returned, when `eks.readProfiles` is set. */
  readonly eksProfiles?: EksProfilesResult;
  /** A kubeconfig (YAML) for this sandbox with TLS CA data and the bearer token. */
  kubeconfigYaml(contextName?: string): string;
  /** Writes {@link kubeconfigYaml} to a file (mode 0600). */
  writeKubeconfig(path: string, contextName?: string): Promise<void>;
  /** Stops the server, closes watches and cancels every controller timer. */
  stop(): Promise<void>;
}

/** With `eks.readProfiles`: the cluster's Fargate profiles come from EKS (and replace the configured ones). */
async function readProfilesIfAsked(config: SandboxConfig): Promise<EksProfilesResult | undefined> {
  if (!config.eks?.readProfiles) return undefined;
  const eksProfiles = await readEksFargateProfiles({
    clusterName: config.clusterName,
    region: config.eks.region,
    endpoint: config.eks.eksEndpoint,
  });
  config.fargateProfiles = eksProfiles.profiles;
  return eksProfiles;
}

/**
 * Who may call: EKS tokens (when `eks` is configured), the admin's and the configured users'
 * bearer tokens (registered as canaries, so no output may ever contain them), then RBAC.
 */
function setUpAuth(http: SandboxHttp, api: ObjectApi, config: SandboxConfig): EksTokenAuthenticator | undefined {
  const eksAuth = config.eks
    ? new EksTokenAuthenticator({ ...config.eks, clusterName: config.clusterName })
    : undefined;
  if (eksAuth) http.authenticators.push(eksAuth);
  registerCanary('sandbox admin bearer token', config.token);
  for (const u of config.users ?? []) registerCanary(`sandbox user ${u.username} bearer token`, u.token);
  http.authenticators.push(
    new StaticTokenAuthenticator([
      { token: config.token, username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] },
      ...(config.users ?? []).map((u) => ({
        token: u.token,
        username: u.username,
        groups: [...(u.groups ?? []), 'system:authenticated'],
      })),
    ]),
  );
  http.authorizer = new RbacAuthorizer(api, new SandboxAuthorizer());
  return eksAuth;
}

/** The API's routes: discovery and resources, then the service proxy, access reviews, eviction and metrics first. */
function addRoutes(
  http: SandboxHttp,
  parts: { api: ObjectApi; store: ObjectStore; clock: SandboxClock; logs: PodLogs; config: SandboxConfig },
  serverAddress: () => string,
): void {
  const { api, store, clock, logs, config } = parts;
  const deps = {
    api,
    logs,
    kubernetesVersion: config.kubernetesVersion,
    bookmarkIntervalMs: config.bookmarkIntervalMs,
    serverAddress,
  };
  for (const r of nonResourceRoutes(deps)) http.addRoute(r, 'last');
  http.addRoute(resourceRoute(deps), 'last');
  http.addRoute(serviceProxyRoute({ store, registry: api.registry, images: config.images, app: config.app }), 'first');
  http.addRoute(selfSubjectAccessReviewRoute(http), 'first');
  http.addRoute(evictionRoute(api, clock), 'first');
  http.addRoute(
    metricsRoute(api, config.images, () => clock.timestamp()),
    'first',
  );
}

/** The emulated ALBs (Ingresses) and load balancers of `type: LoadBalancer` Services, started. */
function startLoadBalancers(parts: {
  api: ObjectApi;
  clock: SandboxClock;
  events: EventRecorder;
  config: SandboxConfig;
}): { alb: AlbController; serviceLbs: ServiceLoadBalancers } {
  const { api, clock, events, config } = parts;
  const region = config.alb.region ?? config.eks?.region ?? 'us-east-1';
  const alb = new AlbController({
    api,
    clock,
    events,
    clusterName: config.clusterName,
    images: config.images,
    app: config.app,
    alb: config.alb,
    region,
  });
  alb.start();
  const serviceLbs = new ServiceLoadBalancers({
    api,
    events,
    clusterName: config.clusterName,
    images: config.images,
    app: config.app,
    region,
  });
  serviceLbs.start();
  return { alb, serviceLbs };
}

/** Listens on 127.0.0.1 (`port` 0: a free one); returns the port. */
async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => {
      reject(new Error(`sandbox cannot listen on 127.0.0.1:${port}: ${err.message}`));
    });
    server.listen(port, '127.0.0.1', () => {
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** A kubeconfig (YAML) for the sandbox at `url`: its CA, the admin token, namespace `default`. */
function kubeconfigFor(config: SandboxConfig, url: string, caPem: string, contextName: string): string {
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: config.clusterName,
        cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [{ name: `${config.clusterName}-admin`, user: { token: config.token } }],
    contexts: [
      {
        name: contextName,
        context: { cluster: config.clusterName, user: `${config.clusterName}-admin`, namespace: 'default' },
      },
    ],
    'current-context': contextName,
    preferences: {},
  });
}

/** Starts a sandbox on 127.0.0.1 (a free port unless `port` is set). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const config = resolveSandboxConfig(options);
  const eksProfiles = await readProfilesIfAsked(config);
  const tls = generateSandboxTls(config.clusterName);
  const registry = new ResourceRegistry();
  const store = new ObjectStore({ watchHistory: config.watchHistory });
  const clock = new SandboxClock(config.timing.timeFactor);
  const api = new ObjectApi(store, registry, clock);
  const logs = new PodLogs();
  const events = new EventRecorder(api, clock);
  const http = new SandboxHttp();
  const eksAuth = setUpAuth(http, api, config);
  let address = '127.0.0.1:0';
  addRoutes(http, { api, store, clock, logs, config }, () => address);

  bootstrap(api);
  const controllers = installControllers({ api, store, clock, config, events, logs });
  const faults = new FaultInjector({ registry, hub: store.hub, runner: controllers.runner }, config.faults);
  http.use(faults.middleware);
  const { alb, serviceLbs } = startLoadBalancers({ api, clock, events, config });

  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, http.listener);
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, config.port);
  address = `127.0.0.1:${port}`;
  const url = `https://127.0.0.1:${port}`;
  const eksApi = new SandboxEksApi({
    clusterName: config.clusterName,
    region: config.eks?.region ?? config.alb.region ?? 'us-east-1',
    endpoint: () => url,
    caPem: tls.caPem,
    kubernetesVersion: config.kubernetesVersion,
    profiles: () => config.fargateProfiles,
  });
  await eksApi.start();

  const kubeconfigYaml = (contextName = config.clusterName): string =>
    kubeconfigFor(config, url, tls.caPem, contextName);
  let stopping: Promise<void> | undefined;
  return {
    config,
    url,
    port,
    caPem: tls.caPem,
    token: config.token,
    store,
    api,
    registry,
    http,
    clock,
    logs,
    events,
    controllers,
    audit: http.audit,
    faults,
    alb,
    serviceLbs,
    eksApi,
    ...(eksAuth ? { eksAuth } : {}),
    ...(eksProfiles ? { eksProfiles } : {}),
    kubeconfigYaml,
    async writeKubeconfig(path, contextName) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, kubeconfigYaml(contextName), { mode: 0o600 });
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        controllers.stop();
        clock.stop();
        void Promise.all([alb.stop(), serviceLbs.stop(), eksApi.stop()]).then(() => {
          server.close(() => {
            resolve();
          });
          server.closeAllConnections();
        });
      });
      return stopping;
    },
  };
}

function bootstrap(api: ObjectApi): void {
  const ns = api.registry.get('', 'namespaces');
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    api.create(ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { internal: true });
  }
  api.create(
    api.registry.get('networking.k8s.io', 'ingressclasses'),
    undefined,
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'alb', labels: { 'app.kubernetes.io/name': 'aws-load-balancer-controller' } },
      spec: { controller: 'ingress.k8s.aws/alb' },
    },
    { internal: true },
  );
  for (const o of bootstrapRbacObjects())
    api.create(
      api.registry.get('rbac.authorization.k8s.io', o.kind === 'ClusterRole' ? 'clusterroles' : 'clusterrolebindings'),
      undefined,
      o,
      { internal: true },
    );
  // EKS creates the gp2 class (EBS, in-tree provisioner); nothing can provision it for Fargate pods.
  api.create(
    api.registry.get('storage.k8s.io', 'storageclasses'),
    undefined,
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'gp2' },
      provisioner: 'kubernetes.io/aws-ebs',
      parameters: { type: 'gp2', fsType: 'ext4' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: false,
    },
    { internal: true },
  );
  api.create(
    api.registry.get('', 'services'),
    'default',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: {
        clusterIP: '10.100.0.1',
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 443 }],
        type: 'ClusterIP',
      },
    },
    { internal: true },
  );
}
