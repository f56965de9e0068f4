/**
 * The EKS control-plane API of the sandbox cluster, so that the tool's real EKS client (pointed
 * here with `AWS_ENDPOINT_URL_EKS` or an `endpoint`) reads the same Fargate profiles the
 * sandbox's scheduler uses — and preflight can catch an uncovered namespace before anything is
 * applied, with only the sandbox running. A plain-HTTP listener on 127.0.0.1 speaking EKS's REST
 * JSON protocol for the read calls a deploy makes:
 *
 * - `DescribeCluster`        GET /clusters/{name}
 * - `ListClusters`           GET /clusters
 * - `ListFargateProfiles`    GET /clusters/{name}/fargate-profiles?maxResults=&nextToken=
 * - `DescribeFargateProfile` GET /clusters/{name}/fargate-profiles/{profile}
 *
 * Requests must carry a SigV4 `Authorization` header (as every SDK call does; signatures are not
 * verified: no AWS credentials exist here). Errors are EKS's: 404 `ResourceNotFoundException`,
 * 400 `InvalidParameterException`, 403 `AccessDeniedException`, with `x-amzn-ErrorType`.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxFargateProfile } from './config.js';

/** What the EKS API says about the sandbox cluster. */
export interface EksApiDeps {
  clusterName: string;
  region: string;
  /** The API server URL and CA written into DescribeCluster. */
  endpoint: () => string;
  caPem: string;
  kubernetesVersion: string;
  /** The profiles the scheduler uses (read at each call: tests may change them). */
  profiles: () => readonly SandboxFargateProfile[];
}

/** Account ID in the ARNs the sandbox EKS API returns. */
const SANDBOX_ACCOUNT_ID = '123456789012';

