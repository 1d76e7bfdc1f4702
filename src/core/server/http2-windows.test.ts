// The widened receive windows as a plain HTTP/2 client sees them on a grpc-js server: the SETTINGS the server
// announces and the connection window it grants, and a 1 MB message sent without waiting for WINDOW_UPDATEs.
import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTION_WINDOW_BYTES, STREAM_WINDOW_BYTES, widenHttp2ReceiveWindows } from './http2-windows.ts';

describe('widened HTTP/2 receive windows of grpc-js servers', () => {
  let server: grpc.Server;
  let port: number;
  let received = 0;

  beforeAll(async () => {
    widenHttp2ReceiveWindows();
    widenHttp2ReceiveWindows(); // idempotent
    server = new grpc.Server();
    server.addService(
      {
        Echo: {
          path: '/test.Echo/Echo',
          requestStream: false,
          responseStream: false,
          requestSerialize: (b: Buffer) => b,
          requestDeserialize: (b: Buffer) => b,
          responseSerialize: (b: Buffer) => b,
          responseDeserialize: (b: Buffer) => b,
        },
      },
      {
        Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
          received = call.request.length;
          cb(null, Buffer.from('ok'));
        },
      },
    );
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
  });

  afterAll(() => server.forceShutdown());

  it('announces the stream window and grants the connection window', async () => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    try {
      await new Promise<void>((resolve) => session.once('remoteSettings', () => resolve()));
      expect(session.remoteSettings.initialWindowSize).toBe(STREAM_WINDOW_BYTES);
      // The connection WINDOW_UPDATE follows the SETTINGS frame.
      for (let i = 0; i < 100 && (session.state.remoteWindowSize ?? 0) < CONNECTION_WINDOW_BYTES; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(session.state.remoteWindowSize).toBe(CONNECTION_WINDOW_BYTES);
    } finally {
      session.close();
    }
  });

  it('still serves gRPC calls, a 1 MB request included', async () => {
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      const reply = await new Promise<Buffer>((resolve, reject) =>
        client.makeUnaryRequest(
          '/test.Echo/Echo',
          (b: Buffer) => b,
          (b: Buffer) => b,
          Buffer.alloc(1 << 20, 7),
          (e, r) => (e ? reject(e) : resolve(r!)),
        ),
      );
      expect(reply.toString()).toBe('ok');
      expect(received).toBe(1 << 20);
    } finally {
      client.close();
    }
  });
});
