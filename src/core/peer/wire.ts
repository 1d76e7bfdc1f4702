// Wire format of party-to-party batches. One gRPC message carries every message queued for a peer in one
// event-loop turn: u32 LE count, then per message: u8 session-id length (16 or 32), the session id, u32 LE
// round, u32 LE payload length, the payload. Parsing is bounded and never trusts a length it has not checked.
import { NetError, type SessionId } from '../../mpc/net/index.ts';

export interface PeerMessage {
  sessionId: SessionId;
  round: number;
  payload: Uint8Array;
}

const HEADER = 1 + 4 + 4;

/** Encodes `messages` into one batch buffer. */
export function encodeBatch(messages: readonly PeerMessage[]): Buffer {
  let total = 4;
  for (const m of messages) total += HEADER + m.sessionId.length + m.payload.length;
  const out = Buffer.allocUnsafe(total);
  out.writeUInt32LE(messages.length, 0);
  let at = 4;
  for (const m of messages) {
    out[at] = m.sessionId.length;
    out.set(m.sessionId, at + 1);
    at += 1 + m.sessionId.length;
    out.writeUInt32LE(m.round, at);
    out.writeUInt32LE(m.payload.length, at + 4);
    out.set(m.payload, at + 8);
    at += 8 + m.payload.length;
  }
  return out;
}

/** Decodes a batch; payloads are views into `batch`. Throws NetError(InvalidMessage) on any malformed input. */
export function decodeBatch(input: Uint8Array, maxMessages: number): PeerMessage[] {
  // Plain Uint8Array views (not Buffer), so receivers see the same type on every transport.
  const batch = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  const fail = (why: string): never => {
    throw new NetError('InvalidMessage', `peer batch: ${why}`);
  };
  if (batch.length < 4) fail('shorter than its count');
  const count = view.getUint32(0, true);
  if (count > maxMessages) fail(`${count} messages exceed the limit ${maxMessages}`);
  const messages: PeerMessage[] = [];
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (at + 1 > batch.length) fail(`message ${i} truncated`);
    const sidLength = batch[at];
    if (sidLength !== 16 && sidLength !== 32) fail(`message ${i} has a session id of ${sidLength} bytes`);
    if (at + 1 + sidLength + 8 > batch.length) fail(`message ${i} header truncated`);
    const sessionId = batch.subarray(at + 1, at + 1 + sidLength);
    at += 1 + sidLength;
    const round = view.getUint32(at, true);
    const length = view.getUint32(at + 4, true);
    at += 8;
    if (length > batch.length - at) fail(`message ${i} payload of ${length} bytes exceeds the batch`);
    messages.push({ sessionId, round, payload: batch.subarray(at, at + length) });
    at += length;
  }
  if (at !== batch.length) fail(`${batch.length - at} trailing bytes`);
  return messages;
}
