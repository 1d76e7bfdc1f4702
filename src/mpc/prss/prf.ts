// The PRSS pseudo-random function: AES in counter mode under a key derived once per subset key, with one
// counter range per (session, draw kind, lane) starting at a block derived from the session id. A subset's cipher
// is made once per process and reused by every session: a request's draws cost one AES call per subset (short
// slices encrypt counter blocks built here with AES-ECB, long ones run OpenSSL's CTR mode from the same block,
// which yields the same bytes).
import { type Cipher, createCipheriv, hash } from 'node:crypto';
import { PrssError } from './errors.ts';

/** Draw kinds; each has its own key stream so counters of different kinds never collide. */
export const PRF_KIND = Object.freeze({ random: 1, zero: 2, mask: 3 } as const);
/** A draw kind: `random` (PRSS.Next), `zero` (PRZS.Next), `mask` (PRSS-Mask.Next). */
export type PrfKind = keyof typeof PRF_KIND;

/** AES key sizes the PRF supports. */
export type AesBits = 128 | 256;

const KEY_DOMAIN = Buffer.from('tkms/prss/prf/v2/key', 'utf8');
const IV_DOMAIN = Buffer.from('tkms/prss/prf/v2/iv', 'utf8');
/** Slices up to this many blocks are built as counter blocks and encrypted with the cached ECB cipher. */
const ECB_MAX_BLOCKS = 256;
/** Plaintext of long CTR slices that fit; never written. */
const ZEROS = Buffer.alloc(ECB_MAX_BLOCKS * 16 * 4);

/** Session ids are bytes on the wire; strings are taken as UTF-8. */
export function sessionIdBytes(sessionId: Uint8Array | string): Uint8Array {
  return typeof sessionId === 'string' ? new TextEncoder().encode(sessionId) : sessionId;
}

/** The AES key of a subset key and its ECB cipher (stateless between whole-block updates), per AES size. */
interface SubsetCipher {
  readonly key: Buffer;
  readonly ecb: Cipher;
}

// Keyed by the setup's key objects: a setup lives as long as its key, and so does its cipher.
const ciphers = new WeakMap<Uint8Array, Map<AesBits, SubsetCipher>>();

function subsetCipher(setKey: Uint8Array, aesBits: AesBits): SubsetCipher {
  let perSize = ciphers.get(setKey);
  if (!perSize) {
    perSize = new Map();
    ciphers.set(setKey, perSize);
  }
  let cipher = perSize.get(aesBits);
  if (!cipher) {
    const key = hash('sha256', Buffer.concat([KEY_DOMAIN, setKey]), 'buffer').subarray(0, aesBits / 8);
    const ecb = createCipheriv(`aes-${aesBits}-ecb`, key, null);
    ecb.setAutoPadding(false);
    cipher = { key, ecb };
    perSize.set(aesBits, cipher);
  }
  return cipher;
}

/**
 * Writes the 16-byte big-endian counter block `start + block` (mod 2^128) at `out[at..at + 16)`, where `start` is
 * given as 4 big-endian u32 words and 0 ≤ block < 2^53: how CTR mode numbers the blocks after `start`.
 * @example addToCounterBlock(out, 0, startWords, 7)
 */
export function addToCounterBlock(out: Buffer, at: number, start: Uint32Array, block: number): void {
  const lo = block % 2 ** 32;
  const hi = (block - lo) / 2 ** 32;
  let sum = start[3] + lo;
  out.writeUInt32BE(sum >>> 0, at + 12);
  sum = start[2] + hi + (sum >= 2 ** 32 ? 1 : 0);
  out.writeUInt32BE(sum >>> 0, at + 8);
  sum = start[1] + (sum >= 2 ** 32 ? 1 : 0);
  out.writeUInt32BE(sum >>> 0, at + 4);
  sum = start[0] + (sum >= 2 ** 32 ? 1 : 0);
  out.writeUInt32BE(sum >>> 0, at);
}

/**
 * Writes `count` consecutive counter blocks start + first, start + first + 1, … (mod 2^128, big-endian) from
 * `out[at]`: what `addToCounterBlock` gives block by block, with one carry chain per block instead of a sum.
 * @example counterBlocks(counters, 0, startWords, 32, 64)
 */
export function counterBlocks(
  out: Uint8Array,
  at: number,
  start: Uint32Array,
  first: number,
  count: number,
): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const lo = first % 2 ** 32;
  const hi = (first - lo) / 2 ** 32;
  let sum = start[3] + lo;
  let w3 = sum >>> 0;
  sum = start[2] + hi + (sum >= 2 ** 32 ? 1 : 0);
  let w2 = sum >>> 0;
  sum = start[1] + (sum >= 2 ** 32 ? 1 : 0);
  let w1 = sum >>> 0;
  let w0 = (start[0] + (sum >= 2 ** 32 ? 1 : 0)) >>> 0;
  for (let b = 0, p = at; b < count; b++, p += 16) {
    view.setUint32(p, w0);
    view.setUint32(p + 4, w1);
    view.setUint32(p + 8, w2);
    view.setUint32(p + 12, w3);
    w3 = (w3 + 1) >>> 0;
    if (w3 === 0) {
      w2 = (w2 + 1) >>> 0;
      if (w2 === 0) {
        w1 = (w1 + 1) >>> 0;
        if (w1 === 0) w0 = (w0 + 1) >>> 0;
      }
    }
  }
}

