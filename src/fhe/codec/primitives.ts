// bincode 1 (fixint, little-endian) primitive codecs: integers, floats, bool, strings, byte and word vectors.

import type { ByteReader } from './reader.ts';
import type { Codec } from './schema.ts';
import { type ByteWriter, utf8Length } from './writer.ts';

/** A codec of constant size `n`. */
export function fixed<T>(
  n: number,
  read: (r: ByteReader) => T,
  write: (w: ByteWriter, v: T) => void,
): Codec<T> {
  return { minSize: n, read, write, size: () => n };
}

function checkInt(w: ByteWriter, v: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max)
    w.fail(`${what}: expected an integer in [0, ${max}], got ${v}`);
}

/** u8 as a number. */
export const u8: Codec<number> = fixed(
  1,
  (r) => r.u8(),
  (w, v) => {
    checkInt(w, v, 0xff, 'u8');
    w.u8(v);
  },
);
/** u32 as a number. */
export const u32: Codec<number> = fixed(
  4,
  (r) => r.u32(),
  (w, v) => {
    checkInt(w, v, 0xffff_ffff, 'u32');
    w.u32(v);
  },
);
/** i32 as a number. */
export const i32: Codec<number> = fixed(
  4,
  (r) => r.i32(),
  (w, v) => {
    if (!Number.isInteger(v) || v < -0x8000_0000 || v > 0x7fff_ffff) w.fail(`i32: out of range: ${v}`);
    w.i32(v);
  },
);
/** u64 / usize that must be a safe integer (dimensions, counts, small scalars). */
export const u64: Codec<number> = fixed(
  8,
  (r) => r.u64(),
  (w, v) => {
    checkInt(w, v, Number.MAX_SAFE_INTEGER, 'u64');
    w.u64(v);
  },
);
/** Full-range u64 as a bigint. */
export const u64Big: Codec<bigint> = fixed(
  8,
  (r) => r.u64Big(),
  (w, v) => {
    if (v < 0n || v >= 1n << 64n) w.fail(`u64: out of range: ${v}`);
    w.u64Big(v);
  },
);
/** u128 as a bigint (low u64 first). */
export const u128: Codec<bigint> = fixed(
  16,
  (r) => r.u128Big(),
  (w, v) => {
    if (v < 0n || v >= 1n << 128n) w.fail(`u128: out of range: ${v}`);
    w.u128Big(v);
  },
);
export const f64: Codec<number> = fixed(
  8,
  (r) => r.f64(),
  (w, v) => w.f64(v),
);
export const bool: Codec<boolean> = fixed(
  1,
  (r) => r.bool(),
  (w, v) => w.bool(v),
);

/** String: u64 byte length + UTF-8. */
export const string: Codec<string> = {
  minSize: 8,
  read: (r) => r.string(),
  write: (w, v) => w.string(v),
  size: (v) => 8 + utf8Length(v),
};

/** Vec<u8>: u64 length + bytes. */
export const bytes: Codec<Uint8Array> = {
  minSize: 8,
  read: (r) => r.take(r.length(1)),
  write: (w, v) => {
    w.u64(v.length);
    w.raw(v);
  },
  size: (v) => 8 + v.length,
};

/** [u8; n]: n bytes, no length prefix. */
export function fixedBytes(n: number): Codec<Uint8Array> {
  return fixed(
    n,
    (r) => r.take(n),
    (w, v) => {
      if (v.length !== n) w.fail(`expected ${n} bytes, got ${v.length}`);
      w.raw(v);
    },
  );
}

/** Vec<u64> as a BigUint64Array (copied with one memcpy). */
export const u64Vec: Codec<BigUint64Array> = {
  minSize: 8,
  read: (r) => r.u64Words(r.length(8)),
  write: (w, v) => {
    w.u64(v.length);
    w.u64Words(v);
  },
  size: (v) => 8 + 8 * v.length,
};

/** Vec<u128> as a BigUint64Array of 2·len words, (lo, hi) interleaved — exactly the little-endian wire bytes. */
export const u128Vec: Codec<BigUint64Array> = {
  minSize: 8,
  read: (r) => r.u64Words(2 * r.length(16)),
  write: (w, v) => {
    if (v.length % 2 !== 0) w.fail(`u128 words: odd word count ${v.length}`);
    w.u64(v.length / 2);
    w.u64Words(v);
  },
  size: (v) => 8 + 8 * v.length,
};
