import type { EcsContainer } from '../ecs/model.js';
import { isConfigMapKey, joinName } from './names.js';
import type { KubeObject } from '../model/kube-object.js';
import { cmpStr, type Container, type WorkloadScope } from './scope.js';
import { parseSecretReference, type SecretReference } from './secrets.js';

/** What the env mapper collects over all containers of a workload. */
export interface EnvState {
  secretRefs: { container: string; env: string; key: string; ref: SecretReference }[];
  /** Plain-environment values that look like credentials: they go into a Secret, never a ConfigMap. */
  credentials: { container: string; env: string; key: string; value: string }[];
  configMaps: KubeObject[];
  /** Env values safe to inspect for endpoints (credentials removed, URL passwords stripped). */
  envValues: string[];
  secretNames: string[];
}

export function newEnvState(): EnvState {
  return { secretRefs: [], credentials: [], configMaps: [], envValues: [], secretNames: [] };
}

const CREDENTIAL_NAME =
  /(PASS(WORD|WD)?|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH_?KEY|CLIENT_?SECRET|SIGNING_?KEY|ENCRYPTION_?KEY|SALT|DSN)($|_)/i;
/** Names that say the value is a pointer to a credential or a setting about one, not the credential. */
const NOT_A_CREDENTIAL_NAME =
  /(_|^)(ARN|NAME|PATH|FILE|URL_PATH|REGION|HEADER|TYPE|ENABLED|TTL|EXPIRY|EXPIRES|LENGTH|TIMEOUT|ROTATION|ID)$/i;
const CREDENTIAL_VALUE: readonly RegExp[] = [
  /^(AKIA|ASIA)[A-Z0-9]{16}$/, // AWS access key id
  /^[A-Za-z0-9/+]{40}$/, // AWS secret access key shape
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, // URL with a password
  /^(gh[pousr]_[A-Za-z0-9]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk_(live|test)_[A-Za-z0-9]{10,}|glpat-[A-Za-z0-9_-]{20})$/,
];

/**
 * True when a plain environment variable looks like a credential: a name such as DB_PASSWORD,
 * API_KEY, GITHUB_TOKEN with a value that is not empty, a number, a boolean or a placeholder; or a
 * value shaped like an AWS access key, a private key, a known token, or a URL carrying a password.
 */
/** All value shapes in one pattern: one scan per value on the common path. */
const ANY_CREDENTIAL_VALUE = new RegExp(CREDENTIAL_VALUE.map((re) => `(?:${re.source})`).join('|'));

export function looksLikeCredential(name: string, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const v = value.trim();
  if (ANY_CREDENTIAL_VALUE.test(v)) {
    // 40 base64 characters alone are too common (hashes, ids) unless the name agrees.
    return !/^[A-Za-z0-9/+]{40}$/.test(v) || CREDENTIAL_NAME.test(name);
  }
  if (!CREDENTIAL_NAME.test(name) || (NOT_A_CREDENTIAL_NAME.test(name) && !/ACCESS_?KEY_ID$/i.test(name))) return false;
  if (v === '' || /^(true|false|yes|no|on|off|none|null|-?\d+(\.\d+)?)$/i.test(v)) return false;
  if (/^arn:|^\$\{.*\}$|^<.*>$|^(changeme|replace_?me|todo|xxx+|\*+)$/i.test(v)) return false;
  return true;
}

/** Secret keys must be valid Secret data keys; env var names already are, except rare characters. */
function secretKey(envName: string): string {
  return envName.replace(/[^-._a-zA-Z0-9]/g, '_');
}

/** Secret name holding a workload's credentials found in plain environment. */
const credentialsSecretName = (workload: string): string => joinName([workload, 'env-credentials']);

/**
 * environment → ConfigMap + envFrom (credentials → Secret + secretKeyRef), environmentFiles →
 * warnings with the commands that copy them, secrets → secretKeyRef to the ExternalSecret's Secret.
 */
