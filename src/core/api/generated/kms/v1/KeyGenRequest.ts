// Original file: proto/kms.v1.proto

import type { RequestId as _kms_v1_RequestId, RequestId__Output as _kms_v1_RequestId__Output } from '../../kms/v1/RequestId.ts';
import type { FheParameter as _kms_v1_FheParameter, FheParameter__Output as _kms_v1_FheParameter__Output } from '../../kms/v1/FheParameter.ts';
import type { Eip712DomainMsg as _kms_v1_Eip712DomainMsg, Eip712DomainMsg__Output as _kms_v1_Eip712DomainMsg__Output } from '../../kms/v1/Eip712DomainMsg.ts';
import type { KeySetConfig as _kms_v1_KeySetConfig, KeySetConfig__Output as _kms_v1_KeySetConfig__Output } from '../../kms/v1/KeySetConfig.ts';
import type { KeySetAddedInfo as _kms_v1_KeySetAddedInfo, KeySetAddedInfo__Output as _kms_v1_KeySetAddedInfo__Output } from '../../kms/v1/KeySetAddedInfo.ts';
import type { SigningSchemeType as _kms_v1_SigningSchemeType, SigningSchemeType__Output as _kms_v1_SigningSchemeType__Output } from '../../kms/v1/SigningSchemeType.ts';

export interface KeyGenRequest {
  'request_id'?: (_kms_v1_RequestId | null);
  'params'?: (_kms_v1_FheParameter);
  'preproc_id'?: (_kms_v1_RequestId | null);
  'domain'?: (_kms_v1_Eip712DomainMsg | null);
  'keyset_config'?: (_kms_v1_KeySetConfig | null);
  'keyset_added_info'?: (_kms_v1_KeySetAddedInfo | null);
  'context_id'?: (_kms_v1_RequestId | null);
  'epoch_id'?: (_kms_v1_RequestId | null);
  'extra_data'?: (Buffer | Uint8Array | string);
  'signing_schemes'?: (_kms_v1_SigningSchemeType)[];
  '_params'?: "params";
}

export interface KeyGenRequest__Output {
  'request_id': (_kms_v1_RequestId__Output | null);
  'params'?: (_kms_v1_FheParameter__Output);
  'preproc_id': (_kms_v1_RequestId__Output | null);
  'domain': (_kms_v1_Eip712DomainMsg__Output | null);
  'keyset_config': (_kms_v1_KeySetConfig__Output | null);
  'keyset_added_info': (_kms_v1_KeySetAddedInfo__Output | null);
  'context_id': (_kms_v1_RequestId__Output | null);
  'epoch_id': (_kms_v1_RequestId__Output | null);
  'extra_data': (Buffer);
  'signing_schemes': (_kms_v1_SigningSchemeType__Output)[];
  '_params'?: "params";
}
