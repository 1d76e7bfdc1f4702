// Original file: proto/kms.v1.proto


export interface TypedSigncryptedCiphertext {
  'fhe_type'?: (number);
  'signcrypted_ciphertext'?: (Buffer | Uint8Array | string);
  'external_handle'?: (Buffer | Uint8Array | string);
  'packing_factor'?: (number);
}

export interface TypedSigncryptedCiphertext__Output {
  'fhe_type': (number);
  'signcrypted_ciphertext': (Buffer);
  'external_handle': (Buffer);
  'packing_factor': (number);
}
