// Original file: proto/kms.v1.proto

import type { UserDecryptionResponsePayload as _kms_v1_UserDecryptionResponsePayload, UserDecryptionResponsePayload__Output as _kms_v1_UserDecryptionResponsePayload__Output } from '../../kms/v1/UserDecryptionResponsePayload.ts';
import type { TypedSignature as _kms_v1_TypedSignature, TypedSignature__Output as _kms_v1_TypedSignature__Output } from '../../kms/v1/TypedSignature.ts';

export interface UserDecryptionResponse {
  'signature'?: (Buffer | Uint8Array | string);
  'external_signature'?: (Buffer | Uint8Array | string);
  'payload'?: (_kms_v1_UserDecryptionResponsePayload | null);
  'extra_data'?: (Buffer | Uint8Array | string);
  'signatures'?: (_kms_v1_TypedSignature)[];
}

export interface UserDecryptionResponse__Output {
  'signature': (Buffer);
  'external_signature': (Buffer);
  'payload': (_kms_v1_UserDecryptionResponsePayload__Output | null);
  'extra_data': (Buffer);
  'signatures': (_kms_v1_TypedSignature__Output)[];
}
