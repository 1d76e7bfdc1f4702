// Session identifiers: 16 or 32 opaque bytes derived from a request id and a protocol tag, so that every party
// computes the same id for the same request without talking, and two protocols of one request never share one.
import { createHash } from 'node:crypto';
import { checkArgument, checkBytes } from './errors.ts';

/** 16 (the reference KMS's u128) or 32 bytes. Compared by content, never by reference. */
export type SessionId = Uint8Array;

const DOMAIN = new TextEncoder().encode('tkms/mpc/session-id/v1');
const encoder = new TextEncoder();

function u32le(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
}

/**
 * Derives a session id = SHA-256(domain ‖ len ‖ requestId ‖ len ‖ tag), truncated to `length` bytes. A string
 * request id is hashed as its UTF-8 bytes (pass the canonical hex form the API uses).
 * @example deriveSessionId('0a1b…', 'decrypt/noise-flood') // 16 bytes
 */
export function deriveSessionId(
  requestId: Uint8Array | string,
  protocolTag: string,
  length: 16 | 32 = 16,
): SessionId {
  const request = typeof requestId === 'string' ? encoder.encode(requestId) : requestId;
  checkBytes('requestId', request);
  checkArgument(
    typeof protocolTag === 'string' && protocolTag.length > 0,
    'protocolTag: expected a non-empty string',
  );
  checkArgument(length === 16 || length === 32, `length: expected 16 or 32, got ${length}`);
  const tag = encoder.encode(protocolTag);
  const digest = createHash('sha256')
    .update(DOMAIN)
    .update(u32le(request.length))
    .update(request)
    .update(u32le(tag.length))
    .update(tag)
    .digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, length);
}

/**
 * A sub-session id for a step run in its own session (e.g. one batch of triples): derived from the parent id.
 * @example childSessionId(parent, 'triples/batch/7')
 */
export function childSessionId(parent: SessionId, tag: string): SessionId {
  checkSessionId(parent);
  return deriveSessionId(parent, tag, parent.length as 16 | 32);
}

/** Asserts that `sessionId` is 16 or 32 bytes.
 * @example checkSessionId(new Uint8Array(16))
 */
export function checkSessionId(sessionId: unknown): asserts sessionId is SessionId {
  checkBytes('sessionId', sessionId);
  checkArgument(
    sessionId.length === 16 || sessionId.length === 32,
    `sessionId: expected 16 or 32 bytes, got ${sessionId.length}`,
  );
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of a session id: the map key transports use, and what logs print.
 * @example sessionIdHex(new Uint8Array(16)) // '000…0' (32 characters)
 */
export function sessionIdHex(sessionId: SessionId): string {
  let out = '';
  for (let i = 0; i < sessionId.length; i++) out += HEX[sessionId[i]];
  return out;
}
