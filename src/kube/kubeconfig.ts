/**
 * Kubeconfig files as kubectl reads them: `KUBECONFIG` (a list of files, merged, the first one
 * setting a name wins), else ~/.kube/config, else the in-cluster service account. Every field this
 * tool uses is checked once, at load, and a bad one is a user error naming the file and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { parse as parseYaml } from '../util/yaml.js';
import { UserInputError, showValue } from '../errors.js';

/** A cluster entry: where the API server is and how to trust it. */
export interface KubeCluster {
  name: string;
  server: string;
  /** PEM of the CA bundle (from `certificate-authority-data` or the `certificate-authority` file). */
  ca?: string;
  skipTlsVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
}

/** An exec credential plugin (`users[].user.exec`). */
export interface KubeExec {
  command: string;
  args: string[];
  env: Record<string, string>;
  apiVersion: string;
}

/** A user entry: how to authenticate. */
export interface KubeUser {
  name: string;
  token?: string;
  tokenFile?: string;
  /** PEM of the client certificate and key. */
  cert?: string;
  key?: string;
  username?: string;
  password?: string;
  exec?: KubeExec;
  /** `as`: the user to impersonate. */
  impersonate?: string;
}

interface KubeContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

/** A loaded kubeconfig (one file, or several merged). */
export class KubeConfig {
  constructor(
    /** The file(s) it came from, for messages. */
    readonly source: string,
    readonly clusters: readonly KubeCluster[],
    readonly users: readonly KubeUser[],
    readonly contexts: readonly KubeContext[],
    private currentContext: string,
  ) {}

  getContexts(): readonly KubeContext[] {
    return this.contexts;
  }

  getCurrentContext(): string {
    return this.currentContext;
  }

  setCurrentContext(name: string): void {
    this.currentContext = name;
  }

  private context(): KubeContext | undefined {
    return this.contexts.find((c) => c.name === this.currentContext);
  }

  getCurrentCluster(): KubeCluster | undefined {
    const ctx = this.context();
    return ctx && this.clusters.find((c) => c.name === ctx.cluster);
  }

  getCurrentUser(): KubeUser | undefined {
    const ctx = this.context();
    return ctx && this.users.find((u) => u.name === ctx.user);
  }
}

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Load `path`, or what kubectl would load without `--kubeconfig`. Throws `UserInputError` naming
 * the file (and field) when a file cannot be read or parsed, or when there is no configuration at all.
 */
export function loadKubeconfig(path?: string, env: NodeJS.ProcessEnv = process.env): KubeConfig {
  if (path) return parseKubeconfigFile(path);
  const list = (env['KUBECONFIG'] ?? '').split(delimiter).filter((f) => f !== '');
  if (list.length > 0) return mergeKubeconfigs(list.map((f) => parseKubeconfigFile(f)));
  const home = join(env['HOME'] ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return parseKubeconfigFile(home);
  const host = env['KUBERNETES_SERVICE_HOST'];
  if (host && existsSync(join(SERVICE_ACCOUNT, 'token'))) return inClusterConfig(host, env['KUBERNETES_SERVICE_PORT']);
  throw new UserInputError('no kubeconfig: KUBECONFIG is not set and ~/.kube/config does not exist', home);
}

/** Read and check one kubeconfig file. */
function parseKubeconfigFile(file: string): KubeConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserInputError(`cannot read kubeconfig: ${err instanceof Error ? err.message : String(err)}`, file);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new UserInputError(`cannot read kubeconfig: ${err instanceof Error ? err.message : String(err)}`, file);
  }
  return parseKubeconfig(doc ?? {}, file);
}

