import { describe, expect, test } from 'vitest';
import { CodecError } from './errors.ts';
import { headerSize, peekTypeName, safeDeserialize, safeSerialize } from './header.ts';
import { bool, bytes, string, u8, u32, u64, u64Big, u64Vec, u128, u128Vec } from './primitives.ts';
import {
  type Codec,
  decode,
  encode,
  enumeration,
  literalEnum,
  map,
  option,
  struct,
  unit,
  unsupported,
  vec,
  versioned,
  versions,
} from './schema.ts';

function codecError(f: () => unknown): CodecError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return e as CodecError;
  }
  throw new Error('expected a CodecError');
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('primitives', () => {
  test('bincode fixint little-endian encodings', () => {
    expect(hex(encode(u32, 0x01020304, { root: 'x' }))).toBe('04030201');
    expect(hex(encode(u64, 2 ** 40 + 5, { root: 'x' }))).toBe('0500000000010000');
    expect(hex(encode(u128, (7n << 64n) | 9n, { root: 'x' }))).toBe('0900000000000000' + '0700000000000000');
    expect(hex(encode(string, 'ab', { root: 'x' }))).toBe('0200000000000000' + '6162');
    expect(hex(encode(option(u8), null, { root: 'x' }))).toBe('00');
    expect(hex(encode(option(u8), 5, { root: 'x' }))).toBe('0105');
    expect(hex(encode(u64Vec, new BigUint64Array([1n, 2n ** 64n - 1n]), { root: 'x' }))).toBe(
      '0200000000000000' + '0100000000000000' + 'ffffffffffffffff',
    );
  });

  test('round trips of every primitive and of u128 word vectors', () => {
    const c = struct({ a: u8, b: u32, c: u64, d: u64Big, e: u128, f: bool, g: string, h: bytes, i: u128Vec });
    const v = {
      a: 255,
      b: 0xffff_ffff,
      c: Number.MAX_SAFE_INTEGER,
      d: 2n ** 64n - 1n,
      e: 2n ** 128n - 1n,
      f: true,
      g: 'héllo',
      h: new Uint8Array([1, 2, 3]),
      i: new BigUint64Array([1n, 2n, 3n, 4n]),
    };
    const enc = encode(c, v, { root: 'S' });
    expect(enc.length).toBe(c.size(v));
    expect(decode(c, enc, { root: 'S' })).toEqual(v);
  });

  test('u64 above 2^53 is rejected as a number but accepted as a bigint', () => {
    const big = encode(u64Big, 2n ** 60n, { root: 'x' });
    expect(codecError(() => decode(u64, big, { root: 'N' })).kind).toBe('InvalidValue');
    expect(decode(u64Big, big, { root: 'N' })).toBe(2n ** 60n);
  });
});

