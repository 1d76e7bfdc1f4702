// Original file: proto/kms-service.v1.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CrsGenRequest as _kms_v1_CrsGenRequest, CrsGenRequest__Output as _kms_v1_CrsGenRequest__Output } from '../../kms/v1/CrsGenRequest.ts';
import type { CrsGenResult as _kms_v1_CrsGenResult, CrsGenResult__Output as _kms_v1_CrsGenResult__Output } from '../../kms/v1/CrsGenResult.ts';
import type { DecryptStreamRequest as _kms_v1_DecryptStreamRequest, DecryptStreamRequest__Output as _kms_v1_DecryptStreamRequest__Output } from '../../kms/v1/DecryptStreamRequest.ts';
import type { DecryptStreamResponse as _kms_v1_DecryptStreamResponse, DecryptStreamResponse__Output as _kms_v1_DecryptStreamResponse__Output } from '../../kms/v1/DecryptStreamResponse.ts';
import type { Empty as _kms_v1_Empty, Empty__Output as _kms_v1_Empty__Output } from '../../kms/v1/Empty.ts';
import type { HealthStatusResponse as _kms_v1_HealthStatusResponse, HealthStatusResponse__Output as _kms_v1_HealthStatusResponse__Output } from '../../kms/v1/HealthStatusResponse.ts';
import type { KeyGenPreprocRequest as _kms_v1_KeyGenPreprocRequest, KeyGenPreprocRequest__Output as _kms_v1_KeyGenPreprocRequest__Output } from '../../kms/v1/KeyGenPreprocRequest.ts';
import type { KeyGenPreprocResult as _kms_v1_KeyGenPreprocResult, KeyGenPreprocResult__Output as _kms_v1_KeyGenPreprocResult__Output } from '../../kms/v1/KeyGenPreprocResult.ts';
import type { KeyGenRequest as _kms_v1_KeyGenRequest, KeyGenRequest__Output as _kms_v1_KeyGenRequest__Output } from '../../kms/v1/KeyGenRequest.ts';
import type { KeyGenResult as _kms_v1_KeyGenResult, KeyGenResult__Output as _kms_v1_KeyGenResult__Output } from '../../kms/v1/KeyGenResult.ts';
import type { KeyMaterialAvailabilityResponse as _kms_v1_KeyMaterialAvailabilityResponse, KeyMaterialAvailabilityResponse__Output as _kms_v1_KeyMaterialAvailabilityResponse__Output } from '../../kms/v1/KeyMaterialAvailabilityResponse.ts';
import type { PublicDecryptionRequest as _kms_v1_PublicDecryptionRequest, PublicDecryptionRequest__Output as _kms_v1_PublicDecryptionRequest__Output } from '../../kms/v1/PublicDecryptionRequest.ts';
import type { PublicDecryptionResponse as _kms_v1_PublicDecryptionResponse, PublicDecryptionResponse__Output as _kms_v1_PublicDecryptionResponse__Output } from '../../kms/v1/PublicDecryptionResponse.ts';
import type { RequestId as _kms_v1_RequestId, RequestId__Output as _kms_v1_RequestId__Output } from '../../kms/v1/RequestId.ts';
import type { UserDecryptionRequest as _kms_v1_UserDecryptionRequest, UserDecryptionRequest__Output as _kms_v1_UserDecryptionRequest__Output } from '../../kms/v1/UserDecryptionRequest.ts';
import type { UserDecryptionResponse as _kms_v1_UserDecryptionResponse, UserDecryptionResponse__Output as _kms_v1_UserDecryptionResponse__Output } from '../../kms/v1/UserDecryptionResponse.ts';

