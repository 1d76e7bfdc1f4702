// A typed connection to one core's client API with promise-returning calls and deadlines.
import * as grpc from '@grpc/grpc-js';
import type { CoreServiceEndpointClient } from '../core/api/generated/kms_service/v1/CoreServiceEndpoint.ts';
import { loadClientApi } from '../core/api/proto.ts';

type UnaryMethod<Req, Res> = (
  request: Req,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response?: Res) => void,
) => grpc.ClientUnaryCall;

export class CoreConnection {
  readonly client: CoreServiceEndpointClient;

  constructor(
    readonly partyId: number,
    readonly endpoint: string,
    maxMessageBytes = 256 << 20,
  ) {
    const Service = loadClientApi().kms_service.v1.CoreServiceEndpoint;
    this.client = new Service(endpoint, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': maxMessageBytes,
      'grpc.max_send_message_length': maxMessageBytes,
    });
  }

  /** Calls `method` (e.g. 'GetKeyGenResult') with a deadline; rejects with the gRPC ServiceError. */
  call<Res>(
    method: keyof CoreServiceEndpointClient & string,
    request: unknown,
    timeoutMs = 30_000,
  ): Promise<Res> {
    const fn = (this.client[method] as unknown as UnaryMethod<unknown, Res>).bind(this.client);
    return new Promise((resolve, reject) => {
      fn(request, { deadline: Date.now() + timeoutMs }, (error, response) =>
        error ? reject(error) : resolve(response as Res),
      );
    });
  }

  close(): void {
    this.client.close();
  }
}

/** True for gRPC codes a poll should retry (the result is not there yet). */
export function isRetryable(error: unknown): boolean {
  const code = (error as grpc.ServiceError)?.code;
  return (
    code === grpc.status.UNAVAILABLE ||
    code === grpc.status.NOT_FOUND ||
    code === grpc.status.DEADLINE_EXCEEDED
  );
}
