// Original file: proto/kms.v1.proto

import type { SigningSchemeType as _kms_v1_SigningSchemeType, SigningSchemeType__Output as _kms_v1_SigningSchemeType__Output } from '../../kms/v1/SigningSchemeType.ts';

export interface TypedSignature {
  'scheme'?: (_kms_v1_SigningSchemeType);
  'signature'?: (Buffer | Uint8Array | string);
}

export interface TypedSignature__Output {
  'scheme': (_kms_v1_SigningSchemeType__Output);
  'signature': (Buffer);
}
