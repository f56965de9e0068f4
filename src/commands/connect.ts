import type { EKSClient } from '@aws-sdk/client-eks';
import type { STSClient } from '@aws-sdk/client-sts';
import { EksTokenSource } from '../aws/eks-token.js';
import { callerIdentity, defaultEksClients, describeCluster, listFargateProfiles } from '../aws/eks.js';
import type { ClusterTarget } from '../config/deploy.js';
import type { FargateProfile } from '../fargate/profiles.js';
import { KubeClient } from '../kube/client.js';

/** A connection to the target cluster, with what EKS told us about it. */
export interface Connection {
  client: KubeClient;
  /** `EKS cluster shop (us-east-1)` or `kubeconfig context sandbox`. */
  describe: string;
  clusterName?: string;
  region?: string;
  /** Fargate profiles of the cluster, when the EKS API is known (cluster name + region). */
  profiles?: FargateProfile[];
  /** The AWS identity deploying (STS), when the EKS API is used. */
  identity?: string;
}

/** Builds AWS clients for a region; injectable for tests (moto). */
export type EksClientFactory = (region: string) => { eks: EKSClient; sts: STSClient };

/**
 * Connect: to EKS by name (DescribeCluster for endpoint and CA, a bearer token made here and
 * refreshed before it expires), or through a kubeconfig. With a kubeconfig plus a cluster name
 * and region, the Fargate profiles still come from EKS so preflight can check them. `signal`
 * cancels the AWS calls (the Kubernetes client is not bound to it: see KubeClient.scoped).
 */
export async function connect(
  target: ClusterTarget,
  eksClients: EksClientFactory = defaultEksClients,
  signal?: AbortSignal,
): Promise<Connection> {
  if (target.kind === 'eks') {
    const { eks, sts } = eksClients(target.region);
    const [info, identity, profiles] = await Promise.all([
      describeCluster(eks, target.clusterName, target.region, signal),
      callerIdentity(sts, signal),
      listFargateProfiles(eks, target.clusterName, { region: target.region, ...(signal ? { signal } : {}) }),
    ]);
    const tokens = new EksTokenSource({ clusterName: target.clusterName, region: target.region });
    const client = KubeClient.fromCluster({
      server: info.endpoint,
      caData: info.caData,
      token: () => tokens.token(),
      name: target.clusterName,
    });
    return {
      client,
      describe: `EKS cluster ${target.clusterName} (${target.region})`,
      clusterName: target.clusterName,
      region: target.region,
      profiles,
      identity: identity.arn,
    };
  }
  const client = KubeClient.fromKubeconfig(target.path, target.context);
  const conn: Connection = {
    client,
    describe: `kubeconfig context ${client.kc.getCurrentContext()} (${client.server})`,
  };
  if (target.clusterName && target.region) {
    const { eks } = eksClients(target.region);
    conn.profiles = await listFargateProfiles(eks, target.clusterName, {
      region: target.region,
      ...(signal ? { signal } : {}),
    });
    conn.clusterName = target.clusterName;
    conn.region = target.region;
  }
  return conn;
}
