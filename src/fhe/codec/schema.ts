// Codec combinators: each tfhe-rs type is described once as data (a Codec built from these pieces) and the same
// description reads, sizes and writes it. Sizes are computed before writing so the output is allocated once.
import { CodecError } from './errors.ts';
import { fixed } from './primitives.ts';
import { ByteReader } from './reader.ts';
import { ByteWriter } from './writer.ts';

/** A bincode (fixint, little-endian) encoding of values of type T. */
export interface Codec<T> {
  /** Lower bound on the encoded size of any value; bounds `Vec<T>` lengths before allocation. */
  readonly minSize: number;
  read(r: ByteReader): T;
  write(w: ByteWriter, v: T): void;
  size(v: T): number;
}

/** The in-memory type a codec reads. */
export type Infer<C> = C extends Codec<infer T> ? T : never;

/** Vec<T>. */
export function vec<T>(item: Codec<T>): Codec<T[]> {
  return {
    minSize: 8,
    read: (r) => {
      const n = r.length(Math.max(1, item.minSize));
      const out: T[] = new Array(n);
      for (let i = 0; i < n; i++) {
        r.enter(`[${i}]`);
        out[i] = item.read(r);
        r.leave();
      }
      return out;
    },
    write: (w, v) => {
      w.u64(v.length);
      for (let i = 0; i < v.length; i++) {
        w.enter(`[${i}]`);
        item.write(w, v[i]);
        w.leave();
      }
    },
    size: (v) => {
      let s = 8;
      for (const x of v) s += item.size(x);
      return s;
    },
  };
}

/** Option<T> as T | null: u8 tag 0/1 + value. */
export function option<T>(item: Codec<T>): Codec<T | null> {
  return {
    minSize: 1,
    read: (r) => {
      const at = r.offset;
      const tag = r.u8();
      if (tag === 0) return null;
      if (tag !== 1) r.fail('InvalidValue', `Option tag ${tag} is neither 0 nor 1`, at);
      return item.read(r);
    },
    write: (w, v) => {
      if (v === null) w.u8(0);
      else {
        w.u8(1);
        item.write(w, v);
      }
    },
    size: (v) => (v === null ? 1 : 1 + item.size(v)),
  };
}

/** A struct: fields in wire order (the object literal's key order); each key names the field in errors. */
export function struct<T extends object>(fields: { [K in keyof T]-?: Codec<T[K]> }): Codec<T> {
  const entries = Object.entries(fields) as [string, Codec<unknown>][];
  let minSize = 0;
  for (const [, c] of entries) minSize += c.minSize;
  return {
    minSize,
    read: (r) => {
      const out: Record<string, unknown> = {};
      for (const [key, c] of entries) {
        r.enter(key);
        out[key] = c.read(r);
        r.leave();
      }
      return out as T;
    },
    write: (w, v) => {
      const rec = v as Record<string, unknown>;
      for (const [key, c] of entries) {
        w.enter(key);
        c.write(w, rec[key]);
        w.leave();
      }
    },
    size: (v) => {
      const rec = v as Record<string, unknown>;
      let s = 0;
      for (const [key, c] of entries) s += c.size(rec[key]);
      return s;
    },
  };
}

/** A tfhe-versionable wrapper: `u32 version` (index in `typeName`'s Versions enum) then the inner value. */
export function versioned<T>(typeName: string, version: number, inner: Codec<T>): Codec<T> {
  return {
    minSize: 4 + inner.minSize,
    read: (r) => {
      const at = r.offset;
      const v = r.u32();
      if (v !== version)
        r.fail('UnknownVersion', `unknown version ${v} of ${typeName} (expected ${version})`, at);
      return inner.read(r);
    },
    write: (w, v) => {
      w.u32(version);
      inner.write(w, v);
    },
    size: (v) => 4 + inner.size(v),
  };
}

/** A run of nested tfhe-versionable newtype wrappers, outermost first: [['hlapi::X', 1], ['integer::X', 0]]. */
export function wrapped<T>(layers: readonly (readonly [string, number])[], inner: Codec<T>): Codec<T> {
  let c = inner;
  for (let i = layers.length - 1; i >= 0; i--) c = versioned(layers[i][0], layers[i][1], c);
  return c;
}

/** Several accepted versions of one type. Each version codec reads the whole value (and usually records its
 * version in it); `select` picks the version to write. */
export function versions<T>(
  typeName: string,
  byVersion: readonly Codec<T>[],
  select: (v: T) => number,
): Codec<T> {
  let minSize = Number.POSITIVE_INFINITY;
  for (const c of byVersion) minSize = Math.min(minSize, c.minSize);
  return {
    minSize: 4 + minSize,
    read: (r) => {
      const at = r.offset;
      const v = r.u32();
      const c = byVersion[v];
      if (c === undefined) {
        return r.fail(
          'UnknownVersion',
          `unknown version ${v} of ${typeName} (known 0..${byVersion.length - 1})`,
          at,
        );
      }
      return c.read(r);
    },
    write: (w, v) => {
      const ver = select(v);
      const c = byVersion[ver];
      if (c === undefined) return w.fail(`${typeName}: no codec for version ${ver}`);
      w.u32(ver);
      c.write(w, v);
    },
    size: (v) => 4 + (byVersion[select(v)]?.size(v) ?? 0),
  };
}

/** A Rust enum: `u32 variant index` then the payload. Each variant codec reads the payload and builds the
 * whole value; `select` returns the variant index of a value. Missing slots are unknown variants. */
