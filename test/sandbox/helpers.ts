/** Test helpers: a sandbox per suite, the real kubectl against it, and an HTTPS client trusting its CA. */
import { execFile } from 'node:child_process';
import { request } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.js';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SandboxHarness {
  sandbox: Sandbox;
  dir: string;
  kubeconfig: string;
  kubectl(args: string[], opts?: { input?: string | undefined; timeoutMs?: number }): Promise<KubectlResult>;
  stop(): Promise<void>;
}

/** Starts a sandbox and writes its kubeconfig into a fresh temp dir (HOME and kubectl cache live there too). */
export async function startHarness(options: SandboxOptions = {}): Promise<SandboxHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-test-'));
  const sandbox = await startSandbox(options);
  const kubeconfig = join(dir, 'kubeconfig');
  await sandbox.writeKubeconfig(kubeconfig);
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    KUBECONFIG: kubeconfig,
    KUBECACHEDIR: join(dir, 'cache'),
  };
  return {
    sandbox,
    dir,
    kubeconfig,
    kubectl(args, opts = {}) {
      return new Promise((resolve) => {
        const child = execFile(
          'kubectl',
          args,
          { env, timeout: opts.timeoutMs ?? 20_000, maxBuffer: 10 * 1024 * 1024 },
          (err, stdout, stderr) => {
            const code = err
              ? typeof (err as { code?: unknown }).code === 'number'
                ? (err as { code: number }).code
                : 124
              : 0;
            resolve({ code, stdout, stderr });
          },
        );
        if (opts.input !== undefined) child.stdin?.end(opts.input);
      });
    },
    async stop() {
      await sandbox.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the body shape it asserts on
  json<T = Record<string, unknown>>(): T;
}

/** One HTTPS request to the sandbox (trusting its CA); `token: null` sends no Authorization. */
export function sandboxRequest(
  sb: Sandbox,
  method: string,
  path: string,
  opts: { body?: unknown; contentType?: string; token?: string | null; accept?: string } = {},
): Promise<HttpResult> {
  const url = new URL(path, sb.url);
  const payload =
    opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
  const token = opts.token === undefined ? sb.token : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (payload !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca: sb.caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- see HttpResult.json
          json: <T>() => JSON.parse(body) as T,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes (then throws with `what`). */
export async function eventually<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A Deployment manifest (YAML) for tests. */
export function deploymentYaml(
  name: string,
  opts: {
    image?: string;
    replicas?: number;
    progressDeadlineSeconds?: number;
    namespace?: string;
    labels?: Record<string, string>;
    readinessProbe?: boolean;
  } = {},
): string {
  const labels = { app: name, ...(opts.labels ?? {}) };
  const labelYaml = Object.entries(labels)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    ...(opts.namespace ? [`  namespace: ${opts.namespace}`] : []),
    'spec:',
    `  replicas: ${opts.replicas ?? 2}`,
    ...(opts.progressDeadlineSeconds !== undefined
      ? [`  progressDeadlineSeconds: ${opts.progressDeadlineSeconds}`]
      : []),
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {${labelYaml}}}`,
    '    spec:',
    '      containers:',
    `      - name: app`,
    `        image: ${opts.image ?? 'registry.example/web:1.0'}`,
    '        ports: [{containerPort: 8080}]',
    ...(opts.readinessProbe
      ? ['        readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 5}']
      : []),
    '',
  ].join('\n');
}

/** Parsed JSON (kubectl `-o json`, `--raw`), read with `at` rather than trusted as `any`. */
export function parseJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}

/**
 * The value at a path in parsed JSON (`at(deploy, 'spec', 'template', 'spec', 'containers', 0, 'image')`),
 * undefined where the path does not exist, so the expectation reading it fails with the value shown.
 */
export function at(value: unknown, ...path: Array<string | number>): unknown {
  let cur = value;
  for (const k of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}
