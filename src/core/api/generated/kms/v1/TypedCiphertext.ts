// Original file: proto/kms.v1.proto

import type { CiphertextFormat as _kms_v1_CiphertextFormat, CiphertextFormat__Output as _kms_v1_CiphertextFormat__Output } from '../../kms/v1/CiphertextFormat.ts';

export interface TypedCiphertext {
  'ciphertext'?: (Buffer | Uint8Array | string);
  'fhe_type'?: (number);
  'external_handle'?: (Buffer | Uint8Array | string);
  'ciphertext_format'?: (_kms_v1_CiphertextFormat);
}

export interface TypedCiphertext__Output {
  'ciphertext': (Buffer);
  'fhe_type': (number);
  'external_handle': (Buffer);
  'ciphertext_format': (_kms_v1_CiphertextFormat__Output);
}