export function mapEnvironment(
  scope: WorkloadScope,
  c: EcsContainer,
  at: string,
  k: Container,
  single: boolean,
  state: EnvState,
): void {
  const { name } = scope;
  const cName = k.name;
  const env: Record<string, unknown>[] = [];
  const cmData: Record<string, string> = {};
  const cmName = single ? joinName([name, 'config']) : joinName([name, cName, 'config']);
  const creds: string[] = [];
  const sortedEnv = (c.environment ?? [])
    .map((e, j) => ({ e, j }))
    .sort((a, b) => cmpStr(a.e.name ?? '', b.e.name ?? ''));
  for (const { e, j } of sortedEnv) {
    const envName = e.name ?? '';
    const value = e.value ?? '';
    if (looksLikeCredential(envName, value)) {
      let key = secretKey(envName);
      if (state.credentials.some((x) => x.key === key)) key = secretKey(`${cName}.${envName}`);
      state.credentials.push({ container: cName, env: envName, key, value });
      env.push({ name: envName, valueFrom: { secretKeyRef: { name: credentialsSecretName(name), key } } });
      creds.push(envName);
      scope.ledger.finding(`${at}.environment[${j}]`, 'plain-credential');
      continue;
    }
    state.envValues.push(value.includes('@') ? value.replace(/\/\/[^/\s:@]+:[^/\s@]+@/, '//') : value);
    if (isConfigMapKey(envName) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(envName)) cmData[envName] = value;
    else env.push({ name: envName, value });
  }
  // One entry for the list (the ledger covers subtrees): credentials above also have their finding.
  if (sortedEnv.length > 0)
    scope.mapped(
      `${at}.environment`,
      `ConfigMap/${cmName} data, Deployment/${name} container ${cName} env${creds.length > 0 ? `, Secret/${credentialsSecretName(name)}` : ''}`,
    );
  if (c.environment && c.environment.length === 0) scope.noMeaning(`${at}.environment`);
  if (creds.length > 0) {
    scope.add(
      'warning',
      'plain-credential',
      `environment ${creds.join(', ')} ${creds.length === 1 ? 'looks' : 'look'} like ${creds.length === 1 ? 'a credential' : 'credentials'} in plain text: rendered into Secret ${credentialsSecretName(name)} (not the ConfigMap) and never shown; better, store ${creds.length === 1 ? 'it' : 'them'} in Secrets Manager, reference ${creds.length === 1 ? 'it' : 'them'} from "secrets", and let an ExternalSecret create the Secret`,
      `${at}.environment`,
      c.name,
    );
  }
  const envFrom: Record<string, unknown>[] = [];
  if (Object.keys(cmData).length > 0) {
    state.configMaps.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: scope.meta(cmName), data: cmData });
    envFrom.push({ configMapRef: { name: cmName } });
    scope.row(`${at}.environment (${Object.keys(cmData).length})`, `ConfigMap ${cmName} via envFrom`);
  }
  environmentFileWarnings(scope, c, at, cName);
  env.push(...mapSecretRefs(scope, c, at, cName, state));
  if (env.length > 0) k['env'] = env.sort((a, b) => cmpStr(String(a['name']), String(b['name'])));
  if (envFrom.length > 0) k['envFrom'] = envFrom;
}

/** environmentFiles: Kubernetes cannot read env files from S3; say how to make them a ConfigMap. */
function environmentFileWarnings(scope: WorkloadScope, c: EcsContainer, at: string, cName: string): void {
  const { name } = scope;
  (c.environmentFiles ?? []).forEach((f, j) => {
    const cm = joinName([name, cName, 'envfile', String(j)]);
    // ECS takes the S3 object's ARN; `aws s3 cp` only takes s3:// URLs.
    const s3Url = (f.value ?? '').replace(/^arn:aws[a-z-]*:s3:::/, 's3://');
    scope.add(
      'warning',
      'environment-file',
      `environmentFiles ${f.value}: Kubernetes cannot read env files from S3. Copy it into a ConfigMap: aws s3 cp ${s3Url} ./${cm}.env && kubectl create configmap ${cm} -n ${scope.namespace} --from-env-file=./${cm}.env, then add envFrom: [{configMapRef: {name: ${cm}}}] to container ${cName}`,
      `${at}.environmentFiles[${j}]`,
      c.name,
    );
  });
  if (c.environmentFiles && c.environmentFiles.length === 0) scope.noMeaning(`${at}.environmentFiles`);
}

