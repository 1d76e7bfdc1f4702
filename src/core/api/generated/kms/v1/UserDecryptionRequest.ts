// Original file: proto/kms.v1.proto

import type { RequestId as _kms_v1_RequestId, RequestId__Output as _kms_v1_RequestId__Output } from '../../kms/v1/RequestId.ts';
import type { TypedCiphertext as _kms_v1_TypedCiphertext, TypedCiphertext__Output as _kms_v1_TypedCiphertext__Output } from '../../kms/v1/TypedCiphertext.ts';
import type { Eip712DomainMsg as _kms_v1_Eip712DomainMsg, Eip712DomainMsg__Output as _kms_v1_Eip712DomainMsg__Output } from '../../kms/v1/Eip712DomainMsg.ts';
import type { SigningSchemeType as _kms_v1_SigningSchemeType, SigningSchemeType__Output as _kms_v1_SigningSchemeType__Output } from '../../kms/v1/SigningSchemeType.ts';

export interface UserDecryptionRequest {
  'request_id'?: (_kms_v1_RequestId | null);
  'typed_ciphertexts'?: (_kms_v1_TypedCiphertext)[];
  'key_id'?: (_kms_v1_RequestId | null);
  'client_address'?: (string);
  'enc_key'?: (Buffer | Uint8Array | string);
  'domain'?: (_kms_v1_Eip712DomainMsg | null);
  'extra_data'?: (Buffer | Uint8Array | string);
  'context_id'?: (_kms_v1_RequestId | null);
  'epoch_id'?: (_kms_v1_RequestId | null);
  'signing_schemes'?: (_kms_v1_SigningSchemeType)[];
}

export interface UserDecryptionRequest__Output {
  'request_id': (_kms_v1_RequestId__Output | null);
  'typed_ciphertexts': (_kms_v1_TypedCiphertext__Output)[];
  'key_id': (_kms_v1_RequestId__Output | null);
  'client_address': (string);
  'enc_key': (Buffer);
  'domain': (_kms_v1_Eip712DomainMsg__Output | null);
  'extra_data': (Buffer);
  'context_id': (_kms_v1_RequestId__Output | null);
  'epoch_id': (_kms_v1_RequestId__Output | null);
  'signing_schemes': (_kms_v1_SigningSchemeType__Output)[];
}
