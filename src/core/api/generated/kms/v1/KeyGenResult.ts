// Original file: proto/kms.v1.proto

import type { RequestId as _kms_v1_RequestId, RequestId__Output as _kms_v1_RequestId__Output } from '../../kms/v1/RequestId.ts';
import type { KeyDigest as _kms_v1_KeyDigest, KeyDigest__Output as _kms_v1_KeyDigest__Output } from '../../kms/v1/KeyDigest.ts';
import type { TypedSignature as _kms_v1_TypedSignature, TypedSignature__Output as _kms_v1_TypedSignature__Output } from '../../kms/v1/TypedSignature.ts';

export interface KeyGenResult {
  'request_id'?: (_kms_v1_RequestId | null);
  'preprocessing_id'?: (_kms_v1_RequestId | null);
  'key_digests'?: (_kms_v1_KeyDigest)[];
  'external_signature'?: (Buffer | Uint8Array | string);
  'signatures'?: (_kms_v1_TypedSignature)[];
}

export interface KeyGenResult__Output {
  'request_id': (_kms_v1_RequestId__Output | null);
  'preprocessing_id': (_kms_v1_RequestId__Output | null);
  'key_digests': (_kms_v1_KeyDigest__Output)[];
  'external_signature': (Buffer);
  'signatures': (_kms_v1_TypedSignature__Output)[];
}
