// Original file: proto/kms.v1.proto

import type { ComputeKeyType as _kms_v1_ComputeKeyType, ComputeKeyType__Output as _kms_v1_ComputeKeyType__Output } from '../../kms/v1/ComputeKeyType.ts';
import type { KeyGenSecretKeyConfig as _kms_v1_KeyGenSecretKeyConfig, KeyGenSecretKeyConfig__Output as _kms_v1_KeyGenSecretKeyConfig__Output } from '../../kms/v1/KeyGenSecretKeyConfig.ts';
import type { CompressedKeyConfig as _kms_v1_CompressedKeyConfig, CompressedKeyConfig__Output as _kms_v1_CompressedKeyConfig__Output } from '../../kms/v1/CompressedKeyConfig.ts';

export interface StandardKeySetConfig {
  'compute_key_type'?: (_kms_v1_ComputeKeyType);
  'secret_key_config'?: (_kms_v1_KeyGenSecretKeyConfig);
  'compressed_key_config'?: (_kms_v1_CompressedKeyConfig);
}

export interface StandardKeySetConfig__Output {
  'compute_key_type': (_kms_v1_ComputeKeyType__Output);
  'secret_key_config': (_kms_v1_KeyGenSecretKeyConfig__Output);
  'compressed_key_config': (_kms_v1_CompressedKeyConfig__Output);
}