/** Check a parsed kubeconfig document; `file` names it in errors and anchors relative paths. */
function parseKubeconfig(doc: unknown, file: string): KubeConfig {
  const f = new Fields(file);
  const root = f.record(doc, '');
  const clusters = f.list(root['clusters'], 'clusters').map((entry, i) => {
    const at = `clusters[${i}]`;
    const e = f.record(entry, at);
    const name = f.string(e['name'], `${at}.name`, true);
    const c = f.record(e['cluster'], `${at}.cluster`);
    const server = f.string(c['server'], `${at}.cluster.server`, true);
    if (!URL.canParse(server))
      throw new UserInputError(`${showValue(server)} is not a URL`, file, `${at}.cluster.server`);
    const ca =
      f.base64(c['certificate-authority-data'], `${at}.cluster.certificate-authority-data`) ??
      f.fileText(c['certificate-authority'], `${at}.cluster.certificate-authority`);
    const tlsServerName = f.string(c['tls-server-name'], `${at}.cluster.tls-server-name`);
    const proxyUrl = f.string(c['proxy-url'], `${at}.cluster.proxy-url`);
    if (proxyUrl !== undefined && !/^https?:\/\//.test(proxyUrl))
      throw new UserInputError(
        `${showValue(proxyUrl)} is not an http:// or https:// proxy URL (SOCKS proxies are not supported)`,
        file,
        `${at}.cluster.proxy-url`,
      );
    const cluster: KubeCluster = {
      name,
      server,
      skipTlsVerify: f.boolean(c['insecure-skip-tls-verify'], `${at}.cluster.insecure-skip-tls-verify`),
    };
    if (ca !== undefined) cluster.ca = ca;
    if (tlsServerName !== undefined) cluster.tlsServerName = tlsServerName;
    if (proxyUrl !== undefined) cluster.proxyUrl = proxyUrl;
    return cluster;
  });
  const users = f.list(root['users'], 'users').map((entry, i) => parseUser(f, entry, `users[${i}]`));
  const contexts = f.list(root['contexts'], 'contexts').map((entry, i) => {
    const at = `contexts[${i}]`;
    const e = f.record(entry, at);
    const c = f.record(e['context'], `${at}.context`);
    const namespace = f.string(c['namespace'], `${at}.context.namespace`);
    return {
      name: f.string(e['name'], `${at}.name`, true),
      cluster: f.string(c['cluster'], `${at}.context.cluster`, true),
      user: f.string(c['user'], `${at}.context.user`) ?? '',
      ...(namespace !== undefined ? { namespace } : {}),
    };
  });
  return new KubeConfig(file, clusters, users, contexts, f.string(root['current-context'], 'current-context') ?? '');
}

function parseUser(f: Fields, entry: unknown, at: string): KubeUser {
  const e = f.record(entry, at);
  const u = f.record(e['user'] ?? {}, `${at}.user`);
  const user: KubeUser = { name: f.string(e['name'], `${at}.name`, true) };
  const set = <K extends keyof KubeUser>(key: K, value: KubeUser[K] | undefined): void => {
    if (value !== undefined) user[key] = value;
  };
  set('token', f.string(u['token'], `${at}.user.token`));
  set('tokenFile', f.path(u['tokenFile'], `${at}.user.tokenFile`));
  set(
    'cert',
    f.base64(u['client-certificate-data'], `${at}.user.client-certificate-data`) ??
      f.fileText(u['client-certificate'], `${at}.user.client-certificate`),
  );
  set(
    'key',
    f.base64(u['client-key-data'], `${at}.user.client-key-data`) ??
      f.fileText(u['client-key'], `${at}.user.client-key`),
  );
  set('username', f.string(u['username'], `${at}.user.username`));
  set('password', f.string(u['password'], `${at}.user.password`));
  set('impersonate', f.string(u['as'], `${at}.user.as`));
  if (u['exec'] !== undefined && u['exec'] !== null) {
    const x = f.record(u['exec'], `${at}.user.exec`);
    const env: Record<string, string> = {};
    f.list(x['env'], `${at}.user.exec.env`).forEach((v, j) => {
      const pair = f.record(v, `${at}.user.exec.env[${j}]`);
      env[f.string(pair['name'], `${at}.user.exec.env[${j}].name`, true)] =
        f.string(pair['value'], `${at}.user.exec.env[${j}].value`) ?? '';
    });
    user.exec = {
      command: f.string(x['command'], `${at}.user.exec.command`, true),
      args: f.list(x['args'], `${at}.user.exec.args`).map((a, j) => f.string(a, `${at}.user.exec.args[${j}]`, true)),
      env,
      apiVersion: f.string(x['apiVersion'], `${at}.user.exec.apiVersion`) ?? 'client.authentication.k8s.io/v1',
    };
  }
  const provider = u['auth-provider'];
  if (provider !== undefined && provider !== null)
    throw new UserInputError(
      'auth-provider plugins are not supported (kubectl removed them too): use an exec credential plugin',
      f.source,
      `${at}.user.auth-provider`,
    );
  if ((user.cert === undefined) !== (user.key === undefined))
    throw new UserInputError('a client certificate needs both the certificate and its key', f.source, `${at}.user`);
  return user;
}

/** Readers of kubeconfig fields that throw a `UserInputError` naming the file and field. */
class Fields {
  constructor(readonly source: string) {}

  private fail(field: string, message: string): never {
    throw new UserInputError(message, this.source, field || undefined);
  }

  record(v: unknown, field: string): Record<string, unknown> {
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) this.fail(field, `expected a mapping, got ${showValue(v)}`);
    return v as Record<string, unknown>;
  }

  list(v: unknown, field: string): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(field, `expected a list, got ${showValue(v)}`);
    return v;
  }

  string(v: unknown, field: string, required: true): string;
  string(v: unknown, field: string, required?: boolean): string | undefined;
  string(v: unknown, field: string, required = false): string | undefined {
    if (v === undefined || v === null || v === '') {
      if (required) this.fail(field, 'is missing');
      return undefined;
    }
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      this.fail(field, `expected a string, got ${showValue(v)}`);
    return String(v);
  }

  boolean(v: unknown, field: string): boolean {
    if (v === undefined || v === null) return false;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    return this.fail(field, `expected true or false, got ${showValue(v)}`);
  }

  base64(v: unknown, field: string): string | undefined {
    const s = this.string(v, field);
    if (s === undefined) return undefined;
    const text = s.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) this.fail(field, 'is not base64');
    return Buffer.from(text, 'base64').toString('utf8');
  }

  /** A path, relative to the kubeconfig's directory when not absolute. */
  path(v: unknown, field: string): string | undefined {
    const s = this.string(v, field);
    return s === undefined ? undefined : isAbsolute(s) ? s : join(dirname(this.source), s);
  }

  /** The text of the file a field names. */
  fileText(v: unknown, field: string): string | undefined {
    const p = this.path(v, field);
    if (p === undefined) return undefined;
    try {
      return readFileSync(p, 'utf8');
    } catch (err) {
      return this.fail(field, `cannot read ${p}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Merge kubeconfigs the way kubectl does: the first file that defines a name (or the current context) wins. */
function mergeKubeconfigs(configs: readonly KubeConfig[]): KubeConfig {
  const first = <T extends { name: string }>(lists: (readonly T[])[]): T[] => {
    const seen = new Map<string, T>();
    for (const list of lists) for (const item of list) if (!seen.has(item.name)) seen.set(item.name, item);
    return [...seen.values()];
  };
  return new KubeConfig(
    configs.map((c) => c.source).join(delimiter),
    first(configs.map((c) => c.clusters)),
    first(configs.map((c) => c.users)),
    first(configs.map((c) => c.contexts)),
    configs.map((c) => c.getCurrentContext()).find((c) => c !== '') ?? '',
  );
}

/** The configuration of a pod: the API server from the environment, the service account's token and CA. */
function inClusterConfig(host: string, port: string | undefined): KubeConfig {
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port ?? '443'}`;
  const caFile = join(SERVICE_ACCOUNT, 'ca.crt');
  const cluster: KubeCluster = { name: 'inCluster', server, skipTlsVerify: false };
  if (existsSync(caFile)) cluster.ca = readFileSync(caFile, 'utf8');
  return new KubeConfig(
    SERVICE_ACCOUNT,
    [cluster],
    [{ name: 'inClusterUser', tokenFile: join(SERVICE_ACCOUNT, 'token') }],
    [{ name: 'inClusterContext', cluster: 'inCluster', user: 'inClusterUser' }],
    'inClusterContext',
  );
}
