// The party-to-party gRPC service. Messages are raw binary batches (wire.ts), so no protobuf encoding sits on
// the hot path; the service is still plain gRPC over HTTP/2 and mutual TLS.
import type * as grpc from '@grpc/grpc-js';

const identity = (b: Buffer) => b;

export const peerServiceDefinition = {
  /** A long-lived client stream from one party to another; each message is one batch. */
  Stream: {
    path: '/kms.peer.v1.PeerTransport/Stream',
    requestStream: true,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
  /** Reachability and latency probe (health status); echoes its request. */
  Ping: {
    path: '/kms.peer.v1.PeerTransport/Ping',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
} satisfies grpc.ServiceDefinition;
