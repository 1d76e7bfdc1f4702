// The PRSS pseudo-random function: AES in counter mode, keyed per (subset key, session), with the draw kind in
// the top byte of the counter block. One cipher object per subset key per batch: a batch of draws is one
// contiguous slice of the kind's key stream, so a whole batch costs one createCipheriv and one update call.
import { createCipheriv, hash } from 'node:crypto';
import { PrssError } from './errors.ts';

/** Draw kinds; each has its own key stream so counters of different kinds never collide. */
export const PRF_KIND = Object.freeze({ random: 1, zero: 2, mask: 3 } as const);
/** A draw kind: `random` (PRSS.Next), `zero` (PRZS.Next), `mask` (PRSS-Mask.Next). */
export type PrfKind = keyof typeof PRF_KIND;

/** AES key sizes the PRF supports. */
export type AesBits = 128 | 256;

const DOMAIN = new TextEncoder().encode('tkms/prss/prf/v1');
/** Plaintext of short key-stream slices; never written. */
const ZEROS = Buffer.alloc(4096);

/** Session ids are bytes on the wire; strings are taken as UTF-8. */
export function sessionIdBytes(sessionId: Uint8Array | string): Uint8Array {
  return typeof sessionId === 'string' ? new TextEncoder().encode(sessionId) : sessionId;
}

/**
 * The AES-CTR PRF of one subset in one session. The session key is SHA-256(domain ‖ setKey ‖ len(sid) ‖ sid),
 * truncated to the AES key size, so two sessions with the same setup never share a key stream.
 * @example const prf = new SubsetPrf(setKey, 'session-7', 128); const words = prf.words('random', 0, 3 * 1000)
 */
export class SubsetPrf {
  readonly #key: Buffer;
  readonly #algorithm: string;
  readonly #blockAlgorithm: string;

  constructor(setKey: Uint8Array, sessionId: Uint8Array | string, aesBits: AesBits = 128) {
    if (!(setKey instanceof Uint8Array) || setKey.length !== 32) {
      throw new PrssError('InvalidArgument', `setKey: expected 32 bytes, got ${setKey?.length}`);
    }
    if (aesBits !== 128 && aesBits !== 256) {
      throw new PrssError('InvalidArgument', `aesBits: expected 128 or 256, got ${aesBits}`);
    }
    const sid = sessionIdBytes(sessionId);
    // One buffer, one hash call: a key per subset is derived for every session.
    const preimage = Buffer.allocUnsafe(DOMAIN.length + 32 + 4 + sid.length);
    preimage.set(DOMAIN, 0);
    preimage.set(setKey, DOMAIN.length);
    preimage.writeUInt32BE(sid.length, DOMAIN.length + 32);
    preimage.set(sid, DOMAIN.length + 36);
    const digest = hash('sha256', preimage, 'buffer');
    this.#key = digest.subarray(0, aesBits / 8);
    this.#algorithm = `aes-${aesBits}-ctr`;
    this.#blockAlgorithm = `aes-${aesBits}-ecb`;
  }

  /**
   * `length` bytes of the key stream of (`kind`, `lane`), starting at byte `offset` (offset may be any
   * non-negative integer below 2^53; the block counter is 64 bits wide). Lanes (0..255) split a kind into
   * independent streams: PRZS draws its t values per counter from lanes 1..t.
   * @example prf.bytes('mask', 16 * counter, 16)
   */
  bytes(kind: PrfKind, offset: number, length: number, lane = 0): Buffer {
    const block = Math.floor(offset / 16);
    const skip = offset - block * 16;
    const iv = Buffer.alloc(16);
    iv[0] = PRF_KIND[kind];
    iv[1] = lane;
    // block < 2^49: the high half of the 64-bit counter fits in 32 bits.
    iv.writeUInt32BE(Math.floor(block / 2 ** 32), 8);
    iv.writeUInt32BE(block >>> 0, 12);
    const cipher = createCipheriv(this.#algorithm, this.#key, iv);
    // CTR encrypts zeros into the key stream; small slices (PRSS-Mask draws of a request) read a shared zero block.
    const size = skip + length;
    const stream = cipher.update(size <= ZEROS.length ? ZEROS.subarray(0, size) : Buffer.alloc(size));
    return skip === 0 ? stream : stream.subarray(skip);
  }

  /**
   * `count` u64 words of the key stream of (`kind`, `lane`), starting at word `firstWord` (little-endian words).
   * @example prf.words('random', elementIndex * wordsPerElement, count * wordsPerElement)
   */
  words(kind: PrfKind, firstWord: number, count: number, lane = 0): BigUint64Array {
    const stream = this.bytes(kind, firstWord * 8, count * 8, lane);
    if (stream.byteOffset % 8 === 0) return new BigUint64Array(stream.buffer, stream.byteOffset, count);
    const aligned = new Uint8Array(count * 8);
    aligned.set(stream);
    return new BigUint64Array(aligned.buffer);
  }

  /**
   * Scattered elements of key streams in one cipher call: for each pick, the `wordsPerElement` words of
   * element `element` of the stream (`kind`, `lane`), i.e. words(kind, element·wordsPerElement,
   * wordsPerElement, lane). The counter blocks are encrypted with AES-ECB, which is what CTR mode does to them.
   * @example prf.gather('random', R.wordsPerElement, [{ lane: 0, element: 17 }, { lane: 0, element: 90 }])
   */
  gather(
    kind: PrfKind,
    wordsPerElement: number,
    picks: readonly { lane: number; element: number }[],
  ): BigUint64Array {
    const elementBytes = wordsPerElement * 8;
    const spans = picks.map(({ element }) => {
      const start = element * elementBytes;
      const first = Math.floor(start / 16);
      return { first, skip: start - first * 16, blocks: Math.ceil((start + elementBytes) / 16) - first };
    });
    let total = 0;
    for (const span of spans) total += span.blocks;
    const counters = Buffer.alloc(total * 16);
    let at = 0;
    picks.forEach(({ lane }, k) => {
      for (let b = 0; b < spans[k].blocks; b++, at += 16) {
        counters[at] = PRF_KIND[kind];
        counters[at + 1] = lane;
        counters.writeBigUInt64BE(BigInt(spans[k].first + b), at + 8);
      }
    });
    const cipher = createCipheriv(this.#blockAlgorithm, this.#key, null);
    cipher.setAutoPadding(false);
    const stream = cipher.update(counters);
    const out = new BigUint64Array(picks.length * wordsPerElement);
    const outBytes = new Uint8Array(out.buffer);
    at = 0;
    spans.forEach((span, k) => {
      outBytes.set(stream.subarray(at + span.skip, at + span.skip + elementBytes), k * elementBytes);
      at += span.blocks * 16;
    });
    return out;
  }
}
