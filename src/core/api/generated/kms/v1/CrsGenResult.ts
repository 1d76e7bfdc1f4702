// Original file: proto/kms.v1.proto

import type { RequestId as _kms_v1_RequestId, RequestId__Output as _kms_v1_RequestId__Output } from '../../kms/v1/RequestId.ts';
import type { TypedSignature as _kms_v1_TypedSignature, TypedSignature__Output as _kms_v1_TypedSignature__Output } from '../../kms/v1/TypedSignature.ts';

export interface CrsGenResult {
  'request_id'?: (_kms_v1_RequestId | null);
  'crs_digest'?: (Buffer | Uint8Array | string);
  'max_num_bits'?: (number);
  'external_signature'?: (Buffer | Uint8Array | string);
  'signatures'?: (_kms_v1_TypedSignature)[];
}

export interface CrsGenResult__Output {
  'request_id': (_kms_v1_RequestId__Output | null);
  'crs_digest': (Buffer);
  'max_num_bits': (number);
  'external_signature': (Buffer);
  'signatures': (_kms_v1_TypedSignature__Output)[];
}
