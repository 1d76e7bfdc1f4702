// Original file: proto/kms.v1.proto

export const NodeType = {
  NODE_TYPE_UNSPECIFIED: 'NODE_TYPE_UNSPECIFIED',
  NODE_TYPE_CENTRALIZED: 'NODE_TYPE_CENTRALIZED',
  NODE_TYPE_THRESHOLD: 'NODE_TYPE_THRESHOLD',
} as const;

export type NodeType =
  | 'NODE_TYPE_UNSPECIFIED'
  | 0
  | 'NODE_TYPE_CENTRALIZED'
  | 1
  | 'NODE_TYPE_THRESHOLD'
  | 2

export type NodeType__Output = typeof NodeType[keyof typeof NodeType]
