// Original file: proto/kms.v1.proto

export const FheParameter = {
  default: 'default',
  test: 'test',
  tfhe_default: 'tfhe_default',
} as const;

export type FheParameter =
  | 'default'
  | 0
  | 'test'
  | 1
  | 'tfhe_default'
  | 2

export type FheParameter__Output = typeof FheParameter[keyof typeof FheParameter]
