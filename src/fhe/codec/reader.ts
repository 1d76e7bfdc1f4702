// Bounded little-endian reader for bincode 1 (fixint) data. Every read checks the remaining input first, and every
// length prefix is checked against both the remaining input and the size limit before anything is allocated.
import { CodecError, type CodecErrorKind } from './errors.ts';

const TWO_POW_32 = 0x1_0000_0000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Options of a ByteReader. */
export interface ReaderOptions {
  /** Name of the object being read; first segment of error paths. */
  root: string;
  /** Largest number of bytes any single length prefix may announce (default: the input length). */
  limit?: number;
  /**
   * Word arrays (`u64Words`) are views of the input where it is 8-byte aligned instead of copies: for inputs the
   * caller owns and never changes afterwards (a 98 KB copy costs ~30 µs, mostly allocating and zeroing).
   */
  alias?: boolean;
}

/** Cursor over a Uint8Array with bounds checks and a field path for error messages.
 * @example const r = new ByteReader(bytes, { root: 'FheUint' }); const v = r.u32();
 */
export class ByteReader {
  readonly bytes: Uint8Array;
  readonly limit: number;
  readonly alias: boolean;
  offset = 0;
  private readonly view: DataView;
  private readonly path: string[];

  constructor(bytes: Uint8Array, options: ReaderOptions) {
    // A plain Uint8Array view: Node Buffers' slice() would alias the input instead of copying it.
    this.bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.limit = options.limit ?? bytes.length;
    this.alias = options.alias ?? false;
    this.path = [options.root];
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Enters a field (or `[i]` element) for error paths; pair with leave(). */
  enter(segment: string): void {
    this.path.push(segment);
  }

  leave(): void {
    this.path.pop();
  }

  /** The current field path, e.g. "CompactPublicKey.key.body". */
  pathString(): string {
    let s = this.path[0];
    for (let i = 1; i < this.path.length; i++) {
      const p = this.path[i];
      s += p.startsWith('[') ? p : `.${p}`;
    }
    return s;
  }

  fail(kind: CodecErrorKind, detail: string, at = this.offset): never {
    throw new CodecError(kind, this.pathString(), detail, at);
  }

  /** Ensures `n` more bytes are present. */
  need(n: number): void {
    if (n > this.bytes.length - this.offset) {
      this.fail('Truncated', `needs ${n} bytes at offset ${this.offset}, only ${this.remaining} left`);
    }
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.offset++];
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  /** u64 that must fit a JS number exactly (sizes, dimensions, small scalars). */
  u64(): number {
    this.need(8);
    const lo = this.view.getUint32(this.offset, true);
    const hi = this.view.getUint32(this.offset + 4, true);
    if (hi > 0x1f_ffff) this.fail('InvalidValue', `u64 value above 2^53 at offset ${this.offset}`);
    this.offset += 8;
    return hi * TWO_POW_32 + lo;
  }

  /** Full-range u64 as a bigint (not for hot loops). */
  u64Big(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return v;
  }

  /** u128 as a bigint: low u64 then high u64. */
  u128Big(): bigint {
    const lo = this.u64Big();
    const hi = this.u64Big();
    return (hi << 64n) | lo;
  }

  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }

  bool(): boolean {
    const at = this.offset;
    const b = this.u8();
    if (b > 1) this.fail('InvalidValue', `bool byte ${b} is neither 0 nor 1`, at);
    return b === 1;
  }

  /** A bincode length prefix (u64) for `count` items of at least `minItemBytes` each, checked against the
   * remaining input and the size limit before the caller allocates anything. */
  length(minItemBytes: number): number {
    const at = this.offset;
    this.need(8);
    const lo = this.view.getUint32(this.offset, true);
    const hi = this.view.getUint32(this.offset + 4, true);
    const count = hi * TWO_POW_32 + lo;
    const bytes = count * minItemBytes;
    if (bytes > this.limit) {
      this.fail(
        'SizeLimitExceeded',
        `length ${count} needs ${bytes} bytes, above the limit of ${this.limit}`,
        at,
      );
    }
    this.offset += 8;
    if (bytes > this.remaining) {
      this.fail('LengthExceedsRemaining', `length ${count} exceeds remaining ${this.remaining} bytes`, at);
    }
    return count;
  }

  /** `n` raw bytes, copied out of the input. */
  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /**
   * `count` little-endian u64 words copied into a fresh BigUint64Array (a memcpy, no per-word work), or a view of
   * the input with `alias` when they are 8-byte aligned.
   */
  u64Words(count: number): BigUint64Array {
    const n = count * 8;
    this.need(n);
    const at = this.bytes.byteOffset + this.offset;
    if (this.alias && at % 8 === 0) {
      this.offset += n;
      return new BigUint64Array(this.bytes.buffer, at, count);
    }
    const out = new BigUint64Array(count);
    new Uint8Array(out.buffer).set(this.bytes.subarray(this.offset, this.offset + n));
    this.offset += n;
    return out;
  }

  /**
   * `count` little-endian u64 words left in place with `alias`: a BigUint64Array view when 8-byte aligned, else a
   * Uint8Array view of their bytes (for readers that copy them straight where they are used); without `alias` a
   * copy, as `u64Words`.
   */
  u64WordsInPlace(count: number): BigUint64Array | Uint8Array {
    const at = this.bytes.byteOffset + this.offset;
    if (!this.alias || at % 8 === 0) return this.u64Words(count);
    const n = count * 8;
    this.need(n);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  string(): string {
    const n = this.length(1);
    const at = this.offset;
    const raw = this.bytes.subarray(at, at + n);
    this.offset += n;
    try {
      return utf8.decode(raw);
    } catch {
      return this.fail('InvalidValue', 'string is not valid UTF-8', at);
    }
  }
}

// The word copies above and in ByteWriter reinterpret bytes as host-endian words.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('fhe/codec: a little-endian host is required');
}