export function enumeration<T>(
  typeName: string,
  variants: readonly (Codec<T> | undefined)[],
  select: (v: T) => number,
): Codec<T> {
  let minSize = Number.POSITIVE_INFINITY;
  for (const c of variants) if (c) minSize = Math.min(minSize, c.minSize);
  return {
    minSize: 4 + (Number.isFinite(minSize) ? minSize : 0),
    read: (r) => {
      const at = r.offset;
      const i = r.u32();
      const c = variants[i];
      if (c === undefined) return r.fail('UnknownVariant', `unknown variant ${i} of ${typeName}`, at);
      return c.read(r);
    },
    write: (w, v) => {
      const i = select(v);
      const c = variants[i];
      if (c === undefined) return w.fail(`${typeName}: no variant ${i}`);
      w.u32(i);
      c.write(w, v);
    },
    size: (v) => 4 + (variants[select(v)]?.size(v) ?? 0),
  };
}

/** A payload-less value (unit enum variant, unit struct): 0 bytes. */
export function unit<T>(value: T): Codec<T> {
  return fixed(
    0,
    () => value,
    () => {},
  );
}

/** A variant tfhe-rs defines but this codec does not implement: reading or writing it raises `Unsupported`. */
export function unsupported<T>(what: string): Codec<T> {
  return {
    minSize: 0,
    read: (r) => r.fail('Unsupported', `${what} is not supported by this codec`),
    write: (w) => w.fail(`${what} is not supported by this codec`),
    size: () => 0,
  };
}

/** A fieldless enum (e.g. PBSOrder) as string literals, index = position in `names`. */
export function literalEnum<L extends string>(typeName: string, names: readonly L[]): Codec<L> {
  return enumeration<L>(
    typeName,
    names.map((n) => unit(n)),
    (v) => names.indexOf(v),
  );
}

/** Transforms the in-memory form: `decode` after reading, `encode` before writing/sizing. */
export function map<A, B>(inner: Codec<A>, decode: (a: A) => B, encode: (b: B) => A): Codec<B> {
  return {
    minSize: inner.minSize,
    read: (r) => decode(inner.read(r)),
    write: (w, v) => inner.write(w, encode(v)),
    size: (v) => inner.size(encode(v)),
  };
}

/** Adds a consistency check; `check` returns an error detail or undefined. Applied on read and on write. */
export function refine<T>(inner: Codec<T>, check: (v: T) => string | undefined): Codec<T> {
  return {
    minSize: inner.minSize,
    read: (r) => {
      const at = r.offset;
      const v = inner.read(r);
      const problem = check(v);
      if (problem !== undefined) r.fail('InvalidValue', problem, at);
      return v;
    },
    write: (w, v) => {
      const problem = check(v);
      if (problem !== undefined) w.fail(problem);
      inner.write(w, v);
    },
    size: inner.size,
  };
}

/** A field with an expected value: reading anything else is an error. */
export function constant<T>(inner: Codec<T>, value: T, what: string): Codec<T> {
  return refine(inner, (v) =>
    v === value ? undefined : `${what}: expected ${String(value)}, got ${String(v)}`,
  );
}

/** Deferred codec for recursive or forward-declared types. */
export function lazy<T>(get: () => Codec<T>, minSize = 0): Codec<T> {
  return {
    minSize,
    read: (r) => get().read(r),
    write: (w, v) => get().write(w, v),
    size: (v) => get().size(v),
  };
}

/** Options of decode(). */
export interface DecodeOptions {
  /** Object name for error paths. */
  root: string;
  /** Maximum accepted input size in bytes (and bound on any length prefix). */
  limit?: number;
  /** Accept bytes after the value (default false: trailing bytes are an error). */
  allowTrailing?: boolean;
  /** Word arrays may be views of the input where aligned (ReaderOptions.alias). */
  alias?: boolean;
}

/** Reads one value from `input`; the whole input must be consumed unless allowTrailing.
 * @example decode(u64Vec, bytes, { root: 'Words' })
 */
export function decode<T>(codec: Codec<T>, input: Uint8Array, options: DecodeOptions): T {
  if (!(input instanceof Uint8Array)) {
    throw new CodecError('InvalidArgument', options.root, 'input: expected a Uint8Array');
  }
  const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
  if (input.length > limit) {
    throw new CodecError(
      'SizeLimitExceeded',
      options.root,
      `input of ${input.length} bytes exceeds the limit of ${limit}`,
      0,
    );
  }
  const r = new ByteReader(input, { root: options.root, limit, alias: options.alias });
  const v = codec.read(r);
  if (!options.allowTrailing && r.remaining !== 0) {
    r.fail('TrailingBytes', `${r.remaining} bytes left after the end of the object`);
  }
  return v;
}

/** Writes one value; the buffer is sized exactly beforehand. Fails when the size exceeds `limit`.
 * @example encode(u64Vec, new BigUint64Array([1n]), { root: 'Words' }) // 16 bytes
 */
export function encode<T>(codec: Codec<T>, value: T, options: { root: string; limit?: number }): Uint8Array {
  const n = codec.size(value);
  if (options.limit !== undefined && n > options.limit) {
    throw new CodecError(
      'SizeLimitExceeded',
      options.root,
      `encoded size ${n} exceeds the limit of ${options.limit}`,
    );
  }
  const w = new ByteWriter(n, options.root);
  codec.write(w, value);
  return w.finish();
}
