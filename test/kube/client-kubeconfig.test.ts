/**
 * Kubeconfig files as a user writes them, read by the tool's own loader (no client library):
 * merged KUBECONFIG lists, relative file paths, token files, exec credential plugins, and the
 * messages of a broken file, which name the file and the field.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { TLSSocket } from 'node:tls';
import forge from 'node-forge';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeApiError, KubeClient } from '../../src/kube/client.js';
import { loadKubeconfig } from '../../src/kube/kubeconfig.js';
import { UserInputError } from '../../src/errors.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { generateSandboxTls } from '../../src/sandbox/tls.js';

let sb: Sandbox;
let dir: string;

beforeAll(async () => {
  sb = await startSandbox({ timing: { timeFactor: 0.01 } });
  dir = await mkdtemp(join(tmpdir(), 'kubeconfig-'));
  await writeFile(join(dir, 'ca.pem'), sb.caPem);
});
afterAll(async () => {
  await sb.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A kubeconfig with one context `name` whose cluster is the sandbox, the CA given by a relative path. */
function config(name: string, user: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster:
    server: ${sb.url}
    certificate-authority: ca.pem
users:
- name: ${name}
  user:
${user}
contexts:
- name: ${name}
  context: {cluster: ${name}, user: ${name}, namespace: default}
current-context: ${name}
`;
}

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

const namespaceOf = (c: KubeClient) => c.get('v1', 'Namespace', undefined, 'default');

test('KUBECONFIG lists files: the first one naming a context or setting current-context wins, as kubectl', async () => {
  const a = await write('a.yaml', config('a', `    token: ${sb.token}`));
  const b = await write('b.yaml', config('b', '    token: not-the-token'));
  const kc = loadKubeconfig(undefined, { KUBECONFIG: [a, b].join(delimiter), HOME: dir });
  expect(kc.getContexts().map((c) => c.name)).toEqual(['a', 'b']);
  expect(kc.getCurrentContext()).toBe('a');
  expect(kc.getCurrentCluster()?.ca).toBe(sb.caPem);

  const client = new KubeClient(kc);
  expect((await namespaceOf(client))?.metadata.name).toBe('default');
  kc.setCurrentContext('b');
  const other = new KubeClient(kc);
  const err = await namespaceOf(other).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(KubeApiError);
  expect((err as KubeApiError).code).toBe(401);
});

test('a token file is read relative to the kubeconfig', async () => {
  await writeFile(join(dir, 'token'), `${sb.token}\n`);
  const file = await write('token-file.yaml', config('tf', '    tokenFile: token'));
  const client = KubeClient.fromKubeconfig(file);
  expect((await namespaceOf(client))?.metadata.name).toBe('default');
  expect(client.kc.getCurrentContext()).toBe('tf');
});

test('an exec credential plugin gives the token, and is asked again only once its credential expires', async () => {
  const calls = join(dir, 'plugin-calls');
  const plugin = await write(
    'plugin.mjs',
    `import { appendFileSync } from 'node:fs';
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
appendFileSync(${JSON.stringify(calls)}, info.apiVersion + ' ' + process.env.EXTRA + '\\n');
process.stdout.write(JSON.stringify({
  apiVersion: info.apiVersion,
  kind: 'ExecCredential',
  status: { token: ${JSON.stringify(sb.token)}, expirationTimestamp: new Date(Date.now() + 3600e3).toISOString() },
}));
`,
  );
  const file = await write(
    'exec.yaml',
    config(
      'ex',
      `    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${process.execPath}
      args: [${plugin}]
      env: [{name: EXTRA, value: given}]
      interactiveMode: Never`,
    ),
  );
  const client = KubeClient.fromKubeconfig(file);
  await namespaceOf(client);
  await client.get('v1', 'Namespace', undefined, 'kube-system');
  expect((await readFile(calls, 'utf8')).trim().split('\n')).toEqual(['client.authentication.k8s.io/v1 given']);
});

test('a failing exec plugin is a user error naming the kubeconfig and the user, with what the plugin said', async () => {
  const file = await write(
    'exec-fails.yaml',
    config(
      'bad',
      `    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${process.execPath}
      args: ["-e", "console.error('no SSO session: run aws sso login'); process.exit(3)"]`,
    ),
  );
  const err = await namespaceOf(KubeClient.fromKubeconfig(file)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UserInputError);
  expect((err as Error).message).toContain(file);
  expect((err as Error).message).toContain('user "bad" exec');
  expect((err as Error).message).toContain('no SSO session: run aws sso login');
});

test('a broken kubeconfig is a user error naming the file and the field', async () => {
  const cases: [string, RegExp][] = [
    ['clusters: [{name: c, cluster: {}}]\n', /: clusters\[0\]\.cluster\.server: is missing/],
    [
      'clusters: [{name: c, cluster: {server: "not a url"}}]\n',
      /: clusters\[0\]\.cluster\.server: "not a url" is not a URL/,
    ],
    ['clusters: {c: 1}\n', /: clusters: expected a list/],
    [
      'users: [{name: u, user: {auth-provider: {name: oidc}}}]\n',
      /: users\[0\]\.user\.auth-provider: .*exec credential plugin/,
    ],
    [
      'clusters: [{name: c, cluster: {server: "https://x", certificate-authority: missing.pem}}]\n',
      /: clusters\[0\]\.cluster\.certificate-authority: cannot read .*missing\.pem/,
    ],
    ['clusters: [\n', /cannot read kubeconfig/],
  ];
  for (const [i, [text, message]] of cases.entries()) {
    const file = await write(`broken-${i}.yaml`, text);
    let err: unknown;
    try {
      KubeClient.fromKubeconfig(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserInputError);
    expect((err as Error).message.startsWith(`${file}: `)).toBe(true);
    expect((err as Error).message).toMatch(message);
  }
});

test('without a current cluster, or a context that is not there, the error says which', async () => {
  const file = await write(
    'no-current.yaml',
    config('nc', `    token: ${sb.token}`).replace('current-context: nc', ''),
  );
  expect(() => KubeClient.fromKubeconfig(file)).toThrow(/no current cluster in the kubeconfig/);
  expect(() => KubeClient.fromKubeconfig(file, 'elsewhere')).toThrow(/context "elsewhere" not found \(have: nc\)/);
  expect(KubeClient.fromKubeconfig(file, 'nc').server).toBe(sb.url);
  expect(() => loadKubeconfig(undefined, { HOME: join(dir, 'nowhere') })).toThrow(
    /no kubeconfig: KUBECONFIG is not set and ~\/\.kube\/config does not exist/,
  );
});

/** A self-signed client certificate for `cn` (it is its own CA), PEM. */
function clientCertificate(cn: string): { cert: string; key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 86400_000);
  const subject = [{ name: 'commonName', value: cn }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', digitalSignature: true, keyCertSign: true, keyEncipherment: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  const key = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  cert.sign(forge.pki.privateKeyFromPem(key), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key };
}

test('a client certificate from the kubeconfig is presented to an API server that asks for one', async () => {
  const client = clientCertificate('alice');
  const tls = generateSandboxTls('client-cert');
  const server: Server = createServer(
    { cert: tls.certPem, key: tls.keyPem, ca: client.cert, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const user = req.socket instanceof TLSSocket ? req.socket.getPeerCertificate().subject.CN : undefined;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ user }));
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const b64 = (pem: string) => Buffer.from(pem).toString('base64');
    const file = await write(
      'client-cert.yaml',
      `clusters:
- name: cc
  cluster:
    server: https://127.0.0.1:${(server.address() as AddressInfo).port}
    certificate-authority-data: ${b64(tls.caPem)}
users:
- name: cc
  user: {client-certificate-data: ${b64(client.cert)}, client-key-data: ${b64(client.key)}}
contexts:
- name: cc
  context: {cluster: cc, user: cc}
current-context: cc
`,
    );
    expect(await KubeClient.fromKubeconfig(file).request('GET', '/whoami')).toEqual({ user: 'alice' });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) =>
      server.close(() => {
        r();
      }),
    );
  }
});
