import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreServiceEndpointClient } from './generated/kms_service/v1/CoreServiceEndpoint.ts';
import { loadClientApi } from './proto.ts';

// Field names and numbers must match the reference KMS so its clients interoperate; a round trip through a real
// gRPC server checks that the definitions load and that unserved RPCs answer UNIMPLEMENTED.
describe('client API definitions', () => {
  const api = loadClientApi();
  const server = new grpc.Server();
  let client: CoreServiceEndpointClient;

  beforeAll(async () => {
    server.addService(api.kms_service.v1.CoreServiceEndpoint.service, {
      GetKeyGenResult: (
        call: grpc.ServerUnaryCall<{ request_id: string }, unknown>,
        callback: grpc.sendUnaryData<unknown>,
      ) => {
        callback(null, {
          request_id: { request_id: call.request.request_id },
          key_digests: [{ key_type: 'PublicKey', digest: Buffer.from([1, 2, 3]) }],
          signatures: [{ scheme: 'ECDSA256K1', signature: Buffer.alloc(65, 7) }],
        });
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    client = new api.kms_service.v1.CoreServiceEndpoint(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
  });

  afterAll(() => {
    client.close();
    server.forceShutdown();
  });

  it('carries a KeyGenResult with nested messages, bytes and enums', async () => {
    const id = 'ab'.repeat(32);
    const result = await new Promise<Record<string, unknown>>((resolve, reject) =>
      client.GetKeyGenResult({ request_id: id }, (err, value) =>
        err ? reject(err) : resolve(value as never),
      ),
    );
    expect(result.request_id).toEqual({ request_id: id });
    expect(result.key_digests).toEqual([{ key_type: 'PublicKey', digest: Buffer.from([1, 2, 3]) }]);
    expect(result.signatures).toEqual([{ scheme: 'ECDSA256K1', signature: Buffer.alloc(65, 7) }]);
  });

  it('answers UNIMPLEMENTED for an RPC without a handler', async () => {
    const error = await new Promise<grpc.ServiceError>((resolve) =>
      client.GetCrsGenResult({ request_id: 'cd'.repeat(32) }, (err) => resolve(err as grpc.ServiceError)),
    );
    expect(error.code).toBe(grpc.status.UNIMPLEMENTED);
  });
});
