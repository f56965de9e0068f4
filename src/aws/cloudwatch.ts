/**
 * The Application Load Balancer metrics a cutover gate looks at, from CloudWatch GetMetricData:
 * requests, 5xx answers (from the targets and from the load balancer itself) and target response
 * time, for one load balancer over one time window.
 */
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { LatencyStatistic } from '../config/cutover.js';

/** Totals of one load balancer over a window. */
export interface AlbMetrics {
  /** `app/<name>/<id>`: the LoadBalancer dimension. */
  loadBalancer: string;
  start: string;
  end: string;
  requests: number;
  /** HTTPCode_Target_5XX_Count + HTTPCode_ELB_5XX_Count. */
  errors5xx: number;
  /** TargetResponseTime with `latencyStatistic`, worst period of the window, milliseconds; undefined without data. */
  latencyMs?: number;
  latencyStatistic: LatencyStatistic;
  /** Periods that had any data (ALB metrics are published per minute, a few minutes late). */
  periodsWithData: number;
}

/**
 * Read the metrics of `loadBalancer` over [start, end], widened to whole periods (CloudWatch
 * aggregates ALB metrics per minute; a window inside one minute still reads that minute).
 */
export async function readAlbMetrics(
  client: CloudWatchClient,
  loadBalancer: string,
  window: { start: Date; end: Date },
  opts: { periodSeconds?: number; latencyStatistic?: LatencyStatistic; signal?: AbortSignal } = {},
): Promise<AlbMetrics> {
  const period = opts.periodSeconds ?? 60;
  const stat = opts.latencyStatistic ?? 'p95';
  const p = period * 1000;
  const start = new Date(Math.floor(window.start.getTime() / p) * p);
  let end = new Date(Math.ceil(window.end.getTime() / p) * p);
  if (end.getTime() <= start.getTime()) end = new Date(start.getTime() + p);
  const dims = [{ Name: 'LoadBalancer', Value: loadBalancer }];
  const q = (id: string, metric: string, s: string): MetricDataQuery => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/ApplicationELB', MetricName: metric, Dimensions: dims },
      Period: period,
      Stat: s,
    },
    ReturnData: true,
  });
  const queries = [
    q('requests', 'RequestCount', 'Sum'),
    q('target5xx', 'HTTPCode_Target_5XX_Count', 'Sum'),
    q('elb5xx', 'HTTPCode_ELB_5XX_Count', 'Sum'),
    q('latency', 'TargetResponseTime', stat),
  ];
  const values = new Map<string, number[]>();
  let token: string | undefined;
  do {
    const res = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: start,
        EndTime: end,
        ...(token ? { NextToken: token } : {}),
      }),
      opts.signal ? { abortSignal: opts.signal } : {},
    );
    for (const r of res.MetricDataResults ?? []) {
      // Every query above has an Id, and every result names its query's.
      if (r.Id === undefined) continue;
      values.set(r.Id, [...(values.get(r.Id) ?? []), ...(r.Values ?? []).filter((v) => Number.isFinite(v))]);
    }
    token = res.NextToken;
  } while (token);
  const sum = (id: string): number => (values.get(id) ?? []).reduce((a, b) => a + b, 0);
  const latency = values.get('latency') ?? [];
  const out: AlbMetrics = {
    loadBalancer,
    start: start.toISOString(),
    end: end.toISOString(),
    requests: sum('requests'),
    errors5xx: sum('target5xx') + sum('elb5xx'),
    latencyStatistic: stat,
    periodsWithData: Math.max(values.get('requests')?.length ?? 0, latency.length),
  };
  // TargetResponseTime is in seconds.
  if (latency.length > 0) out.latencyMs = Math.round(Math.max(...latency) * 1000);
  return out;
}

/** The default client for a region; time limits set because the SDK's default is to wait forever. */
export function defaultCloudWatchClient(region: string): CloudWatchClient {
  return new CloudWatchClient({
    region,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
  });
}
