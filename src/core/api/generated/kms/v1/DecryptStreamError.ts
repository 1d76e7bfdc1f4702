// Original file: proto/kms.v1.proto


export interface DecryptStreamError {
  'code'?: (number);
  'message'?: (string);
}

export interface DecryptStreamError__Output {
  'code': (number);
  'message': (string);
}
