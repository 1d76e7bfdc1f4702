// tfhe-csprng's AES-128-CTR generator, reproduced bit-exactly on node:crypto.
//
// Stream = AES_key(LE128(offset + i)) for i = 0, 1, 2, … concatenated. The counter block is little-endian, so Node's
// `aes-128-ctr` (big-endian increment) cannot be used; we encrypt explicitly built counter blocks with AES-128-ECB.
// A generator positioned at table index (aesIndex, byteIndex) outputs from stream byte 16·aesIndex + byteIndex.
// Forked children receive contiguous, non-overlapping windows of the same stream, exactly as tfhe-csprng's
// `try_fork(n_children, n_bytes_per_child)` does; with the native 2^64 modulus a uniform u64 consumes 8 bytes (LE),
// so the masks of a seeded object are the stream read in order.
import { createCipheriv } from 'node:crypto';

const U128_MASK = (1n << 128n) - 1n;
// Counter blocks and u64 words are written through typed-array views, which follow the host byte order.
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1)
  throw new Error('tfhe-csprng: a little-endian host is required');
/** Counter blocks encrypted per node:crypto call: 256 KiB of output, a good balance of call cost and memory. */
const CHUNK_BLOCKS = 16384;

/** How a seeded object names its generator: tfhe-rs `SeedKind` (`Ctr` = raw 16-byte AES key, `Xof` = hashed seed). */
export type CsprngSeed = { kind: 'Ctr'; bytes: Uint8Array } | { kind: 'Xof'; bytes: Uint8Array };

/** tfhe-csprng `TableIndex`: the first stream byte is 16·aesIndex + byteIndex. */
export interface TableIndex {
  aesIndex: bigint;
  byteIndex: number;
}

/** tfhe-rs `CompressionSeed` (`AesCtrParams`): a seed and the table index the generator starts at. */
export interface CompressionSeedParams {
  seed: CsprngSeed;
  firstIndex: TableIndex;
}

/** An AES-128-ECB encryptor reused across calls (ECB without padding keeps no state between whole blocks). */
type BlockCipher = (blocks: Uint8Array) => Uint8Array;

function blockCipher(key: Uint8Array): BlockCipher {
  const cipher = createCipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  return (blocks) => {
    const out = cipher.update(blocks);
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  };
}

function aesEcb(key: Uint8Array, blocks: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  const head = cipher.update(blocks);
  const tail = cipher.final();
  if (tail.length === 0) return new Uint8Array(head.buffer, head.byteOffset, head.length);
  return new Uint8Array(Buffer.concat([head, tail]));
}

