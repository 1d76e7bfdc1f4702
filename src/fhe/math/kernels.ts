// Loader for the WebAssembly kernels in poly-kernels.wat (SIMD negacyclic products and batched dot products).
// The compiled .wasm is produced by `npm run build:wasm`; when it is absent (fresh checkout) or older than the .wat,
// the .wat is compiled in-process with wabt, so the math never runs a stale or different code path.
import { existsSync, readFileSync, statSync } from 'node:fs';

// The project compiles without the DOM lib, so the few WebAssembly APIs used are typed here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface KernelExports {
  memory: WasmMemory;
  negacyclic_ones(ext: number, ones: number, count: number, out: number, n: number): void;
  poly_mul_full(a: number, b: number, out: number, m: number): void;
  vec_add(out: number, a: number, b: number, n: number): void;
  vec_sub(out: number, a: number, b: number, n: number): void;
  dot_batch(vecs: number, count: number, n: number, stride: number, key: number, out: number): void;
  dot_batch_masked(vecs: number, count: number, n: number, stride: number, key: number, out: number): void;
}

async function compile(): Promise<KernelExports> {
  const wasmUrl = new URL('./poly-kernels.wasm', import.meta.url);
  const watUrl = new URL('./poly-kernels.wat', import.meta.url);
  let bytes: Uint8Array;
  if (existsSync(wasmUrl) && statSync(wasmUrl).mtimeMs >= statSync(watUrl).mtimeMs)
    bytes = readFileSync(wasmUrl);
  else {
    const { default: initWabt } = await import('wabt');
    const wabt = await initWabt();
    const module = wabt.parseWat('poly-kernels.wat', readFileSync(watUrl, 'utf8'), { simd: true });
    module.validate();
    bytes = module.toBinary({ log: false }).buffer;
    module.destroy();
  }
  const instance = new wasmApi.Instance(new wasmApi.Module(bytes), {});
  return instance.exports as KernelExports;
}

const exports = await compile();

/** Byte size of the kernel memory, grown on demand (never shrunk). */
function ensureBytes(bytes: number): void {
  const have = exports.memory.buffer.byteLength;
  if (bytes > have) exports.memory.grow(Math.ceil((bytes - have) / 65536));
}

/** A u64 view of the kernel memory (recreated after every growth). */
function words(): BigUint64Array {
  return new BigUint64Array(exports.memory.buffer);
}

/**
 * out = a · key in Z_2^64[X]/(X^N + 1) for a binary key (words 0 or 1; any non-zero word counts as 1).
 * N must be a multiple of 4.
 */
export function negacyclicKernel(a: BigUint64Array, key: BigUint64Array, out: BigUint64Array): void {
  negacyclicOnesKernel(a, onesOf(key), out);
}

/** Positions of the non-zero words of a binary key (the form `negacyclicOnesKernel` takes). */
export function onesOf(key: BigUint64Array): Uint32Array {
  const ones = new Uint32Array(key.length);
  let count = 0;
  for (let j = 0; j < key.length; j++) if (key[j] !== 0n) ones[count++] = j;
  return ones.subarray(0, count);
}

/**
 * out = a · s in Z_2^64[X]/(X^N + 1) for a binary s given by the positions of its set coefficients (precompute
 * them once with `onesOf` when one key multiplies many polynomials). N must be a multiple of 4.
 */
export function negacyclicOnesKernel(a: BigUint64Array, ones: Uint32Array, out: BigUint64Array): void {
  const n = a.length;
  ensureBytes(32 * n);
  const mem = words();
  // ext = [−a | a]: coefficient k of a·X^j is ext[n + k − j] for every k, so each key term is one contiguous slice.
  // The kernel fills the negated half. The positions follow as u32 words at byte 16n.
  mem.set(a, n);
  new Uint32Array(exports.memory.buffer, 16 * n, ones.length).set(ones);
  exports.negacyclic_ones(0, 16 * n, ones.length, 24 * n, n);
  out.set(mem.subarray(3 * n, 4 * n));
}