describe('bounds and errors', () => {
  const person = struct({ name: string, tags: vec(u32), words: u64Vec });

  test('truncation names the object and field', () => {
    const enc = encode(person, { name: 'a', tags: [1, 2], words: new BigUint64Array(4) }, { root: 'P' });
    const e = codecError(() => decode(person, enc.subarray(0, enc.length - 3), { root: 'Person' }));
    expect(e.kind).toBe('LengthExceedsRemaining');
    expect(e.message).toBe('Person.words: length 4 exceeds remaining 29 bytes');
    const f = codecError(() => decode(person, enc.subarray(0, 12), { root: 'Person' }));
    expect(f.kind).toBe('Truncated');
    expect(f.message).toMatch(/^Person\.tags: needs 8 bytes at offset 9/);
  });

  test('a length prefix larger than the remaining input fails before allocating', () => {
    const w = new Uint8Array(8 + 8 + 12);
    new DataView(w.buffer).setUint32(0, 0, true); // empty name
    new DataView(w.buffer).setUint32(8, 1 << 30, true); // tags: 2^30 u32 items
    const e = codecError(() => decode(person, w, { root: 'Person' }));
    expect(e.kind).toBe('LengthExceedsRemaining');
    expect(e.message).toBe(`Person.tags: length ${2 ** 30} exceeds remaining 12 bytes`);
  });

  test('a length above the size limit is reported as SizeLimitExceeded', () => {
    const w = new Uint8Array(64);
    new DataView(w.buffer).setUint32(0, 40, true);
    expect(codecError(() => decode(string, w, { root: 'S', limit: 32 })).kind).toBe('SizeLimitExceeded');
    expect(codecError(() => decode(string, new Uint8Array(100), { root: 'S', limit: 32 })).kind).toBe(
      'SizeLimitExceeded',
    );
  });

  test('huge u64 length prefixes (2^64 − 1) do not allocate', () => {
    const w = new Uint8Array(16).fill(0xff);
    expect(codecError(() => decode(u64Vec, w, { root: 'V' })).kind).toBe('SizeLimitExceeded');
  });

  test('bad bool, bad option tag, bad UTF-8, trailing bytes', () => {
    expect(codecError(() => decode(bool, new Uint8Array([2]), { root: 'B' })).kind).toBe('InvalidValue');
    expect(codecError(() => decode(option(u8), new Uint8Array([7, 0]), { root: 'O' })).kind).toBe(
      'InvalidValue',
    );
    const badUtf8 = new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 0xff]);
    expect(codecError(() => decode(string, badUtf8, { root: 'S' })).kind).toBe('InvalidValue');
    expect(codecError(() => decode(u8, new Uint8Array([1, 2]), { root: 'T' })).kind).toBe('TrailingBytes');
  });

  test('writers reject values that do not fit', () => {
    expect(codecError(() => encode(u32, -1, { root: 'W' })).kind).toBe('InvalidArgument');
    expect(codecError(() => encode(u64, 1.5, { root: 'W' })).kind).toBe('InvalidArgument');
    expect(codecError(() => encode(u128Vec, new BigUint64Array(3), { root: 'W' })).kind).toBe(
      'InvalidArgument',
    );
    expect(codecError(() => encode(u8, 1, { root: 'W', limit: 0 })).kind).toBe('SizeLimitExceeded');
  });
});

describe('versioning and enums', () => {
  type Shape = { kind: 'Dot' } | { kind: 'Line'; length: number };
  const shape: Codec<Shape> = versioned(
    'Shape',
    1,
    enumeration<Shape>(
      'Shape',
      [
        unit<Shape>({ kind: 'Dot' }),
        map(
          u64,
          (length): Shape => ({ kind: 'Line', length }),
          (s) => (s.kind === 'Line' ? s.length : 0),
        ),
        unsupported<Shape>('Circle'),
      ],
      (s) => (s.kind === 'Dot' ? 0 : 1),
    ),
  );

  test('version tag, variant index and payload', () => {
    expect(hex(encode(shape, { kind: 'Line', length: 3 }, { root: 'S' }))).toBe(
      '01000000' + '01000000' + '0300000000000000',
    );
    expect(decode(shape, encode(shape, { kind: 'Dot' }, { root: 'S' }), { root: 'S' })).toEqual({
      kind: 'Dot',
    });
  });

  test('unknown version, unknown variant, unsupported variant', () => {
    const e1 = codecError(() => decode(shape, new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0]), { root: 'Obj' }));
    expect(e1.kind).toBe('UnknownVersion');
    expect(e1.message).toBe('Obj: unknown version 2 of Shape (expected 1)');
    expect(
      codecError(() => decode(shape, new Uint8Array([1, 0, 0, 0, 9, 0, 0, 0]), { root: 'O' })).kind,
    ).toBe('UnknownVariant');
    expect(
      codecError(() => decode(shape, new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0]), { root: 'O' })).kind,
    ).toBe('Unsupported');
  });

  test('versions(): reads every listed version and writes the selected one', () => {
    type V = { v: 0 | 1; x: number };
    const c = versions<V>(
      'V',
      [
        map(
          u8,
          (x): V => ({ v: 0, x }),
          (o) => o.x,
        ),
        map(
          u32,
          (x): V => ({ v: 1, x }),
          (o) => o.x,
        ),
      ],
      (o) => o.v,
    );
    expect(hex(encode(c, { v: 0, x: 5 }, { root: 'V' }))).toBe('0000000005');
    expect(decode(c, new Uint8Array([1, 0, 0, 0, 5, 0, 0, 0]), { root: 'V' })).toEqual({ v: 1, x: 5 });
  });

  test('literalEnum', () => {
    const c = literalEnum('Color', ['Red', 'Green'] as const);
    expect(decode(c, encode(c, 'Green', { root: 'C' }), { root: 'C' })).toBe('Green');
  });
});

