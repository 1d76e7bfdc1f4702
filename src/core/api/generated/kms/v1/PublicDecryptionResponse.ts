// Original file: proto/kms.v1.proto

import type { PublicDecryptionResponsePayload as _kms_v1_PublicDecryptionResponsePayload, PublicDecryptionResponsePayload__Output as _kms_v1_PublicDecryptionResponsePayload__Output } from '../../kms/v1/PublicDecryptionResponsePayload.ts';
import type { TypedSignature as _kms_v1_TypedSignature, TypedSignature__Output as _kms_v1_TypedSignature__Output } from '../../kms/v1/TypedSignature.ts';

export interface PublicDecryptionResponse {
  'signature'?: (Buffer | Uint8Array | string);
  'external_signature'?: (Buffer | Uint8Array | string);
  'payload'?: (_kms_v1_PublicDecryptionResponsePayload | null);
  'extra_data'?: (Buffer | Uint8Array | string);
  'signatures'?: (_kms_v1_TypedSignature)[];
}

export interface PublicDecryptionResponse__Output {
  'signature': (Buffer);
  'external_signature': (Buffer);
  'payload': (_kms_v1_PublicDecryptionResponsePayload__Output | null);
  'extra_data': (Buffer);
  'signatures': (_kms_v1_TypedSignature__Output)[];
}
