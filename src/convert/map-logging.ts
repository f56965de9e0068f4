import type { EcsContainer } from '../ecs/model.js';
import type { WorkloadScope } from './scope.js';
import { looksLikeCredential } from './map-env.js';

/** Fluent Bit outputs EKS Fargate's built-in log router supports, by FireLens `Name`. */
const FARGATE_OUTPUTS: Readonly<Record<string, string>> = Object.freeze({
  cloudwatch: 'cloudwatch_logs',
  cloudwatch_logs: 'cloudwatch_logs',
  firehose: 'kinesis_firehose',
  kinesis_firehose: 'kinesis_firehose',
  kinesis: 'kinesis_streams',
  kinesis_streams: 'kinesis_streams',
  es: 'es',
  opensearch: 'opensearch',
});

/** An [OUTPUT] section of the aws-logging ConfigMap (`data.output.conf`). */
function outputSection(plugin: string, options: Record<string, string>, match: string): string {
  const shown = Object.entries(options).map(
    ([k, v]) => `${k} ${looksLikeCredential(k, v) ? '<set from a Secret>' : v}`,
  );
  return ['[OUTPUT]', `Name ${plugin}`, `Match ${match}`, ...shown].join(' | ');
}

/** What the logging mapper gathers over the containers of one workload. */
export interface LoggingState {
  /** Destinations EKS Fargate cannot ship to: destination → containers and secrets not carried. */
  unsupported: Map<string, { containers: string[]; secrets: string[]; field: string; container: string }>;
}

export function newLoggingState(): LoggingState {
  return { unsupported: new Map() };
}

/** Options as a map of strings, whatever the input held (the parser leaves logConfiguration alone). */
function optionsOf(c: EcsContainer): Record<string, string> {
  const o: unknown = c.logConfiguration?.options;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return {};
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** A field of an entry the parser did not check, as a template literal would show it. */
const entryField = (entry: unknown, key: string): string =>
  String(
    entry !== null && typeof entry === 'object' && key in entry ? (entry as Record<string, unknown>)[key] : undefined,
  );

const secretList = (c: EcsContainer): string[] => [
  ...(Array.isArray(c.logConfiguration?.secretOptions) ? (c.logConfiguration.secretOptions as unknown[]) : []).map(
    (s) => `${entryField(s, 'name')} (${entryField(s, 'valueFrom')})`,
  ),
  ...Object.entries(optionsOf(c))
    .filter(([k, v]) => looksLikeCredential(k, v))
    .map(([k]) => `${k} (a plain option value, not shown)`),
];

/**
 * logConfiguration → the Fluent Bit [OUTPUT] of EKS Fargate's `aws-logging` ConfigMap (namespace
 * `aws-observability`) for CloudWatch, Firehose, Kinesis and OpenSearch — shown, not applied: that
 * ConfigMap is one per cluster, shared by every Fargate pod. Any other destination is gathered for
 * one warning per destination. Every `secretOptions` entry is named where it is not carried over.
 */
export function mapLogging(scope: WorkloadScope, c: EcsContainer, at: string, state: LoggingState): void {
  // The parser leaves logConfiguration alone: it may hold anything.
  const lc: unknown = c.logConfiguration;
  if (lc !== undefined && (lc === null || typeof lc !== 'object')) {
    scope.add(
      'warning',
      'log-driver',
      `logConfiguration ${JSON.stringify(lc)} is not an object: ignored`,
      `${at}.logConfiguration`,
      c.name,
    );
  } else if (lc) {
    const given = 'logDriver' in lc ? lc.logDriver : undefined;
    const driver =
      typeof given === 'string' ? given : given === undefined || given === null ? '' : JSON.stringify(given);
    const options = optionsOf(c);
    const secrets = secretList(c);
    const field = `${at}.logConfiguration`;
    if (driver === 'awslogs') {
      const out: Record<string, string> = {
        region: options['awslogs-region'] ?? '<region>',
        log_group_name: options['awslogs-group'] ?? '<group>',
      };
      if (options['awslogs-stream-prefix']) out['log_stream_prefix'] = `${options['awslogs-stream-prefix']}-`;
      if (options['awslogs-create-group'] === 'true') out['auto_create_group'] = 'true';
      scope.add(
        'warning',
        'log-driver',
        `log driver awslogs: EKS Fargate has no per-container log drivers; stdout/stderr are shipped by Fargate's built-in Fluent Bit, configured once per cluster in ConfigMap aws-logging of namespace aws-observability: ${outputSection('cloudwatch_logs', out, '*')}` +
          (secrets.length > 0 ? `; not carried over: ${secrets.join(', ')}` : ''),
        field,
        c.name,
      );
    } else if (driver === 'awsfirelens') {
      const name = (options['Name'] ?? options['name'] ?? '').toLowerCase();
      delete options['Name'];
      delete options['name'];
      const plugin = FARGATE_OUTPUTS[name];
      if (plugin) {
        scope.add(
          'warning',
          'log-driver',
          `log driver awsfirelens (output ${name}): EKS Fargate's built-in Fluent Bit supports it; add this to ConfigMap aws-logging (namespace aws-observability, one per cluster): ${outputSection(plugin, options, '*')}` +
            (secrets.length > 0 ? `; not carried over (aws-logging takes no secrets): ${secrets.join(', ')}` : ''),
          field,
          c.name,
        );
      } else {
        const dest = name || (options['Host'] ?? options['host'] ?? 'an unnamed output');
        const entry = state.unsupported.get(dest) ?? { containers: [], secrets: [], field, container: c.name };
        entry.containers.push(c.name);
        entry.secrets.push(...secrets);
        state.unsupported.set(dest, entry);
        scope.ledger.finding(field, 'firelens-destination');
      }
    } else {
      scope.add(
        'warning',
        'log-driver',
        `log driver ${driver}: EKS Fargate has no per-container log drivers and its built-in Fluent Bit (ConfigMap aws-logging in namespace aws-observability) ships only to CloudWatch, Firehose, Kinesis and OpenSearch; run a log-shipping sidecar for ${driver}` +
          (secrets.length > 0 ? `; not carried over: ${secrets.join(', ')}` : ''),
        field,
        c.name,
      );
    }
  }
  if (c.firelensConfiguration) {
    scope.add(
      'warning',
      'firelens',
      "FireLens log router container: EKS Fargate does not route other containers' stdout to it; it is converted as a plain container — remove it when the built-in Fluent Bit (aws-logging ConfigMap) covers the destination, or keep it as a sidecar that tails log files the app writes to a shared emptyDir",
      `${at}.firelensConfiguration`,
      c.name,
    );
  }
}

/** One warning per FireLens destination EKS Fargate cannot ship to, naming every secret left behind. */
export function unsupportedLogDestinations(scope: WorkloadScope, state: LoggingState): void {
  for (const [dest, e] of [...state.unsupported.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    scope.add(
      'warning',
      'firelens-destination',
      `FireLens sends the logs of ${e.containers.join(', ')} to ${dest}, which EKS Fargate's built-in Fluent Bit cannot ship to (it supports CloudWatch, Firehose, Kinesis and OpenSearch): keep a Fluent Bit sidecar with that output, reading log files from a shared emptyDir, or ship to CloudWatch/Firehose and forward from there` +
        (e.secrets.length > 0 ? `; secrets not carried over: ${e.secrets.join(', ')}` : ''),
      e.field,
      e.containers.length === 1 ? e.container : undefined,
    );
  }
}
