// Original file: proto/kms.v1.proto

import type { RequestId as _kms_v1_RequestId, RequestId__Output as _kms_v1_RequestId__Output } from '../../kms/v1/RequestId.ts';
import type { PublicDecryptionResponse as _kms_v1_PublicDecryptionResponse, PublicDecryptionResponse__Output as _kms_v1_PublicDecryptionResponse__Output } from '../../kms/v1/PublicDecryptionResponse.ts';
import type { UserDecryptionResponse as _kms_v1_UserDecryptionResponse, UserDecryptionResponse__Output as _kms_v1_UserDecryptionResponse__Output } from '../../kms/v1/UserDecryptionResponse.ts';
import type { DecryptStreamError as _kms_v1_DecryptStreamError, DecryptStreamError__Output as _kms_v1_DecryptStreamError__Output } from '../../kms/v1/DecryptStreamError.ts';

export interface DecryptStreamResponse {
  'request_id'?: (_kms_v1_RequestId | null);
  'public_decrypt'?: (_kms_v1_PublicDecryptionResponse | null);
  'user_decrypt'?: (_kms_v1_UserDecryptionResponse | null);
  'error'?: (_kms_v1_DecryptStreamError | null);
  'outcome'?: "public_decrypt"|"user_decrypt"|"error";
}

export interface DecryptStreamResponse__Output {
  'request_id': (_kms_v1_RequestId__Output | null);
  'public_decrypt'?: (_kms_v1_PublicDecryptionResponse__Output | null);
  'user_decrypt'?: (_kms_v1_UserDecryptionResponse__Output | null);
  'error'?: (_kms_v1_DecryptStreamError__Output | null);
  'outcome'?: "public_decrypt"|"user_decrypt"|"error";
}