function uuidOf(s: string): string {
  const x = createHash('sha256').update(s).digest('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** One served EKS API call (for tests: what the tool asked EKS). */
export interface EksApiCall {
  operation: string;
  status: number;
}

/** The sandbox's EKS API listener. */
export class SandboxEksApi {
  readonly calls: EksApiCall[] = [];
  private server?: Server;
  private port = 0;
  private readonly deps: EksApiDeps;
  private readonly createdAt = Math.floor(Date.now() / 1000);

  constructor(deps: EksApiDeps) {
    this.deps = deps;
  }

  /** `http://127.0.0.1:<port>`: the endpoint for the SDK's EKS client. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens on a free port of 127.0.0.1. */
  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.serve(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => {
        reject(new Error(`sandbox EKS API cannot listen on 127.0.0.1: ${err.message}`));
      });
      server.listen(0, '127.0.0.1', () => {
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Closes the listener. */
  stop(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => {
        resolve();
      });
      server.closeAllConnections();
    });
  }

  private arn(kind: string, rest: string): string {
    return `arn:aws:eks:${this.deps.region}:${SANDBOX_ACCOUNT_ID}:${kind}/${rest}`;
  }

  private cluster(): Record<string, unknown> {
    const { clusterName, kubernetesVersion } = this.deps;
    const m = /^v?(\d+\.\d+)/.exec(kubernetesVersion);
    return {
      name: clusterName,
      arn: this.arn('cluster', clusterName),
      createdAt: this.createdAt,
      version: m?.[1] ?? '1.32',
      endpoint: this.deps.endpoint(),
      roleArn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/eks-cluster-role`,
      resourcesVpcConfig: {
        subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
        securityGroupIds: [],
        clusterSecurityGroupId: 'sg-0123456789abcdef0',
        vpcId: 'vpc-0123456789abcdef0',
        endpointPublicAccess: true,
        endpointPrivateAccess: false,
        publicAccessCidrs: ['0.0.0.0/0'],
      },
      kubernetesNetworkConfig: { serviceIpv4Cidr: '10.100.0.0/16', ipFamily: 'ipv4' },
      identity: {
        oidc: {
          issuer: `https://oidc.eks.${this.deps.region}.amazonaws.com/id/${uuidOf(clusterName).replace(/-/g, '').toUpperCase()}`,
        },
      },
      status: 'ACTIVE',
      certificateAuthority: { data: Buffer.from(this.deps.caPem).toString('base64') },
      platformVersion: 'eks.5',
      tags: {},
      accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
    };
  }

  private profile(p: SandboxFargateProfile): Record<string, unknown> {
    const { clusterName } = this.deps;
    return {
      fargateProfileName: p.name,
      fargateProfileArn: this.arn('fargateprofile', `${clusterName}/${p.name}/${uuidOf(`${clusterName}/${p.name}`)}`),
      clusterName,
      createdAt: this.createdAt,
      podExecutionRoleArn:
        p.podExecutionRoleArn ?? `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/eks-fargate-pod-execution-role`,
      subnets: p.subnets ?? ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
      selectors: p.selectors.map((s) => ({ namespace: s.namespace, ...(s.labels ? { labels: { ...s.labels } } : {}) })),
      status: 'ACTIVE',
      tags: {},
    };
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    let operation = 'Unknown';
    const send = ({ status, body, errorType }: EksAnswer): void => {
      this.calls.push({ operation, status });
      if (this.calls.length > 10_000) this.calls.shift();
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(text)),
        'x-amzn-RequestId': uuidOf(`${Date.now()}${Math.random()}`),
        ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
      });
      res.end(text);
    };
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://eks.local');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const op = operationOf(parts);
      if (!op) {
        send(
          failure(
            404,
            'ResourceNotFoundException',
            `no such EKS operation: ${req.method} ${url.pathname} (the sandbox serves DescribeCluster, ListClusters, ListFargateProfiles, DescribeFargateProfile)`,
          ),
        );
        return;
      }
      operation = op;
      send(this.answer(req, parts, url.searchParams));
    });
  }

  /** The answer to a signed read of `/clusters[/<name>[/fargate-profiles[/<profile>]]]`. */
  private answer(req: IncomingMessage, parts: string[], query: URLSearchParams): EksAnswer {
    if (!/^AWS4-HMAC-SHA256 Credential=/.test(req.headers.authorization ?? ''))
      return failure(
        403,
        'AccessDeniedException',
        'Missing Authentication Token: requests must be signed with AWS Signature Version 4',
      );
    if (req.method !== 'GET')
      return failure(405, 'InvalidRequestException', `${req.method} is not served by the sandbox EKS API (read-only)`);
    const { clusterName } = this.deps;
    if (parts.length === 1) return { status: 200, body: { clusters: [clusterName] } };
    if (parts[1] !== clusterName)
      return failure(404, 'ResourceNotFoundException', `No cluster found for name: ${parts[1]}.`);
    if (parts.length === 2) return { status: 200, body: { cluster: this.cluster() } };
    const profiles = [...this.deps.profiles()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (parts.length === 4) {
      const p = profiles.find((x) => x.name === parts[3]);
      if (!p) return failure(404, 'ResourceNotFoundException', `No Fargate Profile found with name: ${parts[3]}.`);
      return { status: 200, body: { fargateProfile: this.profile(p) } };
    }
    return listProfiles(profiles, query);
  }
}

/** An EKS API response: status, JSON body and, for errors, the `x-amzn-ErrorType`. */
interface EksAnswer {
  status: number;
  body: unknown;
  errorType?: string;
}

function failure(status: number, type: string, message: string): EksAnswer {
  return { status, body: { message }, errorType: type };
}

/** The operation a path names (`/clusters[/<name>[/fargate-profiles[/<profile>]]]`), or undefined. */
function operationOf(parts: string[]): string | undefined {
  if (parts[0] !== 'clusters' || parts.length > 4 || (parts.length >= 3 && parts[2] !== 'fargate-profiles'))
    return undefined;
  return ['ListClusters', 'DescribeCluster', 'ListFargateProfiles', 'DescribeFargateProfile'][parts.length - 1];
}

/** ListFargateProfiles: a page of names (`maxResults` 1–100, an opaque `nextToken`). */
function listProfiles(profiles: SandboxFargateProfile[], query: URLSearchParams): EksAnswer {
  const maxRaw = query.get('maxResults');
  const max = maxRaw === null ? 100 : Number(maxRaw);
  if (!Number.isInteger(max) || max < 1 || max > 100)
    return failure(400, 'InvalidParameterException', `maxResults must be between 1 and 100, got ${maxRaw}`);
  const token = query.get('nextToken');
  const start = token === null ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0 || start > profiles.length)
    return failure(400, 'InvalidParameterException', 'The nextToken is not valid');
  const page = profiles.slice(start, start + max).map((p) => p.name);
  const next = start + max < profiles.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
  return { status: 200, body: { fargateProfileNames: page, ...(next ? { nextToken: next } : {}) } };
}
