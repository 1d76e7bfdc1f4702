// Original file: proto/kms.v1.proto

export const KeyGenSecretKeyConfig = {
  GenerateAll: 'GenerateAll',
  UseExisting: 'UseExisting',
} as const;

export type KeyGenSecretKeyConfig =
  | 'GenerateAll'
  | 0
  | 'UseExisting'
  | 1

export type KeyGenSecretKeyConfig__Output = typeof KeyGenSecretKeyConfig[keyof typeof KeyGenSecretKeyConfig]
