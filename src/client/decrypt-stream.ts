// The client half of DecryptStream: one long-lived stream per core, opened on first use and again after it ends.
// Requests are written pre-serialized (the same bytes to every core) and matched to answers by request id. A
// failed answer rejects with the gRPC status the Sync call would have returned; a broken stream rejects its
// outstanding requests UNAVAILABLE (they may still be running: poll their results); a core without DecryptStream
// answers UNIMPLEMENTED once, and the caller then uses the unary Sync calls.
import * as grpc from '@grpc/grpc-js';
import type { DecryptStreamRequest } from '../core/api/generated/kms/v1/DecryptStreamRequest.ts';
import type { DecryptStreamResponse__Output } from '../core/api/generated/kms/v1/DecryptStreamResponse.ts';
import { loadClientApi } from '../core/api/proto.ts';

/** A gRPC-status error as grpc-js reports them (`code`, `details`). */
export class DecryptStreamError extends Error {
  constructor(
    readonly code: grpc.status,
    readonly details: string,
  ) {
    super(`${code} ${grpc.status[code]}: ${details}`);
  }
}

interface Pending {
  resolve: (answer: DecryptStreamResponse__Output) => void;
  reject: (error: DecryptStreamError) => void;
  timer: NodeJS.Timeout;
}

/** Serializes a DecryptStream message once, for every core. */
export function encodeDecryptStreamRequest(message: DecryptStreamRequest): Buffer {
  return loadClientApi().kms_service.v1.CoreServiceEndpoint.service.DecryptStream.requestSerialize(message);
}

/**
 * The decryption stream towards one core.
 * @example const answer = await link.send(requestId, encodeDecryptStreamRequest({ public_decrypt: request }), 90_000)
 */
export class DecryptStreamLink {
  /** False once the core answered UNIMPLEMENTED: it has no DecryptStream. */
  supported = true;
  /** When the stream last broke (Date.now(); 0: never), e.g. the core went down. */
  brokenAt = 0;
  private stream: grpc.ClientDuplexStream<Buffer, DecryptStreamResponse__Output> | undefined;
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  constructor(private readonly client: grpc.Client) {}

  /** Sends one encoded request; resolves with the core's answer for `requestId` (a response, never an error). */
  send(requestId: string, encoded: Buffer, timeoutMs: number): Promise<DecryptStreamResponse__Output> {
    if (this.closed) return Promise.reject(new DecryptStreamError(grpc.status.CANCELLED, 'client closed'));
    if (this.pending.has(requestId))
      return Promise.reject(
        new DecryptStreamError(grpc.status.ALREADY_EXISTS, `request ${requestId} is already outstanding`),
      );
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new DecryptStreamError(grpc.status.DEADLINE_EXCEEDED, `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      this.open().write(encoded);
    });
  }

  close(): void {
    this.closed = true;
    this.fail(grpc.status.CANCELLED, 'client closed');
    this.stream?.cancel();
    this.stream = undefined;
  }

  private open(): grpc.ClientDuplexStream<Buffer, DecryptStreamResponse__Output> {
    if (this.stream) return this.stream;
    const definition = loadClientApi().kms_service.v1.CoreServiceEndpoint.service.DecryptStream;
    const stream = this.client.makeBidiStreamRequest<Buffer, DecryptStreamResponse__Output>(
      definition.path,
      (b: Buffer) => b,
      definition.responseDeserialize,
    );
    stream.on('data', (answer: DecryptStreamResponse__Output) => {
      const id = answer.request_id?.request_id ?? '';
      const waiting = this.pending.get(id);
      if (!waiting) return; // timed out meanwhile, or not ours
      this.pending.delete(id);
      clearTimeout(waiting.timer);
      if (answer.outcome === 'error' || !answer.outcome) {
        waiting.reject(
          new DecryptStreamError(
            (answer.error?.code ?? grpc.status.INTERNAL) as grpc.status,
            answer.error?.message ?? 'empty answer',
          ),
        );
      } else {
        waiting.resolve(answer);
      }
    });
    const ended = (error?: grpc.ServiceError) => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      if (error?.code === grpc.status.UNIMPLEMENTED) {
        this.supported = false;
        this.fail(grpc.status.UNIMPLEMENTED, error.details);
      } else {
        this.brokenAt = Date.now();
        this.fail(grpc.status.UNAVAILABLE, `decryption stream ended${error ? `: ${error.details}` : ''}`);
      }
    };
    stream.on('error', (error: grpc.ServiceError) => ended(error));
    stream.on('end', () => ended());
    this.stream = stream;
    return stream;
  }

  private fail(code: grpc.status, details: string): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new DecryptStreamError(code, details));
      this.pending.delete(id);
    }
  }
}