describe('safe_serialize header', () => {
  const obj = versioned('Thing', 0, u64);
  test('layout: "0.5", Versioned, "0.1", type name (34 + len bytes)', () => {
    const b = safeSerialize(7, 'high_level_api::FheBool', obj, { limit: 1000 });
    expect(headerSize('high_level_api::FheBool')).toBe(57);
    expect(b.length).toBe(57 + 12);
    expect(hex(b.subarray(0, 15))).toBe('0300000000000000' + '302e35' + '00000000');
    expect(peekTypeName(b)).toBe('high_level_api::FheBool');
    expect(safeDeserialize(b, 'high_level_api::FheBool', obj, { limit: 1000 })).toBe(7);
  });

  test('a value of the wrong shape is an InvalidArgument, not a TypeError', () => {
    const c = struct({ words: u64Vec, n: u64 });
    const e = codecError(() => safeSerialize({ n: 1 } as never, 'T', c, { limit: 1000 }));
    expect(e.kind).toBe('InvalidArgument');
    expect(e.message).toMatch(/^T: malformed T value/);
  });

  test('wrong type name, wrong header version, size limit', () => {
    const b = safeSerialize(7, 'high_level_api::FheBool', obj, { limit: 1000 });
    const e = codecError(() => safeDeserialize(b, 'high_level_api::FheUint', obj, { limit: 1000 }));
    expect(e.kind).toBe('HeaderMismatch');
    expect(e.message).toContain('expected type high_level_api::FheUint, got type high_level_api::FheBool');
    const bad = b.slice();
    bad[10] = 0x36; // "0.6"
    expect(codecError(() => safeDeserialize(bad, 'high_level_api::FheBool', obj, { limit: 1000 })).kind).toBe(
      'HeaderMismatch',
    );
    expect(codecError(() => safeDeserialize(b, 'high_level_api::FheBool', obj, { limit: 60 })).kind).toBe(
      'SizeLimitExceeded',
    );
    expect(codecError(() => safeSerialize(7, 'high_level_api::FheBool', obj, { limit: 60 })).kind).toBe(
      'SizeLimitExceeded',
    );
  });
});

describe('aliased word arrays', () => {
  const words = BigUint64Array.from([1n, 2n ** 64n - 1n, 3n]);
  const wire = encode(u64Vec, words, { root: 'Words' }); // 8-byte length, then the words
  /** `wire` at byte offset `shift` of a fresh buffer. */
  const placed = (shift: number) => {
    const buffer = new Uint8Array(wire.length + shift);
    buffer.set(wire, shift);
    return buffer.subarray(shift);
  };

  test('with alias, aligned words are a view of the input; unaligned ones and the default are copies', () => {
    const aligned = placed(8);
    const read = (input: Uint8Array, alias?: boolean) =>
      decode(u64Vec, input, { root: 'Words', limit: 1000, alias });
    const aliased = read(aligned, true);
    expect(aliased).toEqual(words);
    expect(aliased.buffer).toBe(aligned.buffer);
    aligned[8] = 9; // the first word's low byte
    expect(aliased[0]).toBe(9n);
    for (const [input, alias] of [
      [placed(3), true],
      [placed(8), false],
      [placed(8), undefined],
    ] as const) {
      const copy = read(input, alias);
      expect(copy).toEqual(words);
      input[8] = 9;
      expect(copy[0]).toBe(1n);
    }
  });
});
