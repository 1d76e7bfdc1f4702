// A small private bincode (fixint, little-endian) reader/writer and the tfhe-safe-serialize header, used by the CRS
// codec until the shared codec engine in src/fhe/codec offers them. Every read checks the remaining input first and
// every length prefix is checked against what remains before anything is allocated.
import { CrsError } from './errors.ts';

const utf8 = new TextEncoder();
/** tfhe-safe-serialize SerializationHeader: header version, versioning mode (0 = Versioned), versioning version. */
const HEADER_VERSION = '0.5';
const VERSIONING_VERSION = '0.1';

/** Cursor over the input with typed, path-named errors. */
export class ByteSource {
  readonly bytes: Uint8Array;
  offset = 0;
  private readonly view: DataView;
  private readonly root: string;

  constructor(bytes: Uint8Array, root: string) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.root = root;
  }

  private need(n: number, field: string): void {
    if (n > this.bytes.length - this.offset) {
      throw new CrsError(
        'Truncated',
        `${this.root}.${field}`,
        `needs ${n} bytes at offset ${this.offset}, ${this.bytes.length - this.offset} left`,
      );
    }
  }

  u8(field: string): number {
    this.need(1, field);
    return this.bytes[this.offset++];
  }

  u32(field: string): number {
    this.need(4, field);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  u64(field: string): bigint {
    this.need(8, field);
    const v = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return v;
  }

  u128(field: string): bigint {
    const lo = this.u64(field);
    return (this.u64(field) << 64n) | lo;
  }

  /** usize that must be a safe JS integer (larger values cannot describe a usable CRS). */
  usize(field: string): number {
    const at = this.offset;
    const v = this.u64(field);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new CrsError('InvalidValue', `${this.root}.${field}`, `usize ${v} at offset ${at} is too large`);
    }
    return Number(v);
  }

  bool(field: string): boolean {
    const at = this.offset;
    const b = this.u8(field);
    if (b > 1)
      throw new CrsError(
        'InvalidValue',
        `${this.root}.${field}`,
        `bool byte ${b} at offset ${at} is neither 0 nor 1`,
      );
    return b === 1;
  }

  /** tfhe-versionable tag: a u32 that must equal `expected`. */
  version(field: string, expected: number): void {
    const at = this.offset;
    const v = this.u32(field);
    if (v !== expected) {
      throw new CrsError(
        'UnknownVersion',
        `${this.root}.${field}`,
        `version ${v} at offset ${at}, only ${expected} is supported`,
      );
    }
  }

  /** A u64 element count, checked so that count · minItemBytes fits in the remaining input. */
  length(field: string, minItemBytes: number): number {
    const at = this.offset;
    const count = this.u64(field);
    if (count * BigInt(minItemBytes) > BigInt(this.bytes.length - this.offset)) {
      throw new CrsError(
        'Truncated',
        `${this.root}.${field}`,
        `length ${count} at offset ${at} exceeds the remaining input`,
      );
    }
    return Number(count);
  }

  /** Vec<u8>, copied out. */
  bytesVec(field: string): Uint8Array {
    const n = this.length(field, 1);
    const out = this.bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  end(): void {
    if (this.offset !== this.bytes.length) {
      throw new CrsError(
        'TrailingBytes',
        this.root,
        `${this.bytes.length - this.offset} bytes after the object`,
      );
    }
  }
}

/** Writer into a buffer sized beforehand. */
export class ByteSink {
  readonly bytes: Uint8Array;
  offset = 0;
  private readonly view: DataView;
  private readonly root: string;

  constructor(size: number, root: string) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
    this.root = root;
  }

  u8(v: number): void {
    this.bytes[this.offset++] = v;
  }

  u32(v: number): void {
    this.view.setUint32(this.offset, v, true);
    this.offset += 4;
  }

  u64(v: bigint): void {
    this.view.setBigUint64(this.offset, v, true);
    this.offset += 8;
  }

  u128(v: bigint): void {
    this.u64(BigInt.asUintN(64, v));
    this.u64(BigInt.asUintN(64, v >> 64n));
  }

  raw(b: Uint8Array): void {
    this.bytes.set(b, this.offset);
    this.offset += b.length;
  }

  string(s: string): void {
    const e = utf8.encode(s);
    this.u64(BigInt(e.length));
    this.raw(e);
  }

  finish(): Uint8Array {
    if (this.offset !== this.bytes.length)
      throw new Error(`${this.root}: wrote ${this.offset} bytes, sized ${this.bytes.length}`);
    return this.bytes;
  }
}

/** Size of the safe_serialize header for a type name (34 + name length). */
export function headerSize(typeName: string): number {
  return 8 + HEADER_VERSION.length + 4 + 8 + VERSIONING_VERSION.length + 8 + utf8.encode(typeName).length;
}

export function writeHeader(w: ByteSink, typeName: string): void {
  w.string(HEADER_VERSION);
  w.u32(0);
  w.string(VERSIONING_VERSION);
  w.string(typeName);
}

function expectString(r: ByteSource, field: string, expected: string): void {
  const want = utf8.encode(expected);
  const at = r.offset;
  const got = r.bytesVec(`header.${field}`);
  if (got.length !== want.length || !got.every((b, i) => b === want[i])) {
    const shown = new TextDecoder('utf-8', { fatal: false }).decode(got.subarray(0, 64));
    throw new CrsError(
      'HeaderMismatch',
      `header.${field}`,
      `expected "${expected}", got "${shown}" at offset ${at}`,
    );
  }
}

/** Reads and checks a safe_serialize header announcing `typeName` in versioned mode. */
export function readHeader(r: ByteSource, typeName: string): void {
  expectString(r, 'header_version', HEADER_VERSION);
  const mode = r.u32('header.versioning_mode');
  if (mode !== 0)
    throw new CrsError('HeaderMismatch', 'header.versioning_mode', `mode ${mode}, expected 0 (versioned)`);
  expectString(r, 'versioning_version', VERSIONING_VERSION);
  expectString(r, 'name', typeName);
}