/** secrets → env entries from the ExternalSecret-made Secret of their store (Secrets Manager or SSM). */
function mapSecretRefs(
  scope: WorkloadScope,
  c: EcsContainer,
  at: string,
  cName: string,
  state: EnvState,
): Record<string, unknown>[] {
  const { name } = scope;
  const env: Record<string, unknown>[] = [];
  (c.secrets ?? []).forEach((s, j) => {
    const ref = parseSecretReference(s.valueFrom);
    if ('error' in ref) {
      scope.blocked = true;
      scope.add(
        'blocker',
        'secret-reference',
        `secret ${s.name}: valueFrom ${JSON.stringify(s.valueFrom)} is ${ref.error}`,
        `${at}.secrets[${j}].valueFrom`,
        c.name,
      );
      scope.ledger.finding(`${at}.secrets[${j}]`, 'secret-reference');
      return;
    }
    // Containers share one Secret per store: the same variable naming a different secret in
    // another container gets its own key, or both would silently read the first one.
    let key = secretKey(s.name);
    if (
      state.secretRefs.some(
        (r) => r.ref.store === ref.store && r.key === key && JSON.stringify(r.ref) !== JSON.stringify(ref),
      )
    ) {
      key = secretKey(`${cName}.${s.name}`);
    }
    const secretName = joinName([name, ref.store === 'ssm' ? 'parameters' : 'secrets']);
    state.secretRefs.push({ container: cName, env: s.name, key, ref });
    state.secretNames.push(ref.name);
    env.push({ name: s.name, valueFrom: { secretKeyRef: { name: secretName, key } } });
    scope.mapped(`${at}.secrets[${j}]`, `ExternalSecret/${secretName} data.${key} → container ${cName} env.${s.name}`);
  });
  if (c.secrets && c.secrets.length === 0) scope.noMeaning(`${at}.secrets`);
  return env;
}

/** ExternalSecrets for the `secrets` references, and the Secret for credentials found in plain env. */
export function secretObjects(scope: WorkloadScope, state: EnvState): KubeObject[] {
  const { options, name } = scope;
  const out: KubeObject[] = [];
  for (const store of ['secretsmanager', 'ssm'] as const) {
    const refs = state.secretRefs.filter((s) => s.ref.store === store);
    if (refs.length === 0) continue;
    const esName = joinName([name, store === 'ssm' ? 'parameters' : 'secrets']);
    const data = refs
      .map((s) => {
        const remoteRef: Record<string, string> = { key: s.ref.key };
        if (s.ref.store === 'secretsmanager') {
          if (s.ref.jsonKey) remoteRef['property'] = s.ref.jsonKey;
          if (s.ref.versionId) remoteRef['version'] = `uuid/${s.ref.versionId}`;
          else if (s.ref.versionStage) remoteRef['version'] = s.ref.versionStage;
        }
        return { secretKey: s.key, remoteRef };
      })
      .filter((d, idx, all) => all.findIndex((x) => x.secretKey === d.secretKey) === idx)
      .sort((a, b) => cmpStr(a.secretKey, b.secretKey));
    const storeName = store === 'ssm' ? options.secretStores.parameterStore : options.secretStores.secretsManager;
    out.push({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: scope.meta(esName),
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: storeName },
        target: { name: esName, creationPolicy: 'Owner' },
        data,
      },
    });
    scope.row(
      `secrets (${refs.length}, ${store === 'ssm' ? 'SSM Parameter Store' : 'Secrets Manager'})`,
      `ExternalSecret ${esName} → Secret ${esName}, env valueFrom.secretKeyRef`,
      `needs External Secrets Operator and ClusterSecretStore ${storeName} (the Secrets Store CSI driver does not run on Fargate)`,
    );
  }
  if (state.credentials.length > 0) {
    const secretName = credentialsSecretName(name);
    const stringData: Record<string, string> = {};
    for (const c of [...state.credentials].sort((a, b) => cmpStr(a.key, b.key))) stringData[c.key] = c.value;
    out.push({ apiVersion: 'v1', kind: 'Secret', metadata: scope.meta(secretName), type: 'Opaque', stringData });
    scope.row(
      `environment credentials (${state.credentials.length})`,
      `Secret ${secretName}, env valueFrom.secretKeyRef`,
      'values never shown; move them to Secrets Manager and an ExternalSecret',
    );
  }
  return out;
}
