// Session identifiers: 16 or 32 opaque bytes derived from a request id and a protocol tag, so that every party
// computes the same id for the same request without talking, and two protocols of one request never share one.
import { hash } from 'node:crypto';
import { checkArgument, checkBytes } from './errors.ts';

/** 16 (the reference KMS's u128) or 32 bytes. Compared by content, never by reference. */
export type SessionId = Uint8Array;

const DOMAIN = Buffer.from('tkms/mpc/session-id/v1', 'utf8');

/**
 * Derives a session id = SHA-256(domain ‖ len ‖ requestId ‖ len ‖ tag), truncated to `length` bytes (lengths are
 * u32 little-endian). A string request id is hashed as its UTF-8 bytes (pass the canonical hex form the API
 * uses). Every request derives a few of these, so the preimage is written into one buffer and hashed in one call.
 * @example deriveSessionId('0a1b…', 'decrypt/noise-flood') // 16 bytes
 */
export function deriveSessionId(
  requestId: Uint8Array | string,
  protocolTag: string,
  length: 16 | 32 = 16,
): SessionId {
  if (typeof requestId !== 'string') checkBytes('requestId', requestId);
  checkArgument(
    typeof protocolTag === 'string' && protocolTag.length > 0,
    'protocolTag: expected a non-empty string',
  );
  checkArgument(length === 16 || length === 32, `length: expected 16 or 32, got ${length}`);
  const requestBytes =
    typeof requestId === 'string' ? Buffer.byteLength(requestId, 'utf8') : requestId.length;
  const tagBytes = Buffer.byteLength(protocolTag, 'utf8');
  const preimage = Buffer.allocUnsafe(DOMAIN.length + 8 + requestBytes + tagBytes);
  let at = DOMAIN.copy(preimage, 0);
  at = preimage.writeUInt32LE(requestBytes, at);
  if (typeof requestId === 'string') at += preimage.write(requestId, at, 'utf8');
  else {
    preimage.set(requestId, at);
    at += requestBytes;
  }
  at = preimage.writeUInt32LE(tagBytes, at);
  preimage.write(protocolTag, at, 'utf8');
  const digest = hash('sha256', preimage, 'buffer');
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
