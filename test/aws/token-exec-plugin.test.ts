/**
 * The token command as the real kubectl uses it: a kubeconfig whose user runs
 * `… token --cluster-name NAME --region R` as its exec credential plugin, against a local HTTP
 * server that records the bearer token kubectl sends. kubectl (client-go) validates the
 * ExecCredential — kind, apiVersion matching the kubeconfig's, token, expiry — so a wrong answer
 * makes kubectl fail here, as it would for a user. The server speaks HTTPS because client-go runs
 * exec plugins only for TLS connections.
 *
 * The plugin runs the TypeScript sources transpiled file by file (typescript's transpileModule,
 * well under a second) rather than the ncc bundle, which takes ~10 s to build.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { decodeEksToken } from '../../src/aws/eks-token.js';
import { generateSandboxTls } from '../../src/sandbox/tls.js';

jest.setTimeout(30_000);

const ROOT = resolve(import.meta.dirname, '../..');

let dir: string;
let server: Server | undefined;
let serverUrl: string;
let caData: string;
/** Authorization headers the server received, in order. */
const seen: string[] = [];

/** Transpile `entry` and every relative import it reaches into `outDir`, keeping the src layout. */
function transpileTree(entry: string, outDir: string): void {
  const queue = [resolve(ROOT, entry)];
  const done = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const source = readFileSync(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023 },
      fileName: file,
    });
    const out = join(outDir, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
    for (const m of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) queue.push(resolve(dirname(file), `${m[1]}.ts`));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eks-token-plugin-'));
  transpileTree('src/commands/token.ts', dir);
  // ESM resolves packages by walking up from the importing file: give the copy the project's node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(
    join(dir, 'plugin.mjs'),
    "import { runTokenCommand } from './src/commands/token.js';\n" +
      'process.exitCode = await runTokenCommand(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });\n',
  );

  const tls = generateSandboxTls('token-plugin');
  caData = Buffer.from(tls.caPem).toString('base64');
  server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    req.resume();
    seen.push(req.headers.authorization ?? '');
    if (!req.headers.authorization?.startsWith('Bearer k8s-aws-v1.')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ major: '1', minor: '31', gitVersion: 'v1.31.0-eks' }));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  serverUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => {
    if (server)
      server.close(() => {
        r();
      });
    else r();
  });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function kubeconfig(name: string, execApiVersion: string, pluginArgs: string[]): string {
  const file = join(dir, `${name}.kubeconfig`);
  const interactive = execApiVersion.endsWith('/v1') ? '      interactiveMode: Never\n' : '';
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters:
- name: eks
  cluster:
    server: ${serverUrl}
    certificate-authority-data: ${caData}
users:
- name: eks
  user:
    exec:
      apiVersion: ${execApiVersion}
      command: bash
      args: ${JSON.stringify([join(ROOT, 'scripts/node24.sh'), join(dir, 'plugin.mjs'), ...pluginArgs])}
${interactive}contexts:
- name: eks
  context: {cluster: eks, user: eks}
current-context: eks
`,
  );
  return file;
}

function kubectl(config: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    AWS_ACCESS_KEY_ID: 'AKIDKUBECTL',
    AWS_SECRET_ACCESS_KEY: 'kubectl-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  };
  return new Promise((r) => {
    execFile(
      'kubectl',
      ['--kubeconfig', config, 'get', '--raw', '/version'],
      { env, timeout: 20_000 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        r({ code, stdout, stderr });
      },
    );
  });
}

describe('as a kubectl exec credential plugin', () => {
  test.each(['client.authentication.k8s.io/v1beta1', 'client.authentication.k8s.io/v1'])(
    'kubectl accepts the ExecCredential (%s) and sends its token',
    async (apiVersion) => {
      seen.length = 0;
      const r = await kubectl(
        kubeconfig(apiVersion.split('/')[1]!, apiVersion, ['--cluster-name', 'shop', '--region', 'us-west-2']),
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ gitVersion: 'v1.31.0-eks' });
      // kubectl may send more than one request (and run the plugin for each on its first use).
      expect(seen.length).toBeGreaterThanOrEqual(1);
      for (const header of seen) {
        const decoded = decodeEksToken(header.replace(/^Bearer /, ''));
        expect(decoded.url.host).toBe('sts.us-west-2.amazonaws.com');
        expect(decoded.params['X-Amz-Credential']).toMatch(/^AKIDKUBECTL\/\d{8}\/us-west-2\/sts\/aws4_request$/);
        expect(decoded.signedHeaders).toEqual(['host', 'x-k8s-aws-id']);
      }
    },
  );

  test('a bad cluster name fails kubectl with our message, and no request is sent', async () => {
    seen.length = 0;
    const r = await kubectl(
      kubeconfig('bad', 'client.authentication.k8s.io/v1beta1', [
        '--cluster-name',
        'shop.prod',
        '--region',
        'us-west-2',
      ]),
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('error: --cluster-name: "shop.prod" is not an EKS cluster name');
    expect(seen).toEqual([]);
  });
});
