// One operation at a time per KmsCluster: an operation that already has request ids in status keeps the cluster;
// otherwise the oldest non-terminal record (then kind, then name) goes first.
import type { CeremonyStatus } from '../../api/types.ts';
import { isTerminal } from './status.ts';

export interface OperationRecord {
  kind: string;
  metadata: { name: string; namespace: string; creationTimestamp?: Date };
  spec: { clusterRef: { name: string } };
  status?: CeremonyStatus;
}

const time = (r: OperationRecord) => new Date(r.metadata.creationTimestamp ?? 0).getTime();

/** The record that may run on `cluster` now, or undefined when none is waiting. */
export function activeOperation(
  records: readonly OperationRecord[],
  cluster: string,
): OperationRecord | undefined {
  const open = records.filter((r) => r.spec.clusterRef.name === cluster && !isTerminal(r.status?.phase));
  const sorted = [...open].sort(
    (a, b) =>
      Number(!a.status?.steps?.length) - Number(!b.status?.steps?.length) ||
      time(a) - time(b) ||
      a.kind.localeCompare(b.kind) ||
      a.metadata.name.localeCompare(b.metadata.name),
  );
  return sorted[0];
}
