// Original file: proto/kms.v1.proto

import type { TypedSigncryptedCiphertext as _kms_v1_TypedSigncryptedCiphertext, TypedSigncryptedCiphertext__Output as _kms_v1_TypedSigncryptedCiphertext__Output } from '../../kms/v1/TypedSigncryptedCiphertext.ts';

export interface UserDecryptionResponsePayload {
  'verification_key'?: (Buffer | Uint8Array | string);
  'digest'?: (Buffer | Uint8Array | string);
  'signcrypted_ciphertexts'?: (_kms_v1_TypedSigncryptedCiphertext)[];
  'party_id'?: (number);
  'degree'?: (number);
}

export interface UserDecryptionResponsePayload__Output {
  'verification_key': (Buffer);
  'digest': (Buffer);
  'signcrypted_ciphertexts': (_kms_v1_TypedSigncryptedCiphertext__Output)[];
  'party_id': (number);
  'degree': (number);
}
