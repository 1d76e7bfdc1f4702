// DecryptStream: public and user decryptions over one long-lived bidirectional stream per client connection. Each
// message goes through the very handler of PublicDecryptSync / UserDecryptSync (validation, limits, metrics, error
// mapping); its answer carries the request id and either the response or the gRPC status that call would have
// returned. A stream costs one call set-up for all its requests instead of one per request.
import * as grpc from '@grpc/grpc-js';
import type { DecryptStreamRequest__Output } from '../api/generated/kms/v1/DecryptStreamRequest.ts';
import type { DecryptStreamResponse } from '../api/generated/kms/v1/DecryptStreamResponse.ts';
import type { CoreServiceEndpointHandlers } from '../api/generated/kms_service/v1/CoreServiceEndpoint.ts';

/** Decryptions one stream may have outstanding; further messages are answered RESOURCE_EXHAUSTED. */
export const MAX_IN_FLIGHT_PER_STREAM = 1_024;

const REQUEST_ID = /^[0-9a-fA-F]{64}$/;

type SyncHandlers = Pick<CoreServiceEndpointHandlers, 'PublicDecryptSync' | 'UserDecryptSync'>;

/** What the Sync handlers get for a streamed message: its request and the message's `participants`. */
export interface StreamedDecryptionCall {
  request: unknown;
  participants: readonly number[];
}

type UnaryHandler = (
  call: StreamedDecryptionCall,
  callback: (error: grpc.ServerErrorResponse | Partial<grpc.StatusObject> | null, value?: unknown) => void,
) => void;

/**
 * The DecryptStream handler over the core's Sync handlers.
 * @example server.addService(definition, { ...handlers, DecryptStream: decryptStreamHandler(handlers) })
 */
export function decryptStreamHandler(
  handlers: SyncHandlers,
): grpc.handleBidiStreamingCall<DecryptStreamRequest__Output, DecryptStreamResponse> {
  return (call) => {
    let inFlight = 0;
    let clientDone = false;
    let open = true;
    const finish = () => {
      if (open && clientDone && inFlight === 0) {
        open = false;
        call.end();
      }
    };
    const answer = (requestId: string, outcome: DecryptStreamResponse) => {
      if (open) call.write({ request_id: { request_id: requestId }, ...outcome });
    };
    call.on('data', (message: DecryptStreamRequest__Output) => {
      const kind = message.request;
      const request = kind ? message[kind] : undefined;
      // Echoed only when it has the shape of a request id: the answer must not carry arbitrary client bytes.
      const given = request?.request_id?.request_id;
      const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : '';
      if (!kind || !request) {
        answer(requestId, {
          error: {
            code: grpc.status.INVALID_ARGUMENT,
            message: 'malformed DecryptStream message: expected public_decrypt or user_decrypt',
          },
        });
        return;
      }
      if (kind === 'user_decrypt' && (message.participants?.length ?? 0) > 0) {
        answer(requestId, {
          error: {
            code: grpc.status.INVALID_ARGUMENT,
            message: 'participants: only for public decryptions; user decryptions are run by all parties',
          },
        });
        return;
      }
      if (inFlight >= MAX_IN_FLIGHT_PER_STREAM) {
        answer(requestId, {
          error: {
            code: grpc.status.RESOURCE_EXHAUSTED,
            message: `more than ${MAX_IN_FLIGHT_PER_STREAM} decryptions outstanding on this stream`,
          },
        });
        return;
      }
      inFlight++;
      const handler = (kind === 'public_decrypt'
        ? handlers.PublicDecryptSync
        : handlers.UserDecryptSync) as unknown as UnaryHandler;
      handler({ request, participants: message.participants ?? [] }, (error, response) => {
        inFlight--;
        if (error) {
          const details = (error as { details?: string }).details ?? (error as Error).message ?? '';
          answer(requestId, { error: { code: error.code ?? grpc.status.INTERNAL, message: details } });
        } else {
          answer(requestId, { [kind]: response } as DecryptStreamResponse);
        }
        finish();
      });
    });
    call.on('end', () => {
      clientDone = true;
      finish();
    });
    call.on('cancelled', () => {
      open = false;
    });
    call.on('error', () => {
      open = false;
    });
  };
}
