// Original file: proto/kms.v1.proto

export const KeySetType = {
  Standard: 'Standard',
  DecompressionOnly: 'DecompressionOnly',
} as const;

export type KeySetType =
  | 'Standard'
  | 0
  | 'DecompressionOnly'
  | 1

export type KeySetType__Output = typeof KeySetType[keyof typeof KeySetType]
