// Original file: proto/kms.v1.proto

import type { RequestId as _kms_v1_RequestId, RequestId__Output as _kms_v1_RequestId__Output } from '../../kms/v1/RequestId.ts';
import type { HealthStatus as _kms_v1_HealthStatus, HealthStatus__Output as _kms_v1_HealthStatus__Output } from '../../kms/v1/HealthStatus.ts';
import type { PeerHealth as _kms_v1_PeerHealth, PeerHealth__Output as _kms_v1_PeerHealth__Output } from '../../kms/v1/PeerHealth.ts';

export interface PeersFromContext {
  'context_id'?: (_kms_v1_RequestId | null);
  'my_party_id'?: (number);
  'threshold_required'?: (number);
  'nodes_reachable'?: (number);
  'status'?: (_kms_v1_HealthStatus);
  'peers'?: (_kms_v1_PeerHealth)[];
}

export interface PeersFromContext__Output {
  'context_id': (_kms_v1_RequestId__Output | null);
  'my_party_id': (number);
  'threshold_required': (number);
  'nodes_reachable': (number);
  'status': (_kms_v1_HealthStatus__Output);
  'peers': (_kms_v1_PeerHealth__Output)[];
}
