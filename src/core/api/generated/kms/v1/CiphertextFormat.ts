// Original file: proto/kms.v1.proto

export const CiphertextFormat = {
  SmallCompressed: 'SmallCompressed',
  SmallExpanded: 'SmallExpanded',
  BigCompressed: 'BigCompressed',
  BigExpanded: 'BigExpanded',
  SmallCompactList: 'SmallCompactList',
} as const;

export type CiphertextFormat =
  | 'SmallCompressed'
  | 0
  | 'SmallExpanded'
  | 1
  | 'BigCompressed'
  | 2
  | 'BigExpanded'
  | 3
  | 'SmallCompactList'
  | 4

export type CiphertextFormat__Output = typeof CiphertextFormat[keyof typeof CiphertextFormat]
