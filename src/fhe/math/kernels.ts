// Loader for the WebAssembly kernels in poly-kernels.wat (SIMD negacyclic products and batched dot products).
// The compiled .wasm is produced by `npm run build:wasm`; when it is absent (fresh checkout), the .wat is compiled
// in-process with wabt so the math never silently runs a different code path.
import { existsSync, readFileSync } from 'node:fs';

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
  negacyclic_binary(ext: number, key: number, out: number, n: number): void;
  negacyclic_general(ext: number, key: number, out: number, n: number): void;
  dot_batch(vecs: number, count: number, n: number, stride: number, key: number, out: number): void;
  dot_batch_masked(vecs: number, count: number, n: number, stride: number, key: number, out: number): void;
}

async function compile(): Promise<KernelExports> {
  const wasmUrl = new URL('./poly-kernels.wasm', import.meta.url);
  let bytes: Uint8Array;
  if (existsSync(wasmUrl)) bytes = readFileSync(wasmUrl);
  else {
    const watUrl = new URL('./poly-kernels.wat', import.meta.url);
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
 * out = a · key in Z_2^64[X]/(X^N + 1). `binary` selects the add-only kernel (key words must be 0 or 1).
 * N must be a multiple of 4.
 */
export function negacyclicKernel(
  a: BigUint64Array,
  key: BigUint64Array,
  out: BigUint64Array,
  binary: boolean,
): void {
  const n = a.length;
  ensureBytes(32 * n);
  const mem = words();
  // ext = [−a | a]: coefficient k of a·X^j is ext[n + k − j] for every k, so each key term is one contiguous slice.
  // The kernel fills the negated half.
  mem.set(a, n);
  mem.set(key, 2 * n);
  (binary ? exports.negacyclic_binary : exports.negacyclic_general)(0, 16 * n, 24 * n, n);
  out.set(mem.subarray(3 * n, 4 * n));
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
