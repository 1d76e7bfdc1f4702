// Original file: proto/kms.v1.proto

import type { TypedPlaintext as _kms_v1_TypedPlaintext, TypedPlaintext__Output as _kms_v1_TypedPlaintext__Output } from '../../kms/v1/TypedPlaintext.ts';
import type { RequestId as _kms_v1_RequestId, RequestId__Output as _kms_v1_RequestId__Output } from '../../kms/v1/RequestId.ts';

export interface PublicDecryptionResponsePayload {
  'verification_key'?: (Buffer | Uint8Array | string);
  'plaintexts'?: (_kms_v1_TypedPlaintext)[];
  'request_id'?: (_kms_v1_RequestId | null);
}

export interface PublicDecryptionResponsePayload__Output {
  'verification_key': (Buffer);
  'plaintexts': (_kms_v1_TypedPlaintext__Output)[];
  'request_id': (_kms_v1_RequestId__Output | null);
}
