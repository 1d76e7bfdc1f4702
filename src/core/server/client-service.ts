// The client API of one core (kms_service.v1.CoreServiceEndpoint): validates requests, maps them onto the
// party, and maps every error to a gRPC status in one place. RPCs whose protocols are not served yet answer
// UNIMPLEMENTED.
import * as grpc from '@grpc/grpc-js';
import { parameterSet } from '../../fhe/params/index.ts';
import type { CrsGenRequest__Output } from '../api/generated/kms/v1/CrsGenRequest.ts';
import type { PublicDecryptionRequest__Output } from '../api/generated/kms/v1/PublicDecryptionRequest.ts';
import type { UserDecryptionRequest__Output } from '../api/generated/kms/v1/UserDecryptionRequest.ts';
import type { CoreServiceEndpointHandlers } from '../api/generated/kms_service/v1/CoreServiceEndpoint.ts';
import { asKmsError, KmsError, toGrpcStatus } from '../errors.ts';
import { crsParamsOf, DEFAULT_MAX_NUM_BITS } from '../party/operations/crs.ts';
import type { Party } from '../party/party.ts';
import type { StreamedDecryptionCall } from './decrypt-stream.ts';
import {
  bytesField,
  ciphertextsField,
  clientAddressField,
  domainField,
  encKeyField,
  paramsField,
  participantsField,
  requestIdField,
  userCiphertextsField,
  userDomainField,
} from './request-fields.ts';

const EXTRA_DATA_LIMIT = 1024;
/** How long a result poll waits for a pending result (the reference waits up to 300 s for preprocessing). */
const PREPROC_WAIT_MS = 30_000;
/** How long a decryption poll or sync call waits (the reference waits up to 60 s). */
const RESULT_WAIT_MS = 60_000;
/** Largest max_num_bits of a CRS request (8 × the reference default; the CRS grows linearly with it). */
const MAX_CRS_BITS = 16_384;
/** Ciphertexts in one decryption request. */
const MAX_CIPHERTEXTS = 1_024;

/** Marks a request body that did not decode, so the handler can answer INVALID_ARGUMENT instead of the
 * runtime's INTERNAL. */
const MALFORMED = Symbol('malformed request');

/** The service definition with request decoding that never throws (see MALFORMED). */
export function tolerantDefinition(definition: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const out: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(definition)) {
    out[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        try {
          return method.requestDeserialize(bytes);
        } catch (error) {
          return { [MALFORMED]: (error as Error).message };
        }
      },
    };
  }
  return out as grpc.ServiceDefinition;
}

type Handler<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