function le128(value: bigint): Uint8Array {
  const out = new Uint8Array(16);
  let v = value & U128_MASK;
  for (let i = 0; i < 16; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function fromLe128(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = 15; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

/**
 * Key and counter offset of an `Xof` seed: a CBC-MAC chain with AES key 0 over the seed bytes (zero-padded to
 * 16-byte blocks) followed by LE128(bit length); key = last chaining value, offset = the one before it.
 * @example const { key, offset } = xofInit(new TextEncoder().encode('TFHE_GEN' + 'seed…'));
 */
export function xofInit(data: Uint8Array): { key: Uint8Array; offset: bigint } {
  const blocks: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += 16) {
    const block = new Uint8Array(16);
    block.set(data.subarray(i, i + 16));
    blocks.push(block);
  }
  blocks.push(le128(BigInt(data.length) * 8n));
  const zeroKey = new Uint8Array(16);
  let previous: Uint8Array = new Uint8Array(16);
  let chain: Uint8Array = new Uint8Array(16);
  for (const block of blocks) {
    previous = chain;
    const x = new Uint8Array(16);
    for (let i = 0; i < 16; i++) x[i] = previous[i] ^ block[i];
    chain = aesEcb(zeroKey, x);
  }
  return { key: chain, offset: fromLe128(previous) };
}

/**
 * A tfhe-csprng AES-128-CTR generator (optionally bounded, as forked children are).
 * @example
 * const gen = AesCtrGenerator.fromSeed({ kind: 'Ctr', bytes: seed16 });
 * const mask = gen.nextU64s(2048); // the mask of a seeded CompactPublicKey
 */
export class AesCtrGenerator {
  readonly #key: Uint8Array;
  readonly #offset: bigint;
  /** Absolute stream byte position of the next output byte. */
  #position: bigint;
  /** Exclusive end of the window this generator may read (undefined: unbounded). */
  readonly #end: bigint | undefined;
  /** Created on first use; forks get their own. */
  #cipher: BlockCipher | undefined;
  /** Counter-block scratch buffer, reused across calls. */
  #counters: Uint8Array | undefined;

  private constructor(key: Uint8Array, offset: bigint, position: bigint, end: bigint | undefined) {
    this.#key = key;
    this.#offset = offset;
    this.#position = position;
    this.#end = end;
  }

  /** A generator for a seed, positioned at `firstIndex` (default 0/0, as every node-tfhe object observed). */
  static fromSeed(
    seed: CsprngSeed,
    firstIndex: TableIndex = { aesIndex: 0n, byteIndex: 0 },
  ): AesCtrGenerator {
    if (seed.kind === 'Ctr') {
      if (!(seed.bytes instanceof Uint8Array) || seed.bytes.length !== 16) {
        throw new TypeError(`AesCtrGenerator.fromSeed: ctr seed must be 16 bytes, got ${seed.bytes?.length}`);
      }
      return new AesCtrGenerator(seed.bytes.slice(), 0n, startOf(firstIndex), undefined);
    }
    if (!(seed.bytes instanceof Uint8Array))
      throw new TypeError('AesCtrGenerator.fromSeed: xof seed must be bytes');
    const { key, offset } = xofInit(seed.bytes);
    return new AesCtrGenerator(key, offset, startOf(firstIndex), undefined);
  }

  /** A generator for a tfhe-rs `CompressionSeed`. */
  static fromCompressionSeed(params: CompressionSeedParams): AesCtrGenerator {
    return AesCtrGenerator.fromSeed(params.seed, params.firstIndex);
  }

  /** Stream byte position of the next output byte. */
  get position(): bigint {
    return this.#position;
  }

  /** Bytes left in this generator's window (Infinity when unbounded). */
  get remaining(): number {
    return this.#end === undefined ? Number.POSITIVE_INFINITY : Number(this.#end - this.#position);
  }

  /** Skips `count` bytes. */
  skip(count: number): this {
    this.#take(count);
    return this;
  }

  /**
   * Splits off `children` generators of `bytesPerChild` bytes each (consecutive windows starting at the current
   * position) and advances this generator past them, as tfhe-csprng `try_fork` does.
   */
  fork(children: number, bytesPerChild: number): AesCtrGenerator[] {
    assertCount('fork children', children);
    assertCount('fork bytesPerChild', bytesPerChild);
    const start = this.#take(children * bytesPerChild);
    const out: AesCtrGenerator[] = [];
    for (let i = 0; i < children; i++) {
      const from = start + BigInt(i * bytesPerChild);
      out.push(new AesCtrGenerator(this.#key, this.#offset, from, from + BigInt(bytesPerChild)));
    }
    return out;
  }

  /** Fills `out` with the next stream bytes. */
  fill(out: Uint8Array): Uint8Array {
    const start = this.#take(out.length);
    let written = 0;
    let block = start >> 4n;
    let skip = Number(start & 15n);
    this.#cipher ??= blockCipher(this.#key);
    while (written < out.length) {
      const wanted = out.length - written;
      const blocks = Math.min(CHUNK_BLOCKS, Math.ceil((skip + wanted) / 16));
      if (!this.#counters || this.#counters.length < 16 * blocks)
        this.#counters = new Uint8Array(16 * blocks);
      const counters = this.#counters.subarray(0, 16 * blocks);
      counterBlocks((this.#offset + block) & U128_MASK, blocks, counters);
      const stream = this.#cipher(counters);
      const piece = Math.min(wanted, blocks * 16 - skip);
      out.set(stream.subarray(skip, skip + piece), written);
      written += piece;
      block += BigInt(blocks);
      skip = 0;
    }
    return out;
  }

  /** The next `count` bytes. */
  nextBytes(count: number): Uint8Array {
    assertCount('nextBytes count', count);
    return this.fill(new Uint8Array(count));
  }

  /** The next `count` uniform u64 (8 LE bytes each), e.g. a whole mask array of a seeded key. */
  nextU64s(count: number): BigUint64Array {
    assertCount('nextU64s count', count);
    const out = new BigUint64Array(count);
    this.fill(new Uint8Array(out.buffer));
    return out;
  }

  /** The next `count` uniform u128 as interleaved lo/hi u64 words (16 LE bytes each). */
  nextU128s(count: number): BigUint64Array {
    assertCount('nextU128s count', count);
    const out = new BigUint64Array(2 * count);
    this.fill(new Uint8Array(out.buffer));
    return out;
  }

  #take(count: number): bigint {
    const start = this.#position;
    const next = start + BigInt(count);
    if (this.#end !== undefined && next > this.#end) {
      throw new RangeError(
        `AesCtrGenerator: window exhausted (asked ${count} bytes, ${this.remaining} left)`,
      );
    }
    this.#position = next;
    return start;
  }
}

function startOf(index: TableIndex): bigint {
  if (index.byteIndex < 0 || index.byteIndex > 15 || !Number.isInteger(index.byteIndex)) {
    throw new RangeError(`TableIndex.byteIndex must be an integer in [0, 15], got ${index.byteIndex}`);
  }
  if (index.aesIndex < 0n) throw new RangeError('TableIndex.aesIndex must be non-negative');
  return index.aesIndex * 16n + BigInt(index.byteIndex);
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer`);
}

/** Writes `blocks` little-endian 128-bit counter blocks starting at `first` (wrapping mod 2^128) into `out`. */
function counterBlocks(first: bigint, blocks: number, out: Uint8Array): void {
  const words = new Uint32Array(out.buffer, out.byteOffset, 4 * blocks);
  let w0 = Number(first & 0xffffffffn);
  let w1 = Number((first >> 32n) & 0xffffffffn);
  let w2 = Number((first >> 64n) & 0xffffffffn);
  let w3 = Number((first >> 96n) & 0xffffffffn);
  for (let i = 0; i < blocks; i++) {
    const o = 4 * i;
    words[o] = w0;
    words[o + 1] = w1;
    words[o + 2] = w2;
    words[o + 3] = w3;
    if (w0 !== 0xffffffff) w0++;
    else {
      w0 = 0;
      if (w1 !== 0xffffffff) w1++;
      else {
        w1 = 0;
        if (w2 !== 0xffffffff) w2++;
        else {
          w2 = 0;
          w3 = (w3 + 1) >>> 0;
        }
      }
    }
  }
}
