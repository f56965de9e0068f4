/**
 * The AWS side of the adoption tests: a recording proxy on 127.0.0.1 in front of moto_server.
 * Every request is forwarded as is and recorded as the IAM action it needs (`eks:DescribeCluster`),
 * so a test can compare the calls a workflow made with the permissions documented for it.
 * One answer is changed: DescribeCluster of the cluster the sandbox plays gets the sandbox's
 * endpoint and CA, as EKS would answer with the real API server's.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded call. */
interface AwsCallRecord {
  /** IAM action, e.g. `eks:DescribeCluster`. */
  action: string;
  status: number;
  userAgent: string;
}

/** A running recorder. */
export interface AwsRecorder {
  url: string;
  calls: AwsCallRecord[];
  /** The EKS cluster the sandbox answers for (set once the sandbox runs). */
  cluster?: { name: string; endpoint: string; caPem: string };
  /** Calls made by the tool (the AWS SDK for JavaScript), not by the sandbox's own STS checks. */
  toolActions(from?: number): string[];
  stop(): Promise<void>;
}

/** The IAM prefix of a SigV4 service name. */
const IAM_PREFIX: Record<string, string> = {
  monitoring: 'cloudwatch',
  'application-autoscaling': 'application-autoscaling',
};

/** EKS is a REST API: method and path name the operation. */
function eksOperation(method: string, path: string): string {
  const p = path.split('?')[0]!.replace(/\/+$/, '');
  if (method === 'GET' && /^\/clusters\/[^/]+$/.test(p)) return 'DescribeCluster';
  if (method === 'GET' && /^\/clusters\/[^/]+\/fargate-profiles$/.test(p)) return 'ListFargateProfiles';
  if (method === 'GET' && /^\/clusters\/[^/]+\/fargate-profiles\/[^/]+$/.test(p)) return 'DescribeFargateProfile';
  if (method === 'POST' && p === '/clusters') return 'CreateCluster';
  if (method === 'POST' && /^\/clusters\/[^/]+\/fargate-profiles$/.test(p)) return 'CreateFargateProfile';
  return `${method} ${p}`;
}

function actionOf(req: IncomingMessage, body: string): string {
  const auth = req.headers.authorization ?? '';
  const url = new URL(req.url ?? '/', 'http://x');
  const scope =
    /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(auth)?.[1] ??
    url.searchParams.get('X-Amz-Credential')?.split('/')[3] ??
    'unknown';
  // AssumeRoleWithWebIdentity is the one unsigned call (the web identity token is the credential).
  const unsigned = scope === 'unknown' && /(^|&)Action=AssumeRoleWithWebIdentity(&|$)/.test(body) ? 'sts' : scope;
  const prefix = IAM_PREFIX[unsigned] ?? unsigned;
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return `${prefix}:${target.split('.').pop()}`;
  const form = new URLSearchParams(body).get('Action') ?? url.searchParams.get('Action');
  if (form) return `${prefix}:${form}`;
  if (prefix === 'eks') return `eks:${eksOperation(req.method ?? 'GET', req.url ?? '/')}`;
  if (prefix === 'route53') {
    if (/\/hostedzone\/[^/]+\/rrset\/?$/.test(url.pathname))
      return `route53:${req.method === 'POST' ? 'ChangeResourceRecordSets' : 'ListResourceRecordSets'}`;
    if (/\/change\/[^/]+$/.test(url.pathname)) return 'route53:GetChange';
  }
  return `${prefix}:${req.method} ${url.pathname}`;
}

/** Start the recorder in front of `motoEndpoint`; `cluster` is the EKS cluster the sandbox answers for. */
export async function startAwsRecorder(motoEndpoint: string): Promise<AwsRecorder> {
  const target = new URL(motoEndpoint);
  const calls: AwsCallRecord[] = [];
  // eslint-disable-next-line prefer-const -- assigned once the object exists
  let self: AwsRecorder;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = actionOf(req, body.toString('utf8'));
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (up) => {
          const parts: Buffer[] = [];
          up.on('data', (c: Buffer) => parts.push(c));
          up.on('end', () => {
            let out = Buffer.concat(parts);
            const headers = { ...up.headers };
            const cluster = self.cluster;
            if (
              cluster &&
              action === 'eks:DescribeCluster' &&
              up.statusCode === 200 &&
              new RegExp(`^/clusters/${cluster.name}(\\?|$)`).test(req.url ?? '')
            ) {
              const doc = JSON.parse(out.toString('utf8')) as { cluster: Record<string, unknown> };
              doc.cluster['endpoint'] = cluster.endpoint;
              doc.cluster['certificateAuthority'] = { data: Buffer.from(cluster.caPem).toString('base64') };
              doc.cluster['status'] = 'ACTIVE';
              out = Buffer.from(JSON.stringify(doc));
              headers['content-length'] = String(out.length);
            }
            calls.push({ action, status: up.statusCode ?? 0, userAgent: req.headers['user-agent'] ?? '' });
            res.writeHead(up.statusCode ?? 502, headers).end(out);
          });
        },
      );
      upstream.on('error', (err) => {
        calls.push({ action, status: 502, userAgent: req.headers['user-agent'] ?? '' });
        res.writeHead(502).end(err.message);
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  self = {
    url,
    calls,
    toolActions: (from = 0) =>
      [
        ...new Set(
          calls
            .slice(from)
            .filter((c) => /aws-sdk-js/.test(c.userAgent))
            .map((c) => c.action),
        ),
      ].sort(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
  return self;
}
