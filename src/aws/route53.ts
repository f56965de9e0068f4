/**
 * Route 53 weighted records for one name: read them, and set the weights of the old and the new
 * target in ONE change batch (Route 53 applies a batch atomically, so the name never resolves
 * to neither). Targets are alias records to the load balancers (A/AAAA, with the load balancer's
 * canonical hosted zone id) or CNAMEs.
 */
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandOutput,
  Route53Client,
  type Change,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { systemClock } from '../util/retry.js';

/** What a weighted record points at. */
export type WeightedTarget =
  | { kind: 'alias'; dnsName: string; hostedZoneId: string; evaluateTargetHealth: boolean }
  | { kind: 'cname'; value: string; ttl: number };

/** One weighted record of the name. */
export interface WeightedRecord {
  setIdentifier: string;
  /** 0–255. */
  weight: number;
  target: WeightedTarget;
}

/** The name the weights are for. */
export interface RecordName {
  hostedZoneId: string;
  /** `api.example.com` (a trailing dot is fine). */
  name: string;
  type: 'A' | 'AAAA' | 'CNAME';
}

/**
 * Canonical hosted zone ids of Application Load Balancers per region, for alias records
 * (AWS General Reference, "Elastic Load Balancing endpoints and quotas").
 */
const ALB_HOSTED_ZONE_IDS: Readonly<Record<string, string>> = {
  'af-south-1': 'Z268VQBMOI5EKX',
  'ap-east-1': 'Z3DQVH9N71FHZ0',
  'ap-northeast-1': 'Z14GRHDCWA56QT',
  'ap-northeast-2': 'ZWKZPGTI48KDX',
  'ap-northeast-3': 'Z5LXEXXYW11ES',
  'ap-south-1': 'ZP97RAFLXTNZK',
  'ap-south-2': 'Z0173938T07WNTVAEPZN',
  'ap-southeast-1': 'Z1LMS91P8CMLE5',
  'ap-southeast-2': 'Z1GM3OXH4ZPM65',
  'ap-southeast-3': 'Z08888821HLRG5A9ZRTER',
  'ca-central-1': 'ZQSVJUPU6J1EY',
  'cn-north-1': 'Z1GDH35T77C1KE',
  'cn-northwest-1': 'ZM7IZAIOVVDZF',
  'eu-central-1': 'Z215JYRZR1TBD5',
  'eu-central-2': 'Z06391101F2ZOEP8P5EB3',
  'eu-north-1': 'Z23TAZ6LKFMNIO',
  'eu-south-1': 'Z3ULH7SSC9OV64',
  'eu-south-2': 'Z0956581394HF5D5LXGAP',
  'eu-west-1': 'Z32O12XQLNTSW2',
  'eu-west-2': 'ZHURV8PSTC4K8',
  'eu-west-3': 'Z3Q77PNBQS71R4',
  'me-central-1': 'Z08230872XQRWHG2XF6I',
  'me-south-1': 'ZS929ML54UICD',
  'sa-east-1': 'Z2P70J7HTTTPLU',
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-east-2': 'Z3AADJGX6KTTL2',
  'us-gov-east-1': 'Z166TLBEWOO7G0',
  'us-gov-west-1': 'Z33AYJ8TM3BH4J',
  'us-west-1': 'Z368ELLRRE2KJ0',
  'us-west-2': 'Z1H1FL5HABSF5',
};

/** The region in an ELB DNS name (`web-123.eu-west-1.elb.amazonaws.com` → `eu-west-1`), if it is one. */
function albRegion(dnsName: string): string | undefined {
  return /\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.elb\.amazonaws\.com(?:\.cn)?\.?$/i.exec(dnsName.trim())?.[1]?.toLowerCase();
}

/** The canonical hosted zone id of an ALB, from the region in its DNS name. */
export function albHostedZoneId(dnsName: string): string | undefined {
  const region = albRegion(dnsName);
  return region ? ALB_HOSTED_ZONE_IDS[region] : undefined;
}

/** `API.example.com` → `api.example.com.` (how Route 53 returns names; `*` comes back as `\052`). */
export function normaliseName(name: string): string {
  const n = name.trim().toLowerCase().replace(/\\052/g, '*');
  return n.endsWith('.') ? n : `${n}.`;
}

