// Original file: proto/kms.v1.proto

import type { RequestId as _kms_v1_RequestId, RequestId__Output as _kms_v1_RequestId__Output } from '../../kms/v1/RequestId.ts';

export interface KeySetAddedInfo {
  'from_keyset_id_decompression_only'?: (_kms_v1_RequestId | null);
  'to_keyset_id_decompression_only'?: (_kms_v1_RequestId | null);
  'existing_keyset_id'?: (_kms_v1_RequestId | null);
  'use_existing_key_tag'?: (boolean);
  'copy_compressed_key_to_original'?: (boolean);
}

export interface KeySetAddedInfo__Output {
  'from_keyset_id_decompression_only': (_kms_v1_RequestId__Output | null);
  'to_keyset_id_decompression_only': (_kms_v1_RequestId__Output | null);
  'existing_keyset_id': (_kms_v1_RequestId__Output | null);
  'use_existing_key_tag': (boolean);
  'copy_compressed_key_to_original': (boolean);
}
