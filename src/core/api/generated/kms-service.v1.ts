import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CrsGenRequest as _kms_v1_CrsGenRequest, CrsGenRequest__Output as _kms_v1_CrsGenRequest__Output } from './kms/v1/CrsGenRequest.ts';
import type { CrsGenResult as _kms_v1_CrsGenResult, CrsGenResult__Output as _kms_v1_CrsGenResult__Output } from './kms/v1/CrsGenResult.ts';
import type { DecryptStreamError as _kms_v1_DecryptStreamError, DecryptStreamError__Output as _kms_v1_DecryptStreamError__Output } from './kms/v1/DecryptStreamError.ts';
import type { DecryptStreamRequest as _kms_v1_DecryptStreamRequest, DecryptStreamRequest__Output as _kms_v1_DecryptStreamRequest__Output } from './kms/v1/DecryptStreamRequest.ts';
import type { DecryptStreamResponse as _kms_v1_DecryptStreamResponse, DecryptStreamResponse__Output as _kms_v1_DecryptStreamResponse__Output } from './kms/v1/DecryptStreamResponse.ts';
import type { Eip712DomainMsg as _kms_v1_Eip712DomainMsg, Eip712DomainMsg__Output as _kms_v1_Eip712DomainMsg__Output } from './kms/v1/Eip712DomainMsg.ts';
import type { Empty as _kms_v1_Empty, Empty__Output as _kms_v1_Empty__Output } from './kms/v1/Empty.ts';
import type { HealthStatusResponse as _kms_v1_HealthStatusResponse, HealthStatusResponse__Output as _kms_v1_HealthStatusResponse__Output } from './kms/v1/HealthStatusResponse.ts';
import type { KeyDigest as _kms_v1_KeyDigest, KeyDigest__Output as _kms_v1_KeyDigest__Output } from './kms/v1/KeyDigest.ts';
import type { KeyGenPreprocRequest as _kms_v1_KeyGenPreprocRequest, KeyGenPreprocRequest__Output as _kms_v1_KeyGenPreprocRequest__Output } from './kms/v1/KeyGenPreprocRequest.ts';
import type { KeyGenPreprocResult as _kms_v1_KeyGenPreprocResult, KeyGenPreprocResult__Output as _kms_v1_KeyGenPreprocResult__Output } from './kms/v1/KeyGenPreprocResult.ts';
import type { KeyGenRequest as _kms_v1_KeyGenRequest, KeyGenRequest__Output as _kms_v1_KeyGenRequest__Output } from './kms/v1/KeyGenRequest.ts';
import type { KeyGenResult as _kms_v1_KeyGenResult, KeyGenResult__Output as _kms_v1_KeyGenResult__Output } from './kms/v1/KeyGenResult.ts';
import type { KeyMaterialAvailabilityResponse as _kms_v1_KeyMaterialAvailabilityResponse, KeyMaterialAvailabilityResponse__Output as _kms_v1_KeyMaterialAvailabilityResponse__Output } from './kms/v1/KeyMaterialAvailabilityResponse.ts';
import type { KeySetAddedInfo as _kms_v1_KeySetAddedInfo, KeySetAddedInfo__Output as _kms_v1_KeySetAddedInfo__Output } from './kms/v1/KeySetAddedInfo.ts';
import type { KeySetConfig as _kms_v1_KeySetConfig, KeySetConfig__Output as _kms_v1_KeySetConfig__Output } from './kms/v1/KeySetConfig.ts';
import type { PeerHealth as _kms_v1_PeerHealth, PeerHealth__Output as _kms_v1_PeerHealth__Output } from './kms/v1/PeerHealth.ts';
import type { PeersFromContext as _kms_v1_PeersFromContext, PeersFromContext__Output as _kms_v1_PeersFromContext__Output } from './kms/v1/PeersFromContext.ts';
import type { PublicDecryptionRequest as _kms_v1_PublicDecryptionRequest, PublicDecryptionRequest__Output as _kms_v1_PublicDecryptionRequest__Output } from './kms/v1/PublicDecryptionRequest.ts';
import type { PublicDecryptionResponse as _kms_v1_PublicDecryptionResponse, PublicDecryptionResponse__Output as _kms_v1_PublicDecryptionResponse__Output } from './kms/v1/PublicDecryptionResponse.ts';
import type { PublicDecryptionResponsePayload as _kms_v1_PublicDecryptionResponsePayload, PublicDecryptionResponsePayload__Output as _kms_v1_PublicDecryptionResponsePayload__Output } from './kms/v1/PublicDecryptionResponsePayload.ts';
import type { RequestId as _kms_v1_RequestId, RequestId__Output as _kms_v1_RequestId__Output } from './kms/v1/RequestId.ts';
import type { StandardKeySetConfig as _kms_v1_StandardKeySetConfig, StandardKeySetConfig__Output as _kms_v1_StandardKeySetConfig__Output } from './kms/v1/StandardKeySetConfig.ts';
import type { TypedCiphertext as _kms_v1_TypedCiphertext, TypedCiphertext__Output as _kms_v1_TypedCiphertext__Output } from './kms/v1/TypedCiphertext.ts';
import type { TypedPlaintext as _kms_v1_TypedPlaintext, TypedPlaintext__Output as _kms_v1_TypedPlaintext__Output } from './kms/v1/TypedPlaintext.ts';
import type { TypedSignature as _kms_v1_TypedSignature, TypedSignature__Output as _kms_v1_TypedSignature__Output } from './kms/v1/TypedSignature.ts';
import type { TypedSigncryptedCiphertext as _kms_v1_TypedSigncryptedCiphertext, TypedSigncryptedCiphertext__Output as _kms_v1_TypedSigncryptedCiphertext__Output } from './kms/v1/TypedSigncryptedCiphertext.ts';
import type { UserDecryptionRequest as _kms_v1_UserDecryptionRequest, UserDecryptionRequest__Output as _kms_v1_UserDecryptionRequest__Output } from './kms/v1/UserDecryptionRequest.ts';
import type { UserDecryptionResponse as _kms_v1_UserDecryptionResponse, UserDecryptionResponse__Output as _kms_v1_UserDecryptionResponse__Output } from './kms/v1/UserDecryptionResponse.ts';
import type { UserDecryptionResponsePayload as _kms_v1_UserDecryptionResponsePayload, UserDecryptionResponsePayload__Output as _kms_v1_UserDecryptionResponsePayload__Output } from './kms/v1/UserDecryptionResponsePayload.ts';
import type { CoreServiceEndpointClient as _kms_service_v1_CoreServiceEndpointClient, CoreServiceEndpointDefinition as _kms_service_v1_CoreServiceEndpointDefinition } from './kms_service/v1/CoreServiceEndpoint.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kms: {
    v1: {
      CiphertextFormat: EnumTypeDefinition
      CompressedKeyConfig: EnumTypeDefinition
      ComputeKeyType: EnumTypeDefinition
      CrsGenRequest: MessageTypeDefinition<_kms_v1_CrsGenRequest, _kms_v1_CrsGenRequest__Output>
      CrsGenResult: MessageTypeDefinition<_kms_v1_CrsGenResult, _kms_v1_CrsGenResult__Output>
      DecryptStreamError: MessageTypeDefinition<_kms_v1_DecryptStreamError, _kms_v1_DecryptStreamError__Output>
      DecryptStreamRequest: MessageTypeDefinition<_kms_v1_DecryptStreamRequest, _kms_v1_DecryptStreamRequest__Output>
      DecryptStreamResponse: MessageTypeDefinition<_kms_v1_DecryptStreamResponse, _kms_v1_DecryptStreamResponse__Output>
      Eip712DomainMsg: MessageTypeDefinition<_kms_v1_Eip712DomainMsg, _kms_v1_Eip712DomainMsg__Output>
      Empty: MessageTypeDefinition<_kms_v1_Empty, _kms_v1_Empty__Output>
      FheParameter: EnumTypeDefinition
      HealthStatus: EnumTypeDefinition
      HealthStatusResponse: MessageTypeDefinition<_kms_v1_HealthStatusResponse, _kms_v1_HealthStatusResponse__Output>
      KeyDigest: MessageTypeDefinition<_kms_v1_KeyDigest, _kms_v1_KeyDigest__Output>
      KeyGenPreprocRequest: MessageTypeDefinition<_kms_v1_KeyGenPreprocRequest, _kms_v1_KeyGenPreprocRequest__Output>
      KeyGenPreprocResult: MessageTypeDefinition<_kms_v1_KeyGenPreprocResult, _kms_v1_KeyGenPreprocResult__Output>
      KeyGenRequest: MessageTypeDefinition<_kms_v1_KeyGenRequest, _kms_v1_KeyGenRequest__Output>
      KeyGenResult: MessageTypeDefinition<_kms_v1_KeyGenResult, _kms_v1_KeyGenResult__Output>
      KeyGenSecretKeyConfig: EnumTypeDefinition
      KeyMaterialAvailabilityResponse: MessageTypeDefinition<_kms_v1_KeyMaterialAvailabilityResponse, _kms_v1_KeyMaterialAvailabilityResponse__Output>
      KeySetAddedInfo: MessageTypeDefinition<_kms_v1_KeySetAddedInfo, _kms_v1_KeySetAddedInfo__Output>
      KeySetConfig: MessageTypeDefinition<_kms_v1_KeySetConfig, _kms_v1_KeySetConfig__Output>
      KeySetType: EnumTypeDefinition
      NodeType: EnumTypeDefinition
      PeerHealth: MessageTypeDefinition<_kms_v1_PeerHealth, _kms_v1_PeerHealth__Output>
      PeersFromContext: MessageTypeDefinition<_kms_v1_PeersFromContext, _kms_v1_PeersFromContext__Output>
      PublicDecryptionRequest: MessageTypeDefinition<_kms_v1_PublicDecryptionRequest, _kms_v1_PublicDecryptionRequest__Output>
      PublicDecryptionResponse: MessageTypeDefinition<_kms_v1_PublicDecryptionResponse, _kms_v1_PublicDecryptionResponse__Output>
      PublicDecryptionResponsePayload: MessageTypeDefinition<_kms_v1_PublicDecryptionResponsePayload, _kms_v1_PublicDecryptionResponsePayload__Output>
      RequestId: MessageTypeDefinition<_kms_v1_RequestId, _kms_v1_RequestId__Output>
      SigningSchemeType: EnumTypeDefinition
      StandardKeySetConfig: MessageTypeDefinition<_kms_v1_StandardKeySetConfig, _kms_v1_StandardKeySetConfig__Output>
      TypedCiphertext: MessageTypeDefinition<_kms_v1_TypedCiphertext, _kms_v1_TypedCiphertext__Output>
      TypedPlaintext: MessageTypeDefinition<_kms_v1_TypedPlaintext, _kms_v1_TypedPlaintext__Output>
      TypedSignature: MessageTypeDefinition<_kms_v1_TypedSignature, _kms_v1_TypedSignature__Output>
      TypedSigncryptedCiphertext: MessageTypeDefinition<_kms_v1_TypedSigncryptedCiphertext, _kms_v1_TypedSigncryptedCiphertext__Output>
      UserDecryptionRequest: MessageTypeDefinition<_kms_v1_UserDecryptionRequest, _kms_v1_UserDecryptionRequest__Output>
      UserDecryptionResponse: MessageTypeDefinition<_kms_v1_UserDecryptionResponse, _kms_v1_UserDecryptionResponse__Output>
      UserDecryptionResponsePayload: MessageTypeDefinition<_kms_v1_UserDecryptionResponsePayload, _kms_v1_UserDecryptionResponsePayload__Output>
    }
  }
  kms_service: {
    v1: {
      CoreServiceEndpoint: SubtypeConstructor<typeof grpc.Client, _kms_service_v1_CoreServiceEndpointClient> & { service: _kms_service_v1_CoreServiceEndpointDefinition }
    }
  }
}

