// The party-to-party transport contract. Implementations: `InMemoryNetwork` (tests, benchmarks) and, in
// src/core/peer, gRPC + mTLS. Only bytes cross it, so every implementation can put them on a wire.
import { checkArgument, checkBytes, checkInteger } from './errors.ts';
import { checkSessionId, type SessionId } from './session-id.ts';

/** The marker a receive resolves to when no message arrived before the timeout (or the session closed). */
export const MISSING: unique symbol = Symbol('net.missing');
export type Missing = typeof MISSING;
/** What a receive yields: the sender's bytes (read-only: they may be shared) or MISSING. */
export type Received = Uint8Array | Missing;

/** Largest round number on the wire (u32). */
export const MAX_ROUND = 0xffff_ffff;

/**
 * One party's endpoint. Messages are addressed by (session id, round, sender, recipient); parties are 1-based.
 *
 * Contract for implementations:
 * - the sender of a delivered message is authenticated: a message from party j is only ever attributed to j;
 * - `send` hands the payload over: the caller must not mutate it afterwards; delivery failures are not reported
 *   to the sender (the receiver's timeout covers them, as in a synchronous network);
 * - the first message for a (session, round, sender) wins; later ones for the same key are dropped;
 * - messages that arrive before anyone receives them are buffered, within a per-session bound; beyond it they
 *   are dropped and reported (kind `BufferOverflow`);
 * - messages for a closed session are dropped; receives pending on it resolve to MISSING.
 */
export interface Transport {
  /** This party's index, 1..numParties. */
  readonly partyIndex: number;
  readonly numParties: number;
  /** Sends `payload` to party `to` (≠ partyIndex). */
  send(sessionId: SessionId, round: number, to: number, payload: Uint8Array): void;
  /** Sends the same `payload` to every other party. */
  sendToAll(sessionId: SessionId, round: number, payload: Uint8Array): void;
  /** The message of (session, round, from), or MISSING if none arrives within `timeoutMs`. */
  receive(sessionId: SessionId, round: number, from: number, timeoutMs: number): Promise<Received>;
  /** Forgets the session: drops its buffered messages and every later one, resolves its pending receives. */
  closeSession(sessionId: SessionId): void;
}

/** True when `received` is the MISSING marker.
 * @example if (isMissing(await transport.receive(sid, 1, 2, 100))) markSilent(2)
 */
export function isMissing(received: Received): received is Missing {
  return received === MISSING;
}

/** Validates the arguments of `Transport.send` (for implementations).
 * @example checkSendArguments(this, sid, round, to, payload)
 */
export function checkSendArguments(
  transport: Pick<Transport, 'partyIndex' | 'numParties'>,
  sessionId: SessionId,
  round: number,
  to: number,
  payload: Uint8Array,
): void {
  checkSessionId(sessionId);
  checkInteger('round', round, 0, MAX_ROUND);
  checkInteger('to', to, 1, transport.numParties);
  checkArgument(to !== transport.partyIndex, `to: expected another party than the sender ${to}`);
  checkBytes('payload', payload);
}

/** Validates the arguments of `Transport.receive` (for implementations).
 * @example checkReceiveArguments(this, sid, round, from, timeoutMs)
 */
export function checkReceiveArguments(
  transport: Pick<Transport, 'partyIndex' | 'numParties'>,
  sessionId: SessionId,
  round: number,
  from: number,
  timeoutMs: number,
): void {
  checkSessionId(sessionId);
  checkInteger('round', round, 0, MAX_ROUND);
  checkInteger('from', from, 1, transport.numParties);
  checkArgument(from !== transport.partyIndex, `from: expected another party than the receiver ${from}`);
  checkInteger('timeoutMs', timeoutMs, 0, 2 ** 31 - 1);
}
