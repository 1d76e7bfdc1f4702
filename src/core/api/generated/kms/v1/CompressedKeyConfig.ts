// Original file: proto/kms.v1.proto

export const CompressedKeyConfig = {
  CompressedAll: 'CompressedAll',
  CompressedNone: 'CompressedNone',
} as const;

export type CompressedKeyConfig =
  | 'CompressedAll'
  | 0
  | 'CompressedNone'
  | 1

export type CompressedKeyConfig__Output = typeof CompressedKeyConfig[keyof typeof CompressedKeyConfig]
