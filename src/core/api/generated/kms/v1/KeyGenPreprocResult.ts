// Original file: proto/kms.v1.proto

import type { RequestId as _kms_v1_RequestId, RequestId__Output as _kms_v1_RequestId__Output } from '../../kms/v1/RequestId.ts';
import type { TypedSignature as _kms_v1_TypedSignature, TypedSignature__Output as _kms_v1_TypedSignature__Output } from '../../kms/v1/TypedSignature.ts';

export interface KeyGenPreprocResult {
  'preprocessing_id'?: (_kms_v1_RequestId | null);
  'external_signature'?: (Buffer | Uint8Array | string);
  'signatures'?: (_kms_v1_TypedSignature)[];
}

export interface KeyGenPreprocResult__Output {
  'preprocessing_id': (_kms_v1_RequestId__Output | null);
  'external_signature': (Buffer);
  'signatures': (_kms_v1_TypedSignature__Output)[];
}
