// Original file: proto/kms.v1.proto

import type { PeersFromContext as _kms_v1_PeersFromContext, PeersFromContext__Output as _kms_v1_PeersFromContext__Output } from '../../kms/v1/PeersFromContext.ts';
import type { NodeType as _kms_v1_NodeType, NodeType__Output as _kms_v1_NodeType__Output } from '../../kms/v1/NodeType.ts';

export interface HealthStatusResponse {
  'peers_from_all_contexts'?: (_kms_v1_PeersFromContext)[];
  'my_fhe_key_ids'?: (string)[];
  'my_crs_ids'?: (string)[];
  'my_preprocessing_key_ids'?: (string)[];
  'my_storage_info'?: (string);
  'node_type'?: (_kms_v1_NodeType);
}

export interface HealthStatusResponse__Output {
  'peers_from_all_contexts': (_kms_v1_PeersFromContext__Output)[];
  'my_fhe_key_ids': (string)[];
  'my_crs_ids': (string)[];
  'my_preprocessing_key_ids': (string)[];
  'my_storage_info': (string);
  'node_type': (_kms_v1_NodeType__Output);
}
