// How the operator reaches a KmsCluster's parties: through their per-party Services, reading signing addresses
// from the public S3 buckets. A cluster-file override (annotation) is honoured only when the operator was started
// with --allow-endpoint-override (tests, or clusters run outside Kubernetes).
import type { KubernetesObject } from '@kubernetes/client-node';
import { type ClusterFile, readClusterFile } from '../../../client/cluster-file.ts';
import type { ClientOptions } from '../../../client/kms-client.ts';
import { ANNOTATIONS, CORE_PORTS } from '../../api/constants.ts';
import type { KmsCluster } from '../../api/types.ts';
import type { Kube } from '../../runtime/kube.ts';
import { partyAddress } from '../kmscluster/names.ts';

export interface ResolvedEndpoints {
  cluster: ClusterFile;
  options: ClientOptions;
  /** True when the endpoints come from the override annotation. */
  overridden: boolean;
}

/** The cluster file the client SDK needs, built from the KmsCluster (pure). */
export function clusterFileFor(cluster: KmsCluster): ClusterFile {
  const { name, namespace } = cluster.metadata;
  const s3 = cluster.spec.storage.s3;
  return {
    threshold: cluster.spec.threshold,
    parties: Array.from({ length: cluster.spec.parties }, (_, i) => ({
      partyId: i + 1,
      clientEndpoint: partyAddress(name, namespace, i + 1, CORE_PORTS.client),
      ...(s3
        ? {
            publicStorage: {
              type: 's3' as const,
              region: s3.region,
              bucket: s3.bucket,
              ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
            },
          }
        : {}),
    })),
  };
}

export async function resolveEndpoints(
  kube: Kube,
  cluster: KmsCluster,
  allowOverride: boolean,
): Promise<ResolvedEndpoints> {
  const override = cluster.metadata.annotations?.[ANNOTATIONS.endpointOverride];
  if (override && allowOverride) return { cluster: readClusterFile(override), options: {}, overridden: true };
  const options: ClientOptions = {};
  const ref = cluster.spec.storage.s3?.credentialsSecretRef;
  if (ref) {
    const secret = await kube.read<KubernetesObject & { data?: Record<string, string> }>(
      'v1',
      'Secret',
      cluster.metadata.namespace,
      ref.name,
    );
    const field = (k: string) => Buffer.from(secret?.data?.[k] ?? '', 'base64').toString('utf8');
    if (secret)
      options.s3Credentials = {
        accessKeyId: field('accessKeyId'),
        secretAccessKey: field('secretAccessKey'),
      };
  }
  return { cluster: clusterFileFor(cluster), options, overridden: false };
}
