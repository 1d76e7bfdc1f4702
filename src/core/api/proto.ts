// Loads the client API definitions (proto/) with the same options the generated types were made with.
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { loadSync, type Options } from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/kms-service.v1.ts';

const protoDir = fileURLToPath(new URL('../../../proto/', import.meta.url));

/** Options shared by the runtime loader and `npm run gen:proto`; change both together. */
export const protoLoaderOptions: Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [protoDir],
};

let cached: ProtoGrpcType | undefined;

/** The typed package tree, e.g. `loadClientApi().kms_service.v1.CoreServiceEndpoint`. */
export function loadClientApi(): ProtoGrpcType {
  if (!cached) {
    const definition = loadSync(['kms-service.v1.proto'], protoLoaderOptions);
    cached = grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;
  }
  return cached;
}
