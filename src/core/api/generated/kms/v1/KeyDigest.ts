// Original file: proto/kms.v1.proto


export interface KeyDigest {
  'key_type'?: (string);
  'digest'?: (Buffer | Uint8Array | string);
}

export interface KeyDigest__Output {
  'key_type': (string);
  'digest': (Buffer);
}