/**
 * The AES-CTR PRF of one subset in one session. The AES key is SHA-256("tkms/prss/prf/v2/key" ‖ setKey),
 * truncated to the AES key size, the same for every session; the stream of (kind, lane) starts at the counter
 * block SHA-256("tkms/prss/prf/v2/iv" ‖ len(sid) ‖ sid ‖ kind ‖ lane)[0..16). Distinct sessions, kinds and lanes
 * thus use pseudo-random 128-bit starting points: two streams of L blocks overlap with probability about
 * 2L / 2^128, so no two sessions share key stream in practice.
 * @example const prf = new SubsetPrf(setKey, 'session-7', 128); const words = prf.words('random', 0, 3 * 1000)
 */
export class SubsetPrf {
  readonly #cipher: SubsetCipher;
  readonly #algorithm: string;
  readonly #sid: Uint8Array;
  /** Starting counter block of each (kind, lane) stream used so far, as 4 big-endian u32 words. */
  readonly #starts: Map<number, Uint32Array>;

  /**
   * `streamStarts`: a cache of the session's starting blocks to share between the PRFs of one session (they do
   * not depend on the subset key), so a session hashes each (kind, lane) once; it must only ever be passed with
   * the same session id.
   */
  constructor(
    setKey: Uint8Array,
    sessionId: Uint8Array | string,
    aesBits: AesBits = 128,
    streamStarts: Map<number, Uint32Array> = new Map(),
  ) {
    if (!(setKey instanceof Uint8Array) || setKey.length !== 32) {
      throw new PrssError('InvalidArgument', `setKey: expected 32 bytes, got ${setKey?.length}`);
    }
    if (aesBits !== 128 && aesBits !== 256) {
      throw new PrssError('InvalidArgument', `aesBits: expected 128 or 256, got ${aesBits}`);
    }
    this.#sid = sessionIdBytes(sessionId);
    this.#starts = streamStarts;
    this.#cipher = subsetCipher(setKey, aesBits);
    this.#algorithm = `aes-${aesBits}-ctr`;
  }

  /** The first counter block of the stream (`kind`, `lane`). */
  #start(kind: PrfKind, lane: number): Uint32Array {
    if (!Number.isInteger(lane) || lane < 0 || lane > 255) {
      throw new PrssError('InvalidArgument', `lane: expected an integer in [0, 255], got ${lane}`);
    }
    const id = PRF_KIND[kind] * 256 + lane;
    let start = this.#starts.get(id);
    if (!start) {
      const sid = this.#sid;
      const preimage = Buffer.allocUnsafe(IV_DOMAIN.length + 4 + sid.length + 2);
      preimage.set(IV_DOMAIN, 0);
      preimage.writeUInt32BE(sid.length, IV_DOMAIN.length);
      preimage.set(sid, IV_DOMAIN.length + 4);
      preimage[IV_DOMAIN.length + 4 + sid.length] = PRF_KIND[kind];
      preimage[IV_DOMAIN.length + 5 + sid.length] = lane;
      const digest = hash('sha256', preimage, 'buffer');
      start = Uint32Array.of(
        digest.readUInt32BE(0),
        digest.readUInt32BE(4),
        digest.readUInt32BE(8),
        digest.readUInt32BE(12),
      );
      this.#starts.set(id, start);
    }
    return start;
  }

  /**
   * `length` bytes of the key stream of (`kind`, `lane`), starting at byte `offset` (offset may be any
   * non-negative integer below 2^53). Lanes (0..255) split a kind into independent streams: PRZS draws its t
   * values per counter from lanes 1..t.
   * @example prf.bytes('mask', 16 * counter, 16)
   */
  bytes(kind: PrfKind, offset: number, length: number, lane = 0): Buffer {
    const start = this.#start(kind, lane);
    const block = Math.floor(offset / 16);
    const skip = offset - block * 16;
    const size = skip + length;
    const blocks = Math.ceil(size / 16);
    let stream: Buffer;
    if (blocks <= ECB_MAX_BLOCKS) {
      const counters = new Uint8Array(blocks * 16);
      counterBlocks(counters, 0, start, block, blocks);
      stream = this.#cipher.ecb.update(counters);
    } else {
      const iv = Buffer.allocUnsafe(16);
      addToCounterBlock(iv, 0, start, block);
      const cipher = createCipheriv(this.#algorithm, this.#cipher.key, iv);
      stream = cipher.update(size <= ZEROS.length ? ZEROS.subarray(0, size) : Buffer.alloc(size));
    }
    return skip === 0 && stream.length === length ? stream : stream.subarray(skip, size);
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
    const counters = new Uint8Array(total * 16);
    let at = 0;
    picks.forEach(({ lane }, k) => {
      counterBlocks(counters, at, this.#start(kind, lane), spans[k].first, spans[k].blocks);
      at += 16 * spans[k].blocks;
    });
    const stream = this.#cipher.ecb.update(counters);
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
