// Original file: proto/kms.v1.proto


export interface TypedPlaintext {
  'bytes'?: (Buffer | Uint8Array | string);
  'fhe_type'?: (number);
}

export interface TypedPlaintext__Output {
  'bytes': (Buffer);
  'fhe_type': (number);
}
