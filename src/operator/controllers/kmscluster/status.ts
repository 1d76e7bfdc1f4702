// The KmsCluster status as a pure function of the observation (or of the error that stopped the pass).
import type { KmsCluster, KmsClusterStatus } from '../../api/types.ts';
import { kstatusConditions, setConditions } from '../../runtime/conditions.ts';
import { childNames } from './names.ts';
import type { ObservedCluster } from './observe.ts';

export type ClusterOutcome =
  | { kind: 'observed'; observed: ObservedCluster; buckets: string[] }
  | { kind: 'stalled'; reason: string; message: string };

export function clusterStatus(
  cluster: KmsCluster,
  current: KmsClusterStatus,
  outcome: ClusterOutcome,
  now = new Date(),
): KmsClusterStatus {
  const generation = cluster.metadata.generation;
  if (outcome.kind === 'stalled') {
    return {
      ...current,
      observedGeneration: generation,
      phase: 'Failed',
      conditions: setConditions(
        current.conditions,
        kstatusConditions('stalled', outcome.reason, outcome.message),
        generation,
        now,
      ),
    };
  }
  const { observed } = outcome;
  const n = cluster.spec.parties;
  const ready = observed.readyParties === n && observed.redisReady;
  const message = ready
    ? `${n}/${n} parties ready`
    : `${observed.readyParties}/${n} parties ready${observed.redisReady ? '' : ', redis not ready'}`;
  return {
    observedGeneration: generation,
    phase: ready ? 'Ready' : 'Provisioning',
    readyParties: observed.readyParties,
    parties: observed.parties,
    caSecret: childNames(cluster.metadata.name).caSecret,
    buckets: outcome.buckets,
    conditions: setConditions(
      current.conditions,
      kstatusConditions(
        ready ? 'ready' : 'progressing',
        ready ? 'AllPartiesReady' : 'WaitingForParties',
        message,
      ),
      generation,
      now,
    ),
  };
}
