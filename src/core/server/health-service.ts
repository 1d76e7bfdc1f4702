// grpc.health.v1: SERVING for the whole server ("") and the client API once the core is ready.
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoLoaderOptions } from '../api/proto.ts';

export const CLIENT_SERVICE_NAME = 'kms_service.v1.CoreServiceEndpoint';

type ServingStatus = 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

export function healthServiceDefinition(): grpc.ServiceDefinition {
  const definition = loadSync(['grpc/health/v1/health.proto'], protoLoaderOptions);
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { health: { v1: { Health: { service: grpc.ServiceDefinition } } } };
  };
  return pkg.grpc.health.v1.Health.service;
}

/** Handlers answering from `statusOf(service)`; Watch sends the current status once and keeps the stream open. */
export function healthHandlers(
  statusOf: (service: string) => ServingStatus,
): grpc.UntypedServiceImplementation {
  return {
    Check: (
      call: grpc.ServerUnaryCall<{ service: string }, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) => {
      const status = statusOf(call.request.service);
      if (status === 'SERVICE_UNKNOWN') callback({ code: grpc.status.NOT_FOUND, details: 'unknown service' });
      else callback(null, { status });
    },
    Watch: (call: grpc.ServerWritableStream<{ service: string }, unknown>) => {
      call.write({ status: statusOf(call.request.service) });
    },
  };
}
