// The MPC Transport over gRPC with mutual TLS. Each party runs one server; towards each peer it keeps one
// long-lived client stream and sends every message queued in one event-loop turn as one binary batch. The
// sender of a message is the party named by the common name of the certificate its connection presented;
// certificates from another CA fail the handshake, and unknown names are refused.
import type { PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import {
  checkReceiveArguments,
  checkSendArguments,
  Inbox,
  type InboxLimits,
  type Received,
  type SessionId,
  type Transport,
} from '../../mpc/net/index.ts';
import type { Logger } from '../observability/logger.ts';
import { peerServiceDefinition } from './service.ts';
import { decodeBatch, encodeBatch, type PeerMessage } from './wire.ts';

export interface PeerEndpoint {
  partyId: number;
  /** host:port the peer's party-to-party server listens on. */
  address: string;
  /** Common name of the peer's certificate (its MPC identity). */
  identity: string;
}

export interface GrpcPeerTransportOptions {
  partyIndex: number;
  /** Every party, this one included, with ids 1..n. */
  parties: PeerEndpoint[];
  /** host:port to listen on (port 0 picks a free one; see `port`). */
  listen: string;
  tls: { caPem: string; certPem: string; keyPem: string };
  inboxLimits: InboxLimits;
  /** Largest gRPC message (one batch) sent or accepted. */
  maxMessageBytes: number;
  /** Bytes queued towards one peer before new messages to it are dropped (the receiver's timeout covers them). */
  maxQueuedBytesPerPeer: number;
  reconnect?: { initialMs: number; maxMs: number };
  logger?: Logger;
  onTraffic?: (direction: 'sent' | 'received', bytes: number) => void;
}

const MAX_MESSAGES_PER_BATCH = 1 << 20;

/**
 * One party's gRPC + mTLS endpoint, implementing the MPC `Transport`.
 * @example const transport = await GrpcPeerTransport.start(options); … await transport.close();
 */
export class GrpcPeerTransport implements Transport {
  readonly numParties: number;
  readonly partyIndex: number;
  private readonly inbox: Inbox;
  private readonly server: grpc.Server;
  private readonly links = new Map<number, PeerLink>();
  private readonly partyOfIdentity = new Map<string, number>();
  private boundPort = 0;

  private constructor(private readonly options: GrpcPeerTransportOptions) {
    const ids = options.parties.map((p) => p.partyId).sort((a, b) => a - b);
    if (ids.some((id, i) => id !== i + 1)) throw new RangeError('parties must have ids 1..n');
    if (!ids.includes(options.partyIndex)) throw new RangeError(`party ${options.partyIndex} is not listed`);
    this.numParties = ids.length;
    this.server = new grpc.Server({
      'grpc.max_receive_message_length': options.maxMessageBytes,
      'grpc.max_send_message_length': options.maxMessageBytes,
    });
    this.partyIndex = options.partyIndex;
    for (const p of options.parties) this.partyOfIdentity.set(p.identity, p.partyId);
    if (this.partyOfIdentity.size !== this.numParties)
      throw new RangeError('party identities must be unique');
    this.inbox = new Inbox(this.numParties, options.inboxLimits, (reason) =>
      options.logger?.warn({ kind: reason.kind, parties: reason.parties }, 'peer message dropped'),
    );
  }

  /** Starts the server and prepares (lazily connecting) links to every peer. */
  static async start(options: GrpcPeerTransportOptions): Promise<GrpcPeerTransport> {
    const transport = new GrpcPeerTransport(options);
    await transport.listen();
    for (const peer of options.parties) {
      if (peer.partyId !== options.partyIndex) transport.links.set(peer.partyId, new PeerLink(peer, options));
    }
    return transport;
  }

  /** The port the server listens on (useful with port 0). */
  get port(): number {
    return this.boundPort;
  }

  send(sessionId: SessionId, round: number, to: number, payload: Uint8Array): void {
    checkSendArguments(this, sessionId, round, to, payload);
    this.links.get(to)!.enqueue({ sessionId, round, payload });
  }

  sendToAll(sessionId: SessionId, round: number, payload: Uint8Array): void {
    for (let to = 1; to <= this.numParties; to++) {
      if (to !== this.partyIndex) this.send(sessionId, round, to, payload);
    }
  }

  receive(sessionId: SessionId, round: number, from: number, timeoutMs: number): Promise<Received> {
    checkReceiveArguments(this, sessionId, round, from, timeoutMs);
    return this.inbox.receive(sessionId, round, from, timeoutMs);
  }

  closeSession(sessionId: SessionId): void {
    this.inbox.close(sessionId);
  }

  /** Round-trip time to `partyId` in ms, or the error that prevented it. */
  ping(partyId: number, timeoutMs: number): Promise<number | Error> {
    const link = this.links.get(partyId);
    if (!link) return Promise.resolve(new Error(`no peer ${partyId}`));
    return link.ping(timeoutMs);
  }

  /** Stops the server and every link; pending receives resolve as missing when their timeouts pass. */
  async close(): Promise<void> {
    for (const link of this.links.values()) link.close();
    // Peers keep their streams open indefinitely, so a graceful shutdown gets a short grace period only.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, 200);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async listen(): Promise<void> {
    const { tls } = this.options;
    this.server.addService(peerServiceDefinition, {
      Stream: (call: grpc.ServerReadableStream<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) =>
        this.acceptStream(call, callback),
      Ping: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        if (this.authenticate(call) === undefined) {
          callback({ code: grpc.status.PERMISSION_DENIED, details: 'unknown peer certificate' });
          return;
        }
        callback(null, call.request);
      },
    });
    const credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(tls.caPem),
      [{ cert_chain: Buffer.from(tls.certPem), private_key: Buffer.from(tls.keyPem) }],
      true,
    );
    const server = this.server;
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(this.options.listen, credentials, (err, port) => (err ? reject(err) : resolve(port))),
    );
  }

  private authenticate(call: {
    getAuthContext(): { sslPeerCertificate?: PeerCertificate } | null;
  }): number | undefined {
    const cn = call.getAuthContext()?.sslPeerCertificate?.subject?.CN;
    const party = typeof cn === 'string' ? this.partyOfIdentity.get(cn) : undefined;
    return party === this.partyIndex ? undefined : party;
  }

  private acceptStream(
    call: grpc.ServerReadableStream<Buffer, Buffer>,
    callback: grpc.sendUnaryData<Buffer>,
  ): void {
    const from = this.authenticate(call);
    if (from === undefined) {
      this.options.logger?.warn({ peer: call.getPeer() }, 'refused a peer with an unknown certificate');
      callback({ code: grpc.status.PERMISSION_DENIED, details: 'unknown peer certificate' });
      return;
    }
    call.on('data', (batch: Buffer) => {
      this.options.onTraffic?.('received', batch.length);
      let messages: PeerMessage[];
      try {
        messages = decodeBatch(batch, MAX_MESSAGES_PER_BATCH);
      } catch (error) {
        this.options.logger?.warn({ from, error: (error as Error).message }, 'malformed peer batch');
        call.destroy(error as Error);
        return;
      }
      for (const m of messages) this.inbox.deliver(m.sessionId, m.round, from, m.payload);
    });
    call.on('end', () => callback(null, Buffer.alloc(0)));
    call.on('error', () => {});
  }
}