export function clientServiceHandlers(party: Party): CoreServiceEndpointHandlers {
  const { metrics, logger } = party.options;
  const unary =
    <Req, Res>(
      operation: string,
      fn: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Res | Promise<Res>,
    ): Handler<Req, Res> =>
    (call, callback) => {
      metrics.requests.inc({ operation });
      Promise.resolve()
        .then(() => {
          const malformed = (call.request as { [MALFORMED]?: string })[MALFORMED];
          if (malformed !== undefined)
            throw new KmsError('InvalidArgument', `malformed ${operation} request`);
          return fn(call.request, call);
        })
        .then(
          (response) => callback(null, response),
          (error: unknown) => {
            const kmsError = asKmsError(error);
            if (kmsError.kind === 'Internal')
              logger.error({ operation, error: (error as Error)?.message }, 'request failed');
            const status = toGrpcStatus(kmsError);
            metrics.errors.inc({ operation, code: grpc.status[status.code] });
            callback({ code: status.code, details: status.details });
          },
        );
    };
  const unimplemented =
    (operation: string): Handler<unknown, never> =>
    (_call, callback) => {
      metrics.requests.inc({ operation });
      callback({ code: grpc.status.UNIMPLEMENTED, details: `${operation} is not served by this core yet` });
    };
  const empty = {};
  const publicDecryptRequest = (req: PublicDecryptionRequest__Output, participants?: readonly number[]) => {
    const requestId = requestIdField(req.request_id, 'request_id');
    const keyId = requestIdField(req.key_id, 'key_id');
    const params = parameterSet(party.keyParams(keyId));
    const { plans, handles } = ciphertextsField(req.ciphertexts, params, MAX_CIPHERTEXTS);
    return {
      requestId,
      keyId,
      plans,
      handles,
      participants: participantsField(participants, plans, {
        numParties: party.numParties,
        threshold: party.options.threshold,
        partyIndex: party.partyIndex,
      }),
      domain: domainField(req.domain, false),
      extraData: bytesField(req.extra_data, 'extra_data', EXTRA_DATA_LIMIT),
    };
  };
  const userDecryptRequest = (req: UserDecryptionRequest__Output) => {
    const requestId = requestIdField(req.request_id, 'request_id');
    const keyId = requestIdField(req.key_id, 'key_id');
    const clientAddress = clientAddressField(req.client_address);
    const domain = userDomainField(req.domain, clientAddress);
    const { encKey, receiver } = encKeyField(req.enc_key, clientAddress);
    const params = parameterSet(party.keyParams(keyId));
    const { plans, handles, externalHandles } = userCiphertextsField(
      req.typed_ciphertexts,
      params,
      MAX_CIPHERTEXTS,
    );
    return {
      requestId,
      keyId,
      plans,
      handles,
      externalHandles,
      domain,
      extraData: bytesField(req.extra_data, 'extra_data', EXTRA_DATA_LIMIT),
      clientAddress,
      encKey,
      receiver,
    };
  };

  const crsGenRequest = (req: CrsGenRequest__Output) => {
    const params = paramsField(req.params);
    // proto3 optional: with loader defaults an absent field reads as 0, its presence is the `_max_num_bits` oneof
    const maxNumBits = req._max_num_bits === 'max_num_bits' ? Number(req.max_num_bits) : DEFAULT_MAX_NUM_BITS;
    if (!Number.isSafeInteger(maxNumBits) || maxNumBits < 1 || maxNumBits > MAX_CRS_BITS)
      throw new KmsError('InvalidArgument', `max_num_bits: expected an integer in [1, ${MAX_CRS_BITS}]`);
    crsParamsOf(params, maxNumBits); // rejects bit counts the parameters cannot prove before anything starts
    return {
      params,
      maxNumBits,
      domain: domainField(req.domain, false),
      extraData: bytesField(req.extra_data, 'extra_data', EXTRA_DATA_LIMIT),
    };
  };

  return {
    InsecureKeyGenPreproc: unary('InsecureKeyGenPreproc', (req) => {
      const id = requestIdField(req.request_id, 'request_id');
      const params = paramsField(req.params);
      const domain = domainField(req.domain, false);
      party.startInsecurePreprocessing(
        id,
        params,
        domain,
        bytesField(req.extra_data, 'extra_data', EXTRA_DATA_LIMIT),
      );
      return empty;
    }),
    GetInsecureKeyGenPreprocResult: unary('GetInsecureKeyGenPreprocResult', (req) =>
      party.preprocessingResult(requestIdField(req, 'request_id'), PREPROC_WAIT_MS),
    ),
    InsecureKeyGen: unary('InsecureKeyGen', (req) => {
      const id = requestIdField(req.request_id, 'request_id');
      const preprocId = requestIdField(req.preproc_id, 'preproc_id');
      const params = req.params === undefined || req.params === null ? undefined : paramsField(req.params);
      const domain = domainField(req.domain, true);
      party.startInsecureKeygen(
        id,
        preprocId,
        params,
        domain,
        bytesField(req.extra_data, 'extra_data', EXTRA_DATA_LIMIT),
      );
      return empty;
    }),
    GetInsecureKeyGenResult: unary('GetInsecureKeyGenResult', (req) =>
      party.keygenResult(requestIdField(req, 'request_id')),
    ),
    GetKeyGenResult: unary('GetKeyGenResult', (req) => party.keygenResult(requestIdField(req, 'request_id'))),
    GetKeyMaterialAvailability: unary('GetKeyMaterialAvailability', () => ({
      fhe_key_ids: party.keyIds(),
      crs_ids: party.crsGens.succeededIds(),
      preprocessing_ids: party.preprocessing.succeededIds(),
      storage_info: `public: ${party.options.publicVault.backend} ${party.options.publicVault.prefix}; private: ${party.options.privateVault.backend}`,
    })),
    GetHealthStatus: unary('GetHealthStatus', () => party.healthStatus()),

    KeyGenPreproc: unimplemented('KeyGenPreproc'),
    GetKeyGenPreprocResult: unimplemented('GetKeyGenPreprocResult'),
    KeyGen: unimplemented('KeyGen'),
    AbortKeyGen: unimplemented('AbortKeyGen'),
    PublicDecrypt: unary('PublicDecrypt', (req) => {
      party.startPublicDecrypt(publicDecryptRequest(req));
      return empty;
    }),
    GetPublicDecryptionResult: unary('GetPublicDecryptionResult', (req) =>
      party.publicDecryptions.result(requestIdField(req, 'request_id'), RESULT_WAIT_MS),
    ),
    PublicDecryptSync: unary(
      'PublicDecryptSync',
      (req, call) =>
        party.startPublicDecrypt(
          publicDecryptRequest(req, (call as Partial<StreamedDecryptionCall>).participants),
          RESULT_WAIT_MS,
        )!,
    ),
    UserDecrypt: unary('UserDecrypt', (req) => {
      party.startUserDecrypt(userDecryptRequest(req));
      return empty;
    }),
    GetUserDecryptionResult: unary('GetUserDecryptionResult', (req) =>
      party.userDecryptions.result(requestIdField(req, 'request_id'), RESULT_WAIT_MS),
    ),
    UserDecryptSync: unary(
      'UserDecryptSync',
      (req) => party.startUserDecrypt(userDecryptRequest(req), RESULT_WAIT_MS)!,
    ),
    CrsGen: unary('CrsGen', (req) => {
      party.startCrsGen(requestIdField(req.request_id, 'request_id'), crsGenRequest(req), 'ceremony');
      return empty;
    }),
    GetCrsGenResult: unary('GetCrsGenResult', (req) =>
      party.crsGenResult(requestIdField(req, 'request_id'), false),
    ),
    AbortCrsGen: unary('AbortCrsGen', (req) => {
      party.abortCrsGen(requestIdField(req, 'request_id'));
      return empty;
    }),
    InsecureCrsGen: unary('InsecureCrsGen', (req) => {
      party.startCrsGen(requestIdField(req.request_id, 'request_id'), crsGenRequest(req), 'insecure');
      return empty;
    }),
    GetInsecureCrsGenResult: unary('GetInsecureCrsGenResult', (req) =>
      party.crsGenResult(requestIdField(req, 'request_id'), true),
    ),
  } as CoreServiceEndpointHandlers;
}
