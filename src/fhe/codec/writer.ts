// Little-endian writer into a buffer allocated once at the exact encoded size (codecs compute sizes first),
// so a 60 MB key is written with a handful of memcpys and no reallocation.
import { CodecError } from './errors.ts';

const TWO_POW_32 = 0x1_0000_0000;
const utf8 = new TextEncoder();

/** Writer over a preallocated Uint8Array of a known size.
 * @example const w = new ByteWriter(12, 'Tag'); w.u32(0); w.u64(0); w.finish();
 */
export class ByteWriter {
  readonly bytes: Uint8Array;
  offset = 0;
  private readonly view: DataView;
  private readonly path: string[];

  constructor(size: number, root: string) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
    this.path = [root];
  }

  enter(segment: string): void {
    this.path.push(segment);
  }

  leave(): void {
    this.path.pop();
  }

  fail(detail: string): never {
    let s = this.path[0];
    for (let i = 1; i < this.path.length; i++)
      s += this.path[i].startsWith('[') ? this.path[i] : `.${this.path[i]}`;
    throw new CodecError('InvalidArgument', s, detail);
  }

  u8(v: number): void {
    this.bytes[this.offset++] = v;
  }

  u32(v: number): void {
    this.view.setUint32(this.offset, v, true);
    this.offset += 4;
  }

  i32(v: number): void {
    this.view.setInt32(this.offset, v, true);
    this.offset += 4;
  }

  /** u64 from a non-negative safe integer. */
  u64(v: number): void {
    this.view.setUint32(this.offset, v % TWO_POW_32, true);
    this.view.setUint32(this.offset + 4, Math.floor(v / TWO_POW_32), true);
    this.offset += 8;
  }

  u64Big(v: bigint): void {
    this.view.setBigUint64(this.offset, v, true);
    this.offset += 8;
  }

  u128Big(v: bigint): void {
    this.u64Big(BigInt.asUintN(64, v));
    this.u64Big(BigInt.asUintN(64, v >> 64n));
  }

  f64(v: number): void {
    this.view.setFloat64(this.offset, v, true);
    this.offset += 8;
  }

  bool(v: boolean): void {
    this.bytes[this.offset++] = v ? 1 : 0;
  }

  raw(b: Uint8Array): void {
    this.bytes.set(b, this.offset);
    this.offset += b.length;
  }

  u64Words(words: BigUint64Array): void {
    this.raw(new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
  }

  string(s: string): void {
    const e = utf8.encode(s);
    this.u64(e.length);
    this.raw(e);
  }

  /** Returns the buffer; throws if the size computed beforehand was wrong (a codec bug, not bad input). */
  finish(): Uint8Array {
    if (this.offset !== this.bytes.length) {
      throw new Error(`${this.path[0]}: wrote ${this.offset} bytes, sized ${this.bytes.length}`);
    }
    return this.bytes;
  }
}

/** UTF-8 byte length of a string (for size computation). */
export function utf8Length(s: string): number {
  return utf8.encode(s).length;
}