export interface CoreServiceEndpointClient extends grpc.Client {
  AbortCrsGen(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  AbortCrsGen(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  AbortCrsGen(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  AbortCrsGen(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  abortCrsGen(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  abortCrsGen(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  abortCrsGen(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  abortCrsGen(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  AbortKeyGen(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  AbortKeyGen(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  AbortKeyGen(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  AbortKeyGen(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  abortKeyGen(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  abortKeyGen(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  abortKeyGen(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  abortKeyGen(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  CrsGen(argument: _kms_v1_CrsGenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  CrsGen(argument: _kms_v1_CrsGenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  CrsGen(argument: _kms_v1_CrsGenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  CrsGen(argument: _kms_v1_CrsGenRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  crsGen(argument: _kms_v1_CrsGenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  crsGen(argument: _kms_v1_CrsGenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  crsGen(argument: _kms_v1_CrsGenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  crsGen(argument: _kms_v1_CrsGenRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  DecryptStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_kms_v1_DecryptStreamRequest, _kms_v1_DecryptStreamResponse__Output>;
  DecryptStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_kms_v1_DecryptStreamRequest, _kms_v1_DecryptStreamResponse__Output>;
  decryptStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_kms_v1_DecryptStreamRequest, _kms_v1_DecryptStreamResponse__Output>;
  decryptStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_kms_v1_DecryptStreamRequest, _kms_v1_DecryptStreamResponse__Output>;
  
  GetCrsGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  GetCrsGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  GetCrsGenResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  GetCrsGenResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  getCrsGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  getCrsGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  getCrsGenResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  getCrsGenResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  
  GetHealthStatus(argument: _kms_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_HealthStatusResponse__Output>): grpc.ClientUnaryCall;
  GetHealthStatus(argument: _kms_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_HealthStatusResponse__Output>): grpc.ClientUnaryCall;
  GetHealthStatus(argument: _kms_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_HealthStatusResponse__Output>): grpc.ClientUnaryCall;
  GetHealthStatus(argument: _kms_v1_Empty, callback: grpc.requestCallback<_kms_v1_HealthStatusResponse__Output>): grpc.ClientUnaryCall;
  getHealthStatus(argument: _kms_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_HealthStatusResponse__Output>): grpc.ClientUnaryCall;
  getHealthStatus(argument: _kms_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_HealthStatusResponse__Output>): grpc.ClientUnaryCall;
  getHealthStatus(argument: _kms_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_HealthStatusResponse__Output>): grpc.ClientUnaryCall;
  getHealthStatus(argument: _kms_v1_Empty, callback: grpc.requestCallback<_kms_v1_HealthStatusResponse__Output>): grpc.ClientUnaryCall;
  
  GetInsecureCrsGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  GetInsecureCrsGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  GetInsecureCrsGenResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  GetInsecureCrsGenResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  getInsecureCrsGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  getInsecureCrsGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  getInsecureCrsGenResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  getInsecureCrsGenResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_CrsGenResult__Output>): grpc.ClientUnaryCall;
  
  GetInsecureKeyGenPreprocResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  GetInsecureKeyGenPreprocResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  GetInsecureKeyGenPreprocResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  GetInsecureKeyGenPreprocResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  getInsecureKeyGenPreprocResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  getInsecureKeyGenPreprocResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  getInsecureKeyGenPreprocResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  getInsecureKeyGenPreprocResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  
  GetInsecureKeyGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  GetInsecureKeyGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  GetInsecureKeyGenResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  GetInsecureKeyGenResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  getInsecureKeyGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  getInsecureKeyGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  getInsecureKeyGenResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  getInsecureKeyGenResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  
  GetKeyGenPreprocResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  GetKeyGenPreprocResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  GetKeyGenPreprocResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  GetKeyGenPreprocResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  getKeyGenPreprocResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  getKeyGenPreprocResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  getKeyGenPreprocResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  getKeyGenPreprocResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_KeyGenPreprocResult__Output>): grpc.ClientUnaryCall;
  
  GetKeyGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  GetKeyGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  GetKeyGenResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  GetKeyGenResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  getKeyGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  getKeyGenResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  getKeyGenResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  getKeyGenResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_KeyGenResult__Output>): grpc.ClientUnaryCall;
  
  GetKeyMaterialAvailability(argument: _kms_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyMaterialAvailabilityResponse__Output>): grpc.ClientUnaryCall;
  GetKeyMaterialAvailability(argument: _kms_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_KeyMaterialAvailabilityResponse__Output>): grpc.ClientUnaryCall;
  GetKeyMaterialAvailability(argument: _kms_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyMaterialAvailabilityResponse__Output>): grpc.ClientUnaryCall;
  GetKeyMaterialAvailability(argument: _kms_v1_Empty, callback: grpc.requestCallback<_kms_v1_KeyMaterialAvailabilityResponse__Output>): grpc.ClientUnaryCall;
  getKeyMaterialAvailability(argument: _kms_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyMaterialAvailabilityResponse__Output>): grpc.ClientUnaryCall;
  getKeyMaterialAvailability(argument: _kms_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_KeyMaterialAvailabilityResponse__Output>): grpc.ClientUnaryCall;
  getKeyMaterialAvailability(argument: _kms_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_KeyMaterialAvailabilityResponse__Output>): grpc.ClientUnaryCall;
  getKeyMaterialAvailability(argument: _kms_v1_Empty, callback: grpc.requestCallback<_kms_v1_KeyMaterialAvailabilityResponse__Output>): grpc.ClientUnaryCall;
  
  GetPublicDecryptionResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  GetPublicDecryptionResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  GetPublicDecryptionResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  GetPublicDecryptionResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  getPublicDecryptionResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  getPublicDecryptionResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  getPublicDecryptionResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  getPublicDecryptionResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  
  GetUserDecryptionResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  GetUserDecryptionResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  GetUserDecryptionResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  GetUserDecryptionResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  getUserDecryptionResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  getUserDecryptionResult(argument: _kms_v1_RequestId, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  getUserDecryptionResult(argument: _kms_v1_RequestId, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  getUserDecryptionResult(argument: _kms_v1_RequestId, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  
  InsecureCrsGen(argument: _kms_v1_CrsGenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  InsecureCrsGen(argument: _kms_v1_CrsGenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  InsecureCrsGen(argument: _kms_v1_CrsGenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  InsecureCrsGen(argument: _kms_v1_CrsGenRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  insecureCrsGen(argument: _kms_v1_CrsGenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  insecureCrsGen(argument: _kms_v1_CrsGenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  insecureCrsGen(argument: _kms_v1_CrsGenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  insecureCrsGen(argument: _kms_v1_CrsGenRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  InsecureKeyGen(argument: _kms_v1_KeyGenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  InsecureKeyGen(argument: _kms_v1_KeyGenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  InsecureKeyGen(argument: _kms_v1_KeyGenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  InsecureKeyGen(argument: _kms_v1_KeyGenRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  insecureKeyGen(argument: _kms_v1_KeyGenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  insecureKeyGen(argument: _kms_v1_KeyGenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  insecureKeyGen(argument: _kms_v1_KeyGenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  insecureKeyGen(argument: _kms_v1_KeyGenRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  InsecureKeyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  InsecureKeyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  InsecureKeyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  InsecureKeyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  insecureKeyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  insecureKeyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  insecureKeyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  insecureKeyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  KeyGen(argument: _kms_v1_KeyGenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  KeyGen(argument: _kms_v1_KeyGenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  KeyGen(argument: _kms_v1_KeyGenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  KeyGen(argument: _kms_v1_KeyGenRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  keyGen(argument: _kms_v1_KeyGenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  keyGen(argument: _kms_v1_KeyGenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  keyGen(argument: _kms_v1_KeyGenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  keyGen(argument: _kms_v1_KeyGenRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  KeyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  KeyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  KeyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  KeyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  keyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  keyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  keyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  keyGenPreproc(argument: _kms_v1_KeyGenPreprocRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  PublicDecrypt(argument: _kms_v1_PublicDecryptionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  PublicDecrypt(argument: _kms_v1_PublicDecryptionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  PublicDecrypt(argument: _kms_v1_PublicDecryptionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  PublicDecrypt(argument: _kms_v1_PublicDecryptionRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  publicDecrypt(argument: _kms_v1_PublicDecryptionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  publicDecrypt(argument: _kms_v1_PublicDecryptionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  publicDecrypt(argument: _kms_v1_PublicDecryptionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  publicDecrypt(argument: _kms_v1_PublicDecryptionRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  PublicDecryptSync(argument: _kms_v1_PublicDecryptionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  PublicDecryptSync(argument: _kms_v1_PublicDecryptionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  PublicDecryptSync(argument: _kms_v1_PublicDecryptionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  PublicDecryptSync(argument: _kms_v1_PublicDecryptionRequest, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  publicDecryptSync(argument: _kms_v1_PublicDecryptionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  publicDecryptSync(argument: _kms_v1_PublicDecryptionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  publicDecryptSync(argument: _kms_v1_PublicDecryptionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  publicDecryptSync(argument: _kms_v1_PublicDecryptionRequest, callback: grpc.requestCallback<_kms_v1_PublicDecryptionResponse__Output>): grpc.ClientUnaryCall;
  
  UserDecrypt(argument: _kms_v1_UserDecryptionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  UserDecrypt(argument: _kms_v1_UserDecryptionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  UserDecrypt(argument: _kms_v1_UserDecryptionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  UserDecrypt(argument: _kms_v1_UserDecryptionRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  userDecrypt(argument: _kms_v1_UserDecryptionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  userDecrypt(argument: _kms_v1_UserDecryptionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  userDecrypt(argument: _kms_v1_UserDecryptionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  userDecrypt(argument: _kms_v1_UserDecryptionRequest, callback: grpc.requestCallback<_kms_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  UserDecryptSync(argument: _kms_v1_UserDecryptionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  UserDecryptSync(argument: _kms_v1_UserDecryptionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  UserDecryptSync(argument: _kms_v1_UserDecryptionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  UserDecryptSync(argument: _kms_v1_UserDecryptionRequest, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  userDecryptSync(argument: _kms_v1_UserDecryptionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  userDecryptSync(argument: _kms_v1_UserDecryptionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  userDecryptSync(argument: _kms_v1_UserDecryptionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  userDecryptSync(argument: _kms_v1_UserDecryptionRequest, callback: grpc.requestCallback<_kms_v1_UserDecryptionResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface CoreServiceEndpointHandlers extends grpc.UntypedServiceImplementation {
  AbortCrsGen: grpc.handleUnaryCall<_kms_v1_RequestId__Output, _kms_v1_Empty>;
  
  AbortKeyGen: grpc.handleUnaryCall<_kms_v1_RequestId__Output, _kms_v1_Empty>;
  
  CrsGen: grpc.handleUnaryCall<_kms_v1_CrsGenRequest__Output, _kms_v1_Empty>;
  
  DecryptStream: grpc.handleBidiStreamingCall<_kms_v1_DecryptStreamRequest__Output, _kms_v1_DecryptStreamResponse>;
  
  GetCrsGenResult: grpc.handleUnaryCall<_kms_v1_RequestId__Output, _kms_v1_CrsGenResult>;
  
  GetHealthStatus: grpc.handleUnaryCall<_kms_v1_Empty__Output, _kms_v1_HealthStatusResponse>;
  
  GetInsecureCrsGenResult: grpc.handleUnaryCall<_kms_v1_RequestId__Output, _kms_v1_CrsGenResult>;
  
  GetInsecureKeyGenPreprocResult: grpc.handleUnaryCall<_kms_v1_RequestId__Output, _kms_v1_KeyGenPreprocResult>;
  
  GetInsecureKeyGenResult: grpc.handleUnaryCall<_kms_v1_RequestId__Output, _kms_v1_KeyGenResult>;
  
  GetKeyGenPreprocResult: grpc.handleUnaryCall<_kms_v1_RequestId__Output, _kms_v1_KeyGenPreprocResult>;
  
  GetKeyGenResult: grpc.handleUnaryCall<_kms_v1_RequestId__Output, _kms_v1_KeyGenResult>;
  
  GetKeyMaterialAvailability: grpc.handleUnaryCall<_kms_v1_Empty__Output, _kms_v1_KeyMaterialAvailabilityResponse>;
  
  GetPublicDecryptionResult: grpc.handleUnaryCall<_kms_v1_RequestId__Output, _kms_v1_PublicDecryptionResponse>;
  
  GetUserDecryptionResult: grpc.handleUnaryCall<_kms_v1_RequestId__Output, _kms_v1_UserDecryptionResponse>;
  
  InsecureCrsGen: grpc.handleUnaryCall<_kms_v1_CrsGenRequest__Output, _kms_v1_Empty>;
  
  InsecureKeyGen: grpc.handleUnaryCall<_kms_v1_KeyGenRequest__Output, _kms_v1_Empty>;
  
  InsecureKeyGenPreproc: grpc.handleUnaryCall<_kms_v1_KeyGenPreprocRequest__Output, _kms_v1_Empty>;
  
  KeyGen: grpc.handleUnaryCall<_kms_v1_KeyGenRequest__Output, _kms_v1_Empty>;
  
  KeyGenPreproc: grpc.handleUnaryCall<_kms_v1_KeyGenPreprocRequest__Output, _kms_v1_Empty>;
  
  PublicDecrypt: grpc.handleUnaryCall<_kms_v1_PublicDecryptionRequest__Output, _kms_v1_Empty>;
  
  PublicDecryptSync: grpc.handleUnaryCall<_kms_v1_PublicDecryptionRequest__Output, _kms_v1_PublicDecryptionResponse>;
  
  UserDecrypt: grpc.handleUnaryCall<_kms_v1_UserDecryptionRequest__Output, _kms_v1_Empty>;
  
  UserDecryptSync: grpc.handleUnaryCall<_kms_v1_UserDecryptionRequest__Output, _kms_v1_UserDecryptionResponse>;
  
}

export interface CoreServiceEndpointDefinition extends grpc.ServiceDefinition {
  AbortCrsGen: MethodDefinition<_kms_v1_RequestId, _kms_v1_Empty, _kms_v1_RequestId__Output, _kms_v1_Empty__Output>
  AbortKeyGen: MethodDefinition<_kms_v1_RequestId, _kms_v1_Empty, _kms_v1_RequestId__Output, _kms_v1_Empty__Output>
  CrsGen: MethodDefinition<_kms_v1_CrsGenRequest, _kms_v1_Empty, _kms_v1_CrsGenRequest__Output, _kms_v1_Empty__Output>
  DecryptStream: MethodDefinition<_kms_v1_DecryptStreamRequest, _kms_v1_DecryptStreamResponse, _kms_v1_DecryptStreamRequest__Output, _kms_v1_DecryptStreamResponse__Output>
  GetCrsGenResult: MethodDefinition<_kms_v1_RequestId, _kms_v1_CrsGenResult, _kms_v1_RequestId__Output, _kms_v1_CrsGenResult__Output>
  GetHealthStatus: MethodDefinition<_kms_v1_Empty, _kms_v1_HealthStatusResponse, _kms_v1_Empty__Output, _kms_v1_HealthStatusResponse__Output>
  GetInsecureCrsGenResult: MethodDefinition<_kms_v1_RequestId, _kms_v1_CrsGenResult, _kms_v1_RequestId__Output, _kms_v1_CrsGenResult__Output>
  GetInsecureKeyGenPreprocResult: MethodDefinition<_kms_v1_RequestId, _kms_v1_KeyGenPreprocResult, _kms_v1_RequestId__Output, _kms_v1_KeyGenPreprocResult__Output>
  GetInsecureKeyGenResult: MethodDefinition<_kms_v1_RequestId, _kms_v1_KeyGenResult, _kms_v1_RequestId__Output, _kms_v1_KeyGenResult__Output>
  GetKeyGenPreprocResult: MethodDefinition<_kms_v1_RequestId, _kms_v1_KeyGenPreprocResult, _kms_v1_RequestId__Output, _kms_v1_KeyGenPreprocResult__Output>
  GetKeyGenResult: MethodDefinition<_kms_v1_RequestId, _kms_v1_KeyGenResult, _kms_v1_RequestId__Output, _kms_v1_KeyGenResult__Output>
  GetKeyMaterialAvailability: MethodDefinition<_kms_v1_Empty, _kms_v1_KeyMaterialAvailabilityResponse, _kms_v1_Empty__Output, _kms_v1_KeyMaterialAvailabilityResponse__Output>
  GetPublicDecryptionResult: MethodDefinition<_kms_v1_RequestId, _kms_v1_PublicDecryptionResponse, _kms_v1_RequestId__Output, _kms_v1_PublicDecryptionResponse__Output>
  GetUserDecryptionResult: MethodDefinition<_kms_v1_RequestId, _kms_v1_UserDecryptionResponse, _kms_v1_RequestId__Output, _kms_v1_UserDecryptionResponse__Output>
  InsecureCrsGen: MethodDefinition<_kms_v1_CrsGenRequest, _kms_v1_Empty, _kms_v1_CrsGenRequest__Output, _kms_v1_Empty__Output>
  InsecureKeyGen: MethodDefinition<_kms_v1_KeyGenRequest, _kms_v1_Empty, _kms_v1_KeyGenRequest__Output, _kms_v1_Empty__Output>
  InsecureKeyGenPreproc: MethodDefinition<_kms_v1_KeyGenPreprocRequest, _kms_v1_Empty, _kms_v1_KeyGenPreprocRequest__Output, _kms_v1_Empty__Output>
  KeyGen: MethodDefinition<_kms_v1_KeyGenRequest, _kms_v1_Empty, _kms_v1_KeyGenRequest__Output, _kms_v1_Empty__Output>
  KeyGenPreproc: MethodDefinition<_kms_v1_KeyGenPreprocRequest, _kms_v1_Empty, _kms_v1_KeyGenPreprocRequest__Output, _kms_v1_Empty__Output>
  PublicDecrypt: MethodDefinition<_kms_v1_PublicDecryptionRequest, _kms_v1_Empty, _kms_v1_PublicDecryptionRequest__Output, _kms_v1_Empty__Output>
  PublicDecryptSync: MethodDefinition<_kms_v1_PublicDecryptionRequest, _kms_v1_PublicDecryptionResponse, _kms_v1_PublicDecryptionRequest__Output, _kms_v1_PublicDecryptionResponse__Output>
  UserDecrypt: MethodDefinition<_kms_v1_UserDecryptionRequest, _kms_v1_Empty, _kms_v1_UserDecryptionRequest__Output, _kms_v1_Empty__Output>
  UserDecryptSync: MethodDefinition<_kms_v1_UserDecryptionRequest, _kms_v1_UserDecryptionResponse, _kms_v1_UserDecryptionRequest__Output, _kms_v1_UserDecryptionResponse__Output>
}
