// Original file: proto/kms.v1.proto

import type { RequestId as _kms_v1_RequestId, RequestId__Output as _kms_v1_RequestId__Output } from '../../kms/v1/RequestId.ts';
import type { FheParameter as _kms_v1_FheParameter, FheParameter__Output as _kms_v1_FheParameter__Output } from '../../kms/v1/FheParameter.ts';
import type { KeySetConfig as _kms_v1_KeySetConfig, KeySetConfig__Output as _kms_v1_KeySetConfig__Output } from '../../kms/v1/KeySetConfig.ts';
import type { Eip712DomainMsg as _kms_v1_Eip712DomainMsg, Eip712DomainMsg__Output as _kms_v1_Eip712DomainMsg__Output } from '../../kms/v1/Eip712DomainMsg.ts';
import type { SigningSchemeType as _kms_v1_SigningSchemeType, SigningSchemeType__Output as _kms_v1_SigningSchemeType__Output } from '../../kms/v1/SigningSchemeType.ts';

export interface KeyGenPreprocRequest {
  'request_id'?: (_kms_v1_RequestId | null);
  'params'?: (_kms_v1_FheParameter);
  'keyset_config'?: (_kms_v1_KeySetConfig | null);
  'domain'?: (_kms_v1_Eip712DomainMsg | null);
  'context_id'?: (_kms_v1_RequestId | null);
  'epoch_id'?: (_kms_v1_RequestId | null);
  'extra_data'?: (Buffer | Uint8Array | string);
  'signing_schemes'?: (_kms_v1_SigningSchemeType)[];
}

export interface KeyGenPreprocRequest__Output {
  'request_id': (_kms_v1_RequestId__Output | null);
  'params': (_kms_v1_FheParameter__Output);
  'keyset_config': (_kms_v1_KeySetConfig__Output | null);
  'domain': (_kms_v1_Eip712DomainMsg__Output | null);
  'context_id': (_kms_v1_RequestId__Output | null);
  'epoch_id': (_kms_v1_RequestId__Output | null);
  'extra_data': (Buffer);
  'signing_schemes': (_kms_v1_SigningSchemeType__Output)[];
}
