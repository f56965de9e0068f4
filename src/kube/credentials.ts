/**
 * How a request to the API server is authenticated and which TLS connection it uses: the headers
 * (bearer token, basic auth, impersonation) and the `https.Agent` (cluster CA, client
 * certificate, proxy) of a kubeconfig's current context, or of a token provider for EKS.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { UserInputError } from '../errors.js';
import type { KubeCluster, KubeExec, KubeUser } from './kubeconfig.js';

/** What one request needs: its auth headers and the agent of the cluster's TLS settings. */
export interface Credentials {
  headers: Record<string, string>;
  /** Undefined: Node's default agent (plain TLS against the system CAs). */
  agent: Agent | undefined;
}

/** Produces the credentials of the next request (tokens may be refreshed in between). */
export type CredentialSource = () => Promise<Credentials>;

/** A TLS client identity. */
interface ClientCert {
  cert: string;
  key: string;
}

/** Agents of one cluster, one per client certificate (an exec plugin may rotate it). */
function agents(cluster: KubeCluster): (cert: ClientCert | undefined) => Agent | undefined {
  const made = new Map<string, Agent | undefined>();
  return (cert) => {
    const key = cert ? `${cert.cert}\0${cert.key}` : '';
    if (made.has(key)) return made.get(key);
    const agent = makeAgent(cluster, cert);
    made.set(key, agent);
    return agent;
  };
}

function makeAgent(cluster: KubeCluster, cert: ClientCert | undefined): Agent | undefined {
  const tls = {
    ...(cluster.ca !== undefined ? { ca: cluster.ca } : {}),
    ...(cert ? { cert: cert.cert, key: cert.key } : {}),
    ...(cluster.skipTlsVerify ? { rejectUnauthorized: false } : {}),
    ...(cluster.tlsServerName !== undefined ? { servername: cluster.tlsServerName } : {}),
    // Node's own HTTP(S) proxy support (CONNECT tunnel) for the cluster's proxy-url.
    ...(cluster.proxyUrl !== undefined
      ? { proxyEnv: { HTTPS_PROXY: cluster.proxyUrl, HTTP_PROXY: cluster.proxyUrl } }
      : {}),
  };
  if (Object.keys(tls).length === 0) return undefined;
  // keepAliveMsecs 30 s as client-go: a longer delay races cloud load balancers' idle timeouts.
  return new Agent({ ...tls, keepAlive: true, keepAliveMsecs: 30_000 });
}

/** Credentials of a cluster reached with a bearer token from `token` (EKS). */
export function tokenCredentials(cluster: KubeCluster, token: () => Promise<string>): CredentialSource {
  const agent = agents(cluster);
  return async () => ({ headers: { Authorization: `Bearer ${await token()}` }, agent: agent(undefined) });
}

/** Credentials of a kubeconfig user on a cluster; `source` names the kubeconfig in errors. */
export function userCredentials(cluster: KubeCluster, user: KubeUser | undefined, source: string): CredentialSource {
  const agent = agents(cluster);
  const exec = user?.exec ? execCredentials(user.exec, source, user.name) : undefined;
  return async () => {
    const headers: Record<string, string> = {};
    let cert = user?.cert !== undefined && user.key !== undefined ? { cert: user.cert, key: user.key } : undefined;
    if (user?.impersonate !== undefined) headers['Impersonate-User'] = user.impersonate;
    if (user?.username !== undefined && user.password !== undefined)
      headers['Authorization'] = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
    if (exec) {
      const got = await exec();
      if (got.token !== undefined) headers['Authorization'] = `Bearer ${got.token}`;
      if (got.cert) cert = got.cert;
    }
    const token =
      user?.token ?? (user?.tokenFile !== undefined ? readToken(user.tokenFile, source, user.name) : undefined);
    if (token !== undefined) headers['Authorization'] = `Bearer ${token}`;
    return { headers, agent: agent(cert) };
  };
}

function readToken(file: string, source: string, user: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new UserInputError(
      `cannot read the token file ${file}: ${err instanceof Error ? err.message : String(err)}`,
      source,
      `user ${JSON.stringify(user)} tokenFile`,
    );
  }
}

/** How long an exec plugin may take (it runs non-interactively: one that waits for a person never answers). */
const EXEC_TIMEOUT_MS = 60_000;

interface ExecResult {
  token?: string;
  cert?: ClientCert;
}

/**
 * An exec credential plugin (client.authentication.k8s.io): run it, read the ExecCredential it
 * prints, and reuse the answer until its `expirationTimestamp` (an answer without one is asked
 * for again on every request, as client-node did).
 */
function execCredentials(exec: KubeExec, source: string, user: string): () => Promise<ExecResult> {
  let cached: { result: ExecResult; expires: number } | undefined;
  let running: Promise<ExecResult> | undefined;
  const field = `user ${JSON.stringify(user)} exec`;
  const fail = (message: string): UserInputError =>
    new UserInputError(`credential plugin ${JSON.stringify(exec.command)} ${message}`, source, field);
  const run = (): Promise<ExecResult> =>
    new Promise((resolve, reject) => {
      const env = {
        ...process.env,
        ...exec.env,
        KUBERNETES_EXEC_INFO: JSON.stringify({
          apiVersion: exec.apiVersion,
          kind: 'ExecCredential',
          spec: { interactive: false },
        }),
      };
      const child = execFile(
        exec.command,
        exec.args,
        { env, maxBuffer: 4 * 1024 * 1024, timeout: EXEC_TIMEOUT_MS },
        (err, stdout, stderr) => {
          if (err) {
            const timedOut = err.killed && err.signal === 'SIGTERM';
            reject(
              fail(
                timedOut
                  ? `did not answer within ${EXEC_TIMEOUT_MS / 1000} s (it must not wait for input: interactiveMode Never)`
                  : `failed: ${stderr.trim() || err.message}`,
              ),
            );
            return;
          }
          try {
            const { result, expires } = readExecCredential(stdout);
            if (expires !== undefined && expires > Date.now()) cached = { result, expires };
            resolve(result);
          } catch (e) {
            reject(fail(e instanceof Error ? e.message : String(e)));
          }
        },
      );
      // Nothing to read: a plugin that reads its input gets end-of-file, not a hang.
      child.stdin?.end();
    });
  return () => {
    if (cached && cached.expires > Date.now()) return Promise.resolve(cached.result);
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };
}

/** The credential in a plugin's output (an ExecCredential); throws a message saying what is wrong. */
function readExecCredential(stdout: string): { result: ExecResult; expires?: number } {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new Error('did not print an ExecCredential (its output is not JSON)');
  }
  const status =
    doc !== null && typeof doc === 'object' && 'status' in doc && doc.status !== null && typeof doc.status === 'object'
      ? (doc.status as Record<string, unknown>)
      : undefined;
  if (!status) throw new Error('printed an ExecCredential without a status');
  const str = (k: string): string | undefined => {
    const v = status[k];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const result: ExecResult = {};
  const token = str('token');
  if (token !== undefined) result.token = token;
  const cert = str('clientCertificateData');
  const key = str('clientKeyData');
  if (cert !== undefined && key !== undefined) result.cert = { cert, key };
  if (result.token === undefined && result.cert === undefined)
    throw new Error('printed an ExecCredential with neither a token nor a client certificate');
  const at = str('expirationTimestamp');
  const expires = at !== undefined ? Date.parse(at) : NaN;
  return Number.isNaN(expires) ? { result } : { result, expires };
}
