/**
 * ECS `secrets[].valueFrom` references: Secrets Manager ARNs (optionally with
 * `:json-key:version-stage:version-id`) and SSM Parameter Store ARNs or names.
 */
export type SecretReference =
  | {
      store: 'secretsmanager';
      /** The secret's ARN without the JSON key / version suffix, or its name. */
      key: string;
      /** Display name without the 6-character ARN suffix. */
      name: string;
      region?: string;
      jsonKey?: string;
      versionStage?: string;
      versionId?: string;
    }
  | {
      store: 'ssm';
      /** The parameter name as Parameter Store knows it (`/prod/db/url` or `db-url`). */
      key: string;
      name: string;
      region?: string;
    };

const SM_ARN = /^arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\d{12}):secret:([^:]+)(?::(.*))?$/;
const SSM_ARN = /^arn:(aws[a-z-]*):ssm:([a-z0-9-]+):(\d{12}):parameter(\/.*)$/;

/** Parse a `valueFrom`; returns an error message for something that is neither form. */
export function parseSecretReference(valueFrom: string): SecretReference | { error: string } {
  const sm = SM_ARN.exec(valueFrom);
  if (sm) {
    const [, partition = '', region = '', account = '', secretName = '', rest] = sm;
    const base = `arn:${partition}:secretsmanager:${region}:${account}:secret:${secretName}`;
    const display = secretName.replace(/-[A-Za-z0-9]{6}$/, '');
    const ref: SecretReference = { store: 'secretsmanager', key: base, name: display, region };
    if (rest !== undefined) {
      const parts = rest.split(':');
      if (parts.length > 3)
        return { error: `too many ":" parts after the secret name (expected json-key:version-stage:version-id)` };
      const [jsonKey, versionStage, versionId] = parts;
      if (versionStage && versionId) return { error: 'give either a version stage or a version id, not both' };
      if (jsonKey) ref.jsonKey = jsonKey;
      if (versionStage) ref.versionStage = versionStage;
      if (versionId) ref.versionId = versionId;
    }
    return ref;
  }
  const ssm = SSM_ARN.exec(valueFrom);
  if (ssm) {
    const [, , region = '', , path = ''] = ssm;
    // A name without slashes appears in the ARN as "parameter/name"; a hierarchical one as "parameter/a/b".
    const key = path.split('/').length > 2 ? path : path.slice(1);
    return { store: 'ssm', key, name: key, region };
  }
  if (valueFrom.startsWith('arn:')) {
    return { error: 'not a Secrets Manager secret ARN or an SSM parameter ARN' };
  }
  if (/^[A-Za-z0-9_.\-/]+$/.test(valueFrom)) {
    return { store: 'ssm', key: valueFrom, name: valueFrom };
  }
  return { error: 'not a valid SSM parameter name (letters, digits, "_", ".", "-", "/")' };
}
