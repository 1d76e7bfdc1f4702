// What the cluster looks like now: readiness of each party's StatefulSet and of managed Redis, read from the
// informer caches.
import type { V1StatefulSet } from '@kubernetes/client-node';
import { CORE_PORTS } from '../../api/constants.ts';
import type { KmsCluster, PartyStatus } from '../../api/types.ts';
import { childNames, partyAddress } from './names.ts';

export interface ObservedCluster {
  parties: PartyStatus[];
  readyParties: number;
  redisReady: boolean;
}

export type StatefulSetLookup = (namespace: string, name: string) => V1StatefulSet | undefined;

function statefulSetReady(set: V1StatefulSet | undefined): boolean {
  if (!set) return false;
  const wanted = set.spec?.replicas ?? 1;
  return (
    (set.status?.readyReplicas ?? 0) >= wanted &&
    (set.status?.observedGeneration ?? 0) >= (set.metadata?.generation ?? 0)
  );
}

export function observeCluster(cluster: KmsCluster, lookup: StatefulSetLookup): ObservedCluster {
  const { name, namespace } = cluster.metadata;
  const names = childNames(name);
  const parties: PartyStatus[] = [];
  for (let i = 1; i <= cluster.spec.parties; i++) {
    parties.push({
      index: i,
      statefulSet: names.party(i),
      ready: statefulSetReady(lookup(namespace, names.party(i))),
      endpoint: partyAddress(name, namespace, i, CORE_PORTS.client),
    });
  }
  return {
    parties,
    readyParties: parties.filter((p) => p.ready).length,
    redisReady: !cluster.spec.redis.managed || statefulSetReady(lookup(namespace, names.redis)),
  };
}