/** Every record set of the name and type (weighted or not), in Route 53's order. */
export async function listRecordSets(
  client: Route53Client,
  rec: RecordName,
  signal?: AbortSignal,
): Promise<ResourceRecordSet[]> {
  const want = normaliseName(rec.name);
  const out: ResourceRecordSet[] = [];
  let start: { name: string; type: string; id?: string } | undefined = { name: want, type: rec.type };
  while (start) {
    const page: ListResourceRecordSetsCommandOutput = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: rec.hostedZoneId,
        StartRecordName: start.name,
        StartRecordType: start.type as ResourceRecordSet['Type'],
        ...(start.id ? { StartRecordIdentifier: start.id } : {}),
        MaxItems: 100,
      }),
      signal ? { abortSignal: signal } : {},
    );
    let past = false;
    for (const r of page.ResourceRecordSets ?? []) {
      if (normaliseName(r.Name ?? '') !== want || r.Type !== rec.type) {
        past = true;
        continue;
      }
      out.push(r);
    }
    // Sets come sorted by name and type: once past ours there is nothing more to read.
    start =
      page.IsTruncated && !past && page.NextRecordName
        ? {
            name: page.NextRecordName,
            type: page.NextRecordType ?? rec.type,
            ...(page.NextRecordIdentifier ? { id: page.NextRecordIdentifier } : {}),
          }
        : undefined;
  }
  return out;
}

/** The Route 53 record set of a weighted record. */
function recordSetOf(rec: RecordName, w: WeightedRecord): ResourceRecordSet {
  const base = { Name: normaliseName(rec.name), Type: rec.type, SetIdentifier: w.setIdentifier, Weight: w.weight };
  if (w.target.kind === 'alias') {
    return {
      ...base,
      AliasTarget: {
        DNSName: w.target.dnsName,
        HostedZoneId: w.target.hostedZoneId,
        EvaluateTargetHealth: w.target.evaluateTargetHealth,
      },
    };
  }
  return { ...base, TTL: w.target.ttl, ResourceRecords: [{ Value: w.target.value }] };
}

/** Options of {@link setWeights}. */
export interface SetWeightsOptions {
  /** Record sets to delete in the same batch (a simple record being turned into weighted ones). */
  remove?: readonly ResourceRecordSet[];
  comment?: string;
  /** Wait until Route 53 reports the change INSYNC on its name servers (default true). */
  waitInsync?: boolean;
  /** Bound on that wait, ms. Default 300 000. */
  insyncTimeoutMs?: number;
  /** Pause between GetChange calls, ms. Default 2 000. */
  pollMs?: number;
  signal?: AbortSignal;
}

/**
 * UPSERT the weighted records (and DELETE `remove`) in one change batch; wait for INSYNC unless
 * told not to. Returns the change id and its last status.
 */
export async function setWeights(
  client: Route53Client,
  rec: RecordName,
  records: readonly WeightedRecord[],
  opts: SetWeightsOptions = {},
): Promise<{ changeId: string; status: string }> {
  const changes: Change[] = [
    ...(opts.remove ?? []).map((r): Change => ({ Action: 'DELETE', ResourceRecordSet: r })),
    ...records.map((w): Change => ({ Action: 'UPSERT', ResourceRecordSet: recordSetOf(rec, w) })),
  ];
  const res = await client.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: rec.hostedZoneId,
      ChangeBatch: { Changes: changes, ...(opts.comment ? { Comment: opts.comment.slice(0, 256) } : {}) },
    }),
    opts.signal ? { abortSignal: opts.signal } : {},
  );
  const changeId = res.ChangeInfo?.Id ?? '';
  let status: string = res.ChangeInfo?.Status ?? 'PENDING';
  if (opts.waitInsync === false || !changeId) return { changeId, status };
  const deadline = Date.now() + (opts.insyncTimeoutMs ?? 300_000);
  while (status !== 'INSYNC' && Date.now() < deadline && !opts.signal?.aborted) {
    await systemClock.sleep(opts.pollMs ?? 2_000);
    const c = await client.send(
      new GetChangeCommand({ Id: changeId }),
      opts.signal ? { abortSignal: opts.signal } : {},
    );
    status = c.ChangeInfo?.Status ?? status;
  }
  return { changeId, status };
}

/**
 * The default client (region is irrelevant to Route 53, a global service, but the SDK wants one);
 * time limits set because the SDK's default is to wait forever.
 */
export function defaultRoute53Client(): Route53Client {
  return new Route53Client({
    region: process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
  });
}
