// Errors raised by the session/transport layer. Each has a `kind` that the service edge maps to a gRPC status code.

/**
 * The kinds of failure:
 * - `InvalidArgument`: a caller passed a bad party index, round, session id or payload;
 * - `InvalidMessage`: bytes from a peer do not parse (truncated, oversized, malformed frame);
 * - `Timeout`: a message that the protocol cannot do without did not arrive in time;
 * - `ProtocolAbort`: the protocol cannot complete (e.g. more than t parties misbehaved);
 * - `BufferOverflow`: a peer sent more unread messages for one session than the transport keeps;
 * - `SessionClosed`: a message or a call for a session that this party already closed.
 */
export type NetErrorKind =
  | 'InvalidArgument'
  | 'InvalidMessage'
  | 'Timeout'
  | 'ProtocolAbort'
  | 'BufferOverflow'
  | 'SessionClosed';

/**
 * An error with a kind; `parties` names the parties involved (1-based): the silent ones for a timeout, the
 * cheaters for an abort, the sender for an invalid message or an overflow.
 * @example throw new NetError('Timeout', 'round 3: no message from parties 2, 4', [2, 4])
 */
export class NetError extends Error {
  override readonly name = 'NetError';
  constructor(
    readonly kind: NetErrorKind,
    message: string,
    readonly parties: readonly number[] = [],
  ) {
    super(message);
  }
}

/** Throws an `InvalidArgument` NetError with `message` unless `condition` holds.
 * @example checkArgument(round >= 0, `round: expected a non-negative integer, got ${round}`)
 */
export function checkArgument(condition: boolean, message: string): asserts condition {
  if (!condition) throw new NetError('InvalidArgument', message);
}

/** Asserts that `value` is an integer in [min, max]; `name` is used in the message.
 * @example checkInteger('partyIndex', 3, 1, 4)
 */
export function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new NetError('InvalidArgument', `${name}: expected an integer in [${min}, ${max}], got ${value}`);
  }
}

/** Asserts that `value` is a Uint8Array.
 * @example checkBytes('payload', new Uint8Array(3))
 */
export function checkBytes(name: string, value: unknown): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new NetError('InvalidArgument', `${name}: expected a Uint8Array`);
  }
}
