/** The autoscaling/v1 Scale subresource of a workload: how it reads, and which replica counts it accepts. */
import { nameOf, type KubeObject } from '../object.js';
import { formatLabelSelector, type LabelSelectorSpec } from '../selectors.js';
import { invalid } from '../status.js';

/** The Scale view of a stored workload. */
export function scaleOf(o: KubeObject): KubeObject {
  const spec = (o.spec ?? {}) as { replicas?: number; selector?: LabelSelectorSpec };
  const status = (o.status ?? {}) as { replicas?: number };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: formatLabelSelector(spec.selector) },
  };
}

/** `spec.replicas` of a Scale must be a whole number ≥ 0 (a 422 naming the workload otherwise). */
export function checkReplicas(workload: KubeObject, replicas: unknown): asserts replicas is number {
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid({ resource: 'scale', group: 'autoscaling', kind: 'Scale', name: nameOf(workload) }, [
      {
        type: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
        field: 'spec.replicas',
      },
    ]);
  }
}
