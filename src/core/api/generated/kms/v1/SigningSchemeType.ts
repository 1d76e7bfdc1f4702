// Original file: proto/kms.v1.proto

export const SigningSchemeType = {
  ECDSA256K1: 'ECDSA256K1',
  ED25519: 'ED25519',
  MLDSA44: 'MLDSA44',
  MLDSA65: 'MLDSA65',
  MLDSA87: 'MLDSA87',
} as const;

export type SigningSchemeType =
  | 'ECDSA256K1'
  | 0
  | 'ED25519'
  | 1
  | 'MLDSA44'
  | 2
  | 'MLDSA65'
  | 3
  | 'MLDSA87'
  | 4

export type SigningSchemeType__Output = typeof SigningSchemeType[keyof typeof SigningSchemeType]
