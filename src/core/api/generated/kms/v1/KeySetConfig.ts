// Original file: proto/kms.v1.proto

import type { KeySetType as _kms_v1_KeySetType, KeySetType__Output as _kms_v1_KeySetType__Output } from '../../kms/v1/KeySetType.ts';
import type { StandardKeySetConfig as _kms_v1_StandardKeySetConfig, StandardKeySetConfig__Output as _kms_v1_StandardKeySetConfig__Output } from '../../kms/v1/StandardKeySetConfig.ts';

export interface KeySetConfig {
  'keyset_type'?: (_kms_v1_KeySetType);
  'standard_keyset_config'?: (_kms_v1_StandardKeySetConfig | null);
}

export interface KeySetConfig__Output {
  'keyset_type': (_kms_v1_KeySetType__Output);
  'standard_keyset_config': (_kms_v1_StandardKeySetConfig__Output | null);
}
