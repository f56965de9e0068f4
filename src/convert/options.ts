import type { FargateRates } from '../fargate/pricing.js';

/** How the ALB of an ECS service is carried over. */
export const AlbMode = { Ingress: 'ingress', TargetGroupBinding: 'target-group-binding' } as const;
export type AlbMode = (typeof AlbMode)[keyof typeof AlbMode];

/** Options of the conversion (from flags / action inputs, validated before). */
export interface ConvertOptions {
  namespace: string;
  dropUnsupported: boolean;
  albMode: AlbMode;
  rates: FargateRates;
  /** External Secrets Operator stores the ExternalSecrets reference (ClusterSecretStore names). */
  secretStores: { secretsManager: string; parameterStore: string };
}
