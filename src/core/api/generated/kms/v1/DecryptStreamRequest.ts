// Original file: proto/kms.v1.proto

import type { PublicDecryptionRequest as _kms_v1_PublicDecryptionRequest, PublicDecryptionRequest__Output as _kms_v1_PublicDecryptionRequest__Output } from '../../kms/v1/PublicDecryptionRequest.ts';
import type { UserDecryptionRequest as _kms_v1_UserDecryptionRequest, UserDecryptionRequest__Output as _kms_v1_UserDecryptionRequest__Output } from '../../kms/v1/UserDecryptionRequest.ts';

export interface DecryptStreamRequest {
  'public_decrypt'?: (_kms_v1_PublicDecryptionRequest | null);
  'user_decrypt'?: (_kms_v1_UserDecryptionRequest | null);
  'participants'?: (number)[];
  'request'?: "public_decrypt"|"user_decrypt";
}

export interface DecryptStreamRequest__Output {
  'public_decrypt'?: (_kms_v1_PublicDecryptionRequest__Output | null);
  'user_decrypt'?: (_kms_v1_UserDecryptionRequest__Output | null);
  'participants': (number)[];
  'request'?: "public_decrypt"|"user_decrypt";
}