/** The sending half towards one peer: a queue flushed once per event-loop turn into a client stream. */
class PeerLink {
  private readonly client: grpc.Client;
  private stream: grpc.ClientWritableStream<Buffer> | undefined;
  private queue: PeerMessage[] = [];
  private queuedBytes = 0;
  private flushScheduled = false;
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly peer: PeerEndpoint,
    private readonly options: GrpcPeerTransportOptions,
  ) {
    const { tls } = options;
    const credentials = grpc.credentials.createSsl(
      Buffer.from(tls.caPem),
      Buffer.from(tls.keyPem),
      Buffer.from(tls.certPem),
      {
        // The chain is verified against the cluster CA; the peer must also be the party we meant to reach.
        checkServerIdentity: (_host, cert) =>
          cert.subject?.CN === peer.identity
            ? undefined
            : new Error(`peer ${peer.partyId} presented ${cert.subject?.CN}, expected ${peer.identity}`),
      },
    );
    this.client = new grpc.Client(peer.address, credentials, {
      // SNI carries the peer's identity (also a SAN of its certificate) rather than an IP address.
      'grpc.ssl_target_name_override': peer.identity,
      'grpc.default_authority': peer.identity,
      'grpc.max_send_message_length': options.maxMessageBytes,
      'grpc.max_receive_message_length': options.maxMessageBytes,
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 5_000,
      'grpc.initial_reconnect_backoff_ms': options.reconnect?.initialMs ?? 100,
      'grpc.max_reconnect_backoff_ms': options.reconnect?.maxMs ?? 5_000,
    });
    this.retryMs = options.reconnect?.initialMs ?? 100;
  }

  enqueue(message: PeerMessage): void {
    if (this.closed) return;
    const size = message.payload.length + message.sessionId.length + 9;
    if (
      this.queuedBytes + size > this.options.maxQueuedBytesPerPeer ||
      size + 4 > this.options.maxMessageBytes
    ) {
      this.options.logger?.warn({ to: this.peer.partyId, bytes: size }, 'peer queue full; message dropped');
      return;
    }
    this.queue.push(message);
    this.queuedBytes += size;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.closed || this.queue.length === 0) return;
    const stream = this.openStream();
    // Split so that no batch exceeds the message limit.
    let start = 0;
    let bytes = 4;
    for (let i = 0; i <= this.queue.length; i++) {
      const size =
        i < this.queue.length ? this.queue[i].payload.length + this.queue[i].sessionId.length + 9 : 0;
      if (i === this.queue.length || bytes + size > this.options.maxMessageBytes) {
        const batch = encodeBatch(this.queue.slice(start, i));
        stream.write(batch);
        this.options.onTraffic?.('sent', batch.length);
        start = i;
        bytes = 4;
      }
      bytes += size;
    }
    this.queue = [];
    this.queuedBytes = 0;
  }

  private openStream(): grpc.ClientWritableStream<Buffer> {
    if (this.stream) return this.stream;
    const stream = this.client.makeClientStreamRequest<Buffer, Buffer>(
      peerServiceDefinition.Stream.path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      // Queue the stream until the peer is reachable instead of failing at once (peers start in any order).
      new grpc.Metadata({ waitForReady: true }),
      (error: grpc.ServiceError | null) => {
        if (this.stream === stream) this.stream = undefined;
        if (error && !this.closed) {
          this.options.logger?.warn(
            { to: this.peer.partyId, code: error.code },
            'peer stream closed; reconnecting',
          );
          this.scheduleReconnect();
        }
      },
    );
    stream.on('error', () => {});
    this.stream = stream;
    return stream;
  }

  private scheduleReconnect(): void {
    if (this.retryTimer || this.closed) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.options.reconnect?.maxMs ?? 5_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.closed) return;
      this.openStream();
      this.retryMs = this.options.reconnect?.initialMs ?? 100;
    }, delay);
    this.retryTimer.unref();
  }

  ping(timeoutMs: number): Promise<number | Error> {
    const started = performance.now();
    return new Promise((resolve) => {
      this.client.makeUnaryRequest<Buffer, Buffer>(
        peerServiceDefinition.Ping.path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from('ping'),
        { deadline: Date.now() + timeoutMs },
        (error: grpc.ServiceError | null) =>
          resolve(error ? new Error(error.details || error.message) : performance.now() - started),
      );
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.stream?.end();
    this.client.close();
  }
}
