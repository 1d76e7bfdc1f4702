// One reconcile pass of a KmsCluster: load TLS material, create buckets, apply every child, observe readiness and
// write status once. Level-triggered: each pass recomputes from what is observed, never from the last event.
import type { KubernetesObject, V1StatefulSet } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { createS3Client, ensureBucket } from '../../../storage/s3-vault.ts';
import { API_VERSION, PLURALS } from '../../api/constants.ts';
import type { KmsCluster, KmsClusterStatus } from '../../api/types.ts';
import type { EventRecorder } from '../../runtime/events.ts';
import type { SupervisedInformer } from '../../runtime/informer.ts';
import { describeError, type Kube } from '../../runtime/kube.ts';
import { type Controller, type ReconcileResult, splitKey } from '../../runtime/manager.ts';
import { updateStatus } from '../../runtime/status.ts';
import { desiredChildren } from './desired.ts';
import { observeCluster } from './observe.ts';
import { type ClusterOutcome, clusterStatus } from './status.ts';
import { loadOrIssueTls } from './tls.ts';

export const KMSCLUSTER_CONTROLLER = 'kmscluster';
const WAIT_MS = 10_000;

/** A problem only a spec change can fix: the resource is Stalled and not retried until it changes. */
export class InvalidSpecError extends Error {}

export interface KmsClusterDeps {
  kube: Kube;
  clusters: SupervisedInformer<KmsCluster>;
  statefulSets: SupervisedInformer<V1StatefulSet>;
  events: EventRecorder;
  logger: Logger;
}

type SecretObject = KubernetesObject & { data?: Record<string, string> };

async function ensureBuckets(kube: Kube, cluster: KmsCluster): Promise<string[]> {
  const s3 = cluster.spec.storage.s3;
  if (!s3) return [];
  if (s3.prefix)
    throw new InvalidSpecError('storage.s3.prefix is not supported by the core storage config yet');
  let credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  if (s3.credentialsSecretRef) {
    const secret = await kube.read<SecretObject>(
      'v1',
      'Secret',
      cluster.metadata.namespace,
      s3.credentialsSecretRef.name,
    );
    const field = (k: string) => Buffer.from(secret?.data?.[k] ?? '', 'base64').toString('utf8');
    if (!secret || !field('accessKeyId') || !field('secretAccessKey'))
      throw new InvalidSpecError(
        `Secret ${s3.credentialsSecretRef.name} with keys accessKeyId and secretAccessKey is missing`,
      );
    credentials = { accessKeyId: field('accessKeyId'), secretAccessKey: field('secretAccessKey') };
  }
  const client = createS3Client({
    region: s3.region,
    ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
    ...(s3.forcePathStyle !== undefined ? { forcePathStyle: s3.forcePathStyle } : {}),
    ...(credentials ? { credentials } : {}),
  });
  try {
    await ensureBucket(client, s3.bucket);
  } finally {
    client.destroy();
  }
  return [s3.bucket];
}

export function kmsClusterController(deps: KmsClusterDeps): Controller {
  const { kube, clusters, statefulSets, events, logger } = deps;
  return {
    name: KMSCLUSTER_CONTROLLER,
    workers: 2,
    async reconcile(key: string): Promise<ReconcileResult | undefined> {
      const { namespace, name } = splitKey(key);
      const cached = clusters.get(name, namespace);
      if (!cached || cached.metadata.deletionTimestamp) return undefined;
      // Read fresh so status is written against the latest resourceVersion.
      const cluster = (await kube.readCustom<KmsCluster>(PLURALS.KmsCluster, namespace, name)) ?? cached;
      let outcome: ClusterOutcome;
      try {
        const tls = await loadOrIssueTls(kube, cluster);
        const buckets = await ensureBuckets(kube, cluster);
        for (const child of desiredChildren(cluster, tls)) await kube.apply(child);
        const observed = observeCluster(cluster, (ns, n) => statefulSets.get(n, ns));
        outcome = { kind: 'observed', observed, buckets };
      } catch (error) {
        if (!(error instanceof InvalidSpecError)) {
          events.record(
            { apiVersion: API_VERSION, kind: 'KmsCluster', metadata: cluster.metadata },
            'Warning',
            'ReconcileError',
            describeError(error),
          );
          throw error;
        }
        outcome = { kind: 'stalled', reason: 'InvalidSpec', message: error.message };
        events.record(
          { apiVersion: API_VERSION, kind: 'KmsCluster', metadata: cluster.metadata },
          'Warning',
          'InvalidSpec',
          error.message,
        );
      }
      const before = cluster.status?.phase;
      const updated = await updateStatus<KmsClusterStatus, KmsCluster>(
        kube,
        PLURALS.KmsCluster,
        cluster,
        (status, c) => clusterStatus(c, status, outcome),
      );
      const after = updated.status?.phase;
      if (after !== before) {
        logger.info({ cluster: key, phase: after }, 'cluster phase changed');
        if (after === 'Ready')
          events.record(
            { apiVersion: API_VERSION, kind: 'KmsCluster', metadata: cluster.metadata },
            'Normal',
            'Ready',
            updated.status?.conditions?.find((c) => c.type === 'Ready')?.message ?? 'ready',
          );
      }
      if (outcome.kind === 'stalled') return undefined;
      return after === 'Ready' ? undefined : { requeueAfterMs: WAIT_MS };
    },
  };
}
