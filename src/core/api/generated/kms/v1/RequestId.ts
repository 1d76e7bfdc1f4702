// Original file: proto/kms.v1.proto


export interface RequestId {
  'request_id'?: (string);
}

export interface RequestId__Output {
  'request_id': (string);
}
