// Original file: proto/kms.v1.proto

export const ComputeKeyType = {
  CPU: 'CPU',
} as const;

export type ComputeKeyType =
  | 'CPU'
  | 0

export type ComputeKeyType__Output = typeof ComputeKeyType[keyof typeof ComputeKeyType]
