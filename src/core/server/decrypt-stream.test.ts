// DecryptStream over a real grpc-js server and client on localhost: the stream adapter around stand-in Sync
// handlers (the handlers' own validation is covered by the integration tests), and the client link's matching,
// errors, fallback signal and recovery.
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { DecryptStreamLink, encodeDecryptStreamRequest } from '../../client/decrypt-stream.ts';
import { loadClientApi } from '../api/proto.ts';
import { tolerantDefinition } from './client-service.ts';
import { decryptStreamHandler, MAX_IN_FLIGHT_PER_STREAM } from './decrypt-stream.ts';

const service = () => loadClientApi().kms_service.v1.CoreServiceEndpoint.service;
const id = (n: number) => n.toString(16).padStart(64, '0');

type Callback = (error: { code: number; details: string } | null, value?: unknown) => void;
type StandIn = (
  request: { request_id?: { request_id: string } },
  callback: Callback,
  participants: readonly number[],
) => void;

const servers: grpc.Server[] = [];
const clients: grpc.Client[] = [];
const links: DecryptStreamLink[] = [];
afterEach(() => {
  for (const l of links.splice(0)) l.close();
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) s.forceShutdown();
});

async function start(
  handlers: { public?: StandIn; user?: StandIn } | 'no-stream',
): Promise<{ link: DecryptStreamLink; client: grpc.Client; server: grpc.Server; port: number }> {
  const server = new grpc.Server();
  const implementation: Record<string, unknown> = {};
  if (handlers === 'no-stream') {
    server.addService({ PublicDecryptSync: service().PublicDecryptSync }, { PublicDecryptSync: () => {} });
  } else {
    const sync = {
      PublicDecryptSync: (call: { request: never; participants: number[] }, cb: Callback) =>
        handlers.public?.(call.request, cb, call.participants),
      UserDecryptSync: (call: { request: never; participants: number[] }, cb: Callback) =>
        handlers.user?.(call.request, cb, call.participants),
    };
    implementation.DecryptStream = decryptStreamHandler(sync as never);
    server.addService(
      tolerantDefinition({ DecryptStream: service().DecryptStream }),
      implementation as never,
    );
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const link = new DecryptStreamLink(client);
  servers.push(server);
  clients.push(client);
  links.push(link);
  return { link, client, server, port };
}

const publicRequest = (requestId: string) =>
  encodeDecryptStreamRequest({
    public_decrypt: { request_id: { request_id: requestId }, extra_data: Buffer.from(requestId) },
  });

describe('DecryptStream', () => {
  it('answers each request by its id, in completion order, with the Sync handler’s response', async () => {
    const order: string[] = [];
    const { link } = await start({
      public: (request, cb) => {
        const rid = request.request_id!.request_id;
        // The first request finishes last.
        setTimeout(
          () => {
            order.push(rid);
            cb(null, { extra_data: Buffer.from(`answer ${rid.slice(-1)}`) });
          },
          rid === id(1) ? 60 : 5,
        );
      },
    });
    const answers = await Promise.all([1, 2, 3].map((n) => link.send(id(n), publicRequest(id(n)), 5_000)));
    expect(order).toEqual([id(2), id(3), id(1)]);
    expect(answers.map((a) => a.request_id?.request_id)).toEqual([id(1), id(2), id(3)]);
    expect(answers.map((a) => Buffer.from(a.public_decrypt!.extra_data).toString())).toEqual([
      'answer 1',
      'answer 2',
      'answer 3',
    ]);
  });

  it('routes user decryptions to the UserDecryptSync handler', async () => {
    const { link } = await start({
      public: (_r, cb) => cb({ code: grpc.status.INTERNAL, details: 'wrong handler' }),
      user: (request, cb) => cb(null, { extra_data: Buffer.from(`user ${request.request_id!.request_id}`) }),
    });
    const answer = await link.send(
      id(7),
      encodeDecryptStreamRequest({ user_decrypt: { request_id: { request_id: id(7) } } }),
      5_000,
    );
    expect(answer.outcome).toBe('user_decrypt');
    expect(Buffer.from(answer.user_decrypt!.extra_data).toString()).toBe(`user ${id(7)}`);
  });

  it('hands a public decryption’s participants to the handler; refuses them on a user decryption', async () => {
    const seen: (readonly number[])[] = [];
    const { link } = await start({
      public: (_r, cb, participants) => {
        seen.push(participants);
        cb(null, {});
      },
      user: (_r, cb) => cb(null, {}),
    });
    const message = (n: number, participants?: number[]) =>
      encodeDecryptStreamRequest({
        public_decrypt: { request_id: { request_id: id(n) } },
        participants,
      });
    await link.send(id(1), message(1, [1, 2, 4]), 5_000);
    await link.send(id(2), message(2), 5_000);
    expect(seen).toEqual([[1, 2, 4], []]);
    const refusal = await link
      .send(
        id(3),
        encodeDecryptStreamRequest({
          user_decrypt: { request_id: { request_id: id(3) } },
          participants: [1, 2, 3],
        }),
        5_000,
      )
      .catch((e: { code: number; details: string }) => e);
    expect(refusal).toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(/participants/),
    });
  });

  it('turns a handler error into that request’s gRPC status and keeps serving the stream', async () => {
    const { link } = await start({
      public: (request, cb) =>
        request.request_id!.request_id === id(1)
          ? cb({ code: grpc.status.NOT_FOUND, details: 'unknown key_id' })
          : cb(null, {}),
    });
    await expect(link.send(id(1), publicRequest(id(1)), 5_000)).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
      details: 'unknown key_id',
      message: '5 NOT_FOUND: unknown key_id',
    });
    await expect(link.send(id(2), publicRequest(id(2)), 5_000)).resolves.toMatchObject({
      outcome: 'public_decrypt',
    });
  });

  it('answers undecodable and empty messages INVALID_ARGUMENT without a request id, then serves on', async () => {
    const { client } = await start({ public: (_r, cb) => cb(null, {}) });
    const definition = service().DecryptStream;
    const stream = client.makeBidiStreamRequest(
      definition.path,
      (b: Buffer) => b,
      definition.responseDeserialize,
    );
    const answers: {
      request_id: { request_id: string } | null;
      outcome?: string;
      error?: { code: number };
    }[] = [];
    stream.on('data', (a) => answers.push(a));
    stream.write(Buffer.from([0x0a, 0xff, 0xff])); // a length-delimited field running past the end
    stream.write(Buffer.alloc(0)); // neither public_decrypt nor user_decrypt
    stream.write(publicRequest(id(3)));
    stream.end();
    await new Promise((resolve) => stream.on('end', resolve));
    expect(answers.map((a) => [a.request_id?.request_id ?? '', a.outcome, a.error?.code])).toEqual([
      ['', 'error', grpc.status.INVALID_ARGUMENT],
      ['', 'error', grpc.status.INVALID_ARGUMENT],
      [id(3), 'public_decrypt', undefined],
    ]);
  });

  it('does not echo a request id that is not 32 bytes of hex', async () => {
    const { client } = await start({
      public: (_r, cb) => cb({ code: grpc.status.INVALID_ARGUMENT, details: 'x' }),
    });
    const definition = service().DecryptStream;
    const stream = client.makeBidiStreamRequest(
      definition.path,
      (b: Buffer) => b,
      definition.responseDeserialize,
    );
    const answers: { request_id: { request_id: string } | null }[] = [];
    stream.on('data', (a) => answers.push(a));
    stream.write(publicRequest('<script>'));
    stream.end();
    await new Promise((resolve) => stream.on('end', resolve));
    expect(answers).toHaveLength(1);
    expect(answers[0].request_id?.request_id ?? '').toBe('');
  });

  it(`refuses more than ${MAX_IN_FLIGHT_PER_STREAM} outstanding requests on one stream`, async () => {
    const held: Callback[] = [];
    const { link } = await start({ public: (_r, cb) => held.push(cb) });
    const outstanding = Array.from({ length: MAX_IN_FLIGHT_PER_STREAM }, (_, n) =>
      link.send(id(n + 1), publicRequest(id(n + 1)), 10_000),
    );
    await expect(
      link.send(id(MAX_IN_FLIGHT_PER_STREAM + 1), publicRequest(id(MAX_IN_FLIGHT_PER_STREAM + 1)), 10_000),
    ).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
    expect(held).toHaveLength(MAX_IN_FLIGHT_PER_STREAM);
    for (const cb of held) cb(null, {});
    await expect(Promise.all(outstanding)).resolves.toHaveLength(MAX_IN_FLIGHT_PER_STREAM);
  });

  it('tells the caller UNIMPLEMENTED when the core has no DecryptStream, and remembers it', async () => {
    const { link } = await start('no-stream');
    await expect(link.send(id(1), publicRequest(id(1)), 5_000)).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
    });
    expect(link.supported).toBe(false);
  });

  it('rejects outstanding requests UNAVAILABLE when the stream breaks, and reopens it on the next request', async () => {
    const { link, server, port } = await start({ public: () => {} }); // never answers
    const lost = link.send(id(1), publicRequest(id(1)), 5_000);
    await new Promise((r) => setTimeout(r, 50));
    server.forceShutdown(); // the core goes away with the request outstanding
    await expect(lost).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    expect(link.brokenAt).toBeGreaterThan(0);
    // The core comes back on the same address.
    const again = new grpc.Server();
    again.addService(tolerantDefinition({ DecryptStream: service().DecryptStream }), {
      DecryptStream: decryptStreamHandler({
        PublicDecryptSync: (_call: unknown, cb: Callback) => cb(null, {}),
        UserDecryptSync: () => {},
      } as never),
    });
    servers.push(again);
    await new Promise<number>((resolve, reject) =>
      again.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
    await expect(link.send(id(2), publicRequest(id(2)), 5_000)).resolves.toMatchObject({
      outcome: 'public_decrypt',
    });
  });

  it('rejects DEADLINE_EXCEEDED when no answer comes in time, and ignores the late answer', async () => {
    const { link } = await start({ public: (_r, cb) => setTimeout(() => cb(null, {}), 200) });
    await expect(link.send(id(1), publicRequest(id(1)), 50)).rejects.toMatchObject({
      code: grpc.status.DEADLINE_EXCEEDED,
    });
    await new Promise((r) => setTimeout(r, 250));
    await expect(link.send(id(1), publicRequest(id(1)), 5_000)).resolves.toMatchObject({
      outcome: 'public_decrypt',
    });
  });
});