/** Below this size the plain product is one schoolbook kernel call (a Karatsuba level costs more than it saves). */
const KARATSUBA_BASE = 128;

/**
 * Plain product of the m-word polynomials at byte offsets a and b into out (2m words, last 0), by Karatsuba over
 * Z_2^64 (exact: no division) down to the SIMD schoolbook; temporaries are bump-allocated from `scratch` (bytes).
 * All arithmetic stays in wasm: JS only drives the recursion.
 */
function karatsubaAt(a: number, b: number, out: number, m: number, scratch: number): void {
  if (m <= KARATSUBA_BASE || m % 8 !== 0) {
    exports.poly_mul_full(a, b, out, m);
    return;
  }
  const h = m / 2;
  const hb = 8 * h;
  karatsubaAt(a, b, out, h, scratch); // z0 → out[0, m)
  karatsubaAt(a + hb, b + hb, out + 16 * h, h, scratch); // z2 → out[m, 2m)
  const sa = scratch;
  const sb = sa + hb;
  const z1 = sb + hb;
  const next = z1 + 16 * h;
  exports.vec_add(sa, a, a + hb, h);
  exports.vec_add(sb, b, b + hb, h);
  karatsubaAt(sa, sb, z1, h, next);
  exports.vec_sub(z1, z1, out, m);
  exports.vec_sub(z1, z1, out + 16 * h, m);
  exports.vec_add(out + hb, out + hb, z1, m);
}

/**
 * out = a · b in Z_2^64[X]/(X^N + 1) for arbitrary u64 operands: Karatsuba plain product, then X^N = −1 fold.
 * N must be a multiple of 4.
 */
export function negacyclicGeneralKernel(a: BigUint64Array, b: BigUint64Array, out: BigUint64Array): void {
  const n = a.length;
  // Layout (words): a [0, n), b [n, 2n), full product [2n, 4n), scratch from 4n (< 4n words for all levels).
  ensureBytes(64 * n + 64);
  const mem = words();
  mem.set(a, 0);
  mem.set(b, n);
  karatsubaAt(0, 8 * n, 16 * n, n, 32 * n);
  exports.vec_sub(16 * n, 16 * n, 24 * n, n);
  out.set(words().subarray(2 * n, 3 * n));
}

/** Rows per kernel call in `dotBatchKernel`: bounds the staging copy to ~8 MiB. */
const DOT_CHUNK_WORDS = 1 << 20;

/**
 * out[c] = ⟨vecs[c·stride .. c·stride + n), key⟩ mod 2^64 for c < count. A binary key (all words 0 or 1) runs the
 * AND-based kernel: 2–3× faster than the emulated 64-bit lane multiply.
 */
export function dotBatchKernel(
  vecs: BigUint64Array,
  count: number,
  n: number,
  stride: number,
  key: BigUint64Array,
  out: BigUint64Array,
): void {
  let binary = true;
  for (let i = 0; i < n && binary; i++) if (key[i] > 1n) binary = false;
  const rowsPerChunk = Math.max(1, Math.floor(DOT_CHUNK_WORDS / stride));
  const chunkRows = Math.min(rowsPerChunk, count);
  const keyOff = 0;
  const outOff = n;
  const vecOff = n + chunkRows;
  ensureBytes(8 * (vecOff + chunkRows * stride));
  const mem = words();
  if (binary) for (let i = 0; i < n; i++) mem[keyOff + i] = -key[i];
  else mem.set(key.subarray(0, n), keyOff);
  const kernel = binary ? exports.dot_batch_masked : exports.dot_batch;
  for (let first = 0; first < count; first += chunkRows) {
    const rows = Math.min(chunkRows, count - first);
    const from = first * stride;
    const len = Math.min(rows * stride, vecs.length - from);
    mem.set(vecs.subarray(from, from + len), vecOff);
    kernel(8 * vecOff, rows, n, stride, 8 * keyOff, 8 * outOff);
    out.set(mem.subarray(outOff, outOff + rows), first);
  }
}
