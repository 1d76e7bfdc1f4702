// Sums of Hankel products over GR(2^128, d) whose sequences are negacyclic extensions of polynomials, run entirely
// in wasm memory: out[r] = Σ_p Σ_c G_p[start + r + c]·v_p[c] with G_p = [−a_p, a_p] (2N values) for polynomials
// a_p of N Z_2^128 values, i.e. the dot products of a GLWE mask's sample-extracted masks with key shares.
// The vectors v_p are laid out once (per row-block size) in wasm memory and kept; per call only the polynomials
// are copied in, the interleaved sequences of a block are gathered from them by one kernel call, and the
// Karatsuba recursion of hankel.ts runs as one wasm call (karatsuba128_dD, generate-hankel-wat.ts) down to leaves
// of `leafRows` rows.
import { check, checkInteger, InvalidArgumentError } from './errors.ts';
import type { GaloisRing } from './galois-ring.ts';
import { type WasmHeap, wasmHeap } from './kernels-wasm.ts';

/**
 * Leaves of the recursion. Measured on GR(2^128, 4), 6 × 1024 (CPU ms per product): 16 rows with leaves of 1 row
 * 0.37, of 2 rows 0.44, of 4 rows 0.52; 128 rows 1.3, 1.5, 1.85 (every saved product costs less than the
 * differences it needs, down to single rows).
 */
export const NEGACYCLIC_LEAF_ROWS = 1;

/**
 * Leaves for a call of at most SMALL_CALL_ROWS rows (one euint64 of a compressed squashed list is 16): such a call
 * reads the key's layout once, from memory that other processes evicted, and each level of the recursion adds as
 * many key sums again. Inside cores serving one euint64 per request (NoiseFlood bench, 4 processes on 2 vCPUs), the
 * p50 was 5.5–5.9 ms with leaves of 2 rows and 6.0–7.1 ms with single rows; batches of 16 and 256 values, which
 * reuse the layout across blocks, stay fastest with single rows (10,153–10,714 vs 8,869–9,334 LWE/s at 16).
 */
export const SMALL_CALL_LEAF_ROWS = 2;
export const SMALL_CALL_ROWS = 16;

/** Largest row block: every block size up to it keeps a layout of the vectors (1.5^levels × the vectors). */
export const NEGACYCLIC_MAX_BLOCK_ROWS = 128;

/** Bytes of laid-out vectors kept over all instances; the least recently used block layouts are dropped past it. */
const LAYOUT_BUDGET_BYTES = 160 * 1024 * 1024;

/**
 * Most elements of all vectors together (k·N): a leaf's dot product runs over at most that many, and the limb
 * columns of the dot kernels must not overflow (below 2^16 terms).
 */
const MAX_ELEMENTS = 32768;

/** karatsuba128_dD(acc, seq, v, n, m, depth, table) of gr-unrolled.wat. */
type Karatsuba = (
  acc: number,
  seq: number,
  v: number,
  n: number,
  m: number,
  depth: number,
  table: number,
) => void;

/** The vectors laid out for row blocks of `size`, with the scratch one product reuses (addresses in wasm memory). */
interface BlockLayout {
  readonly size: number;
  /** Blocks: k · N/size. */
  readonly m: number;
  /** The whole allocation. */
  readonly block: number;
  readonly bytes: number;
  /** Element t of block j = p·N/size + c (vector p from c·size on) at t·m + j. */
  readonly layout: number;
  /** v0 + v1 per internal node, in visiting order (middle, top, bottom child). */
  readonly sums: readonly number[];
  /** The gathered sequences: value t of block j at t·m + j, (2·size − 1)·m values. */
  readonly sequences: number;
  /** The recursion's table (see generate-hankel-wat.ts): node counter, sums, leaf rows, buffers per depth. */
  readonly table: number;
  /** The block's `size` output elements. */
  readonly out: number;
  /** Set when dropped by the budget. */
  released: boolean;
}

const recent = new Map<BlockLayout, WasmHeap>();
const registry = new FinalizationRegistry<Map<string, BlockLayout>>((layouts) => {
  for (const layout of layouts.values()) releaseLayout(layout);
});

function releaseLayout(layout: BlockLayout): void {
  if (layout.released) return;
  layout.released = true;
  recent.get(layout)?.free(layout.block);
  recent.delete(layout);
}

/**
 * The vectors v_p (k of N elements of GR(2^128, d), N a power of two) of negacyclic Hankel products, laid out in
 * the wasm kernels' memory on first use per block size and kept (freed when this object is collected, or when the
 * layouts of all instances exceed their budget). The vectors must not change afterwards.
 * @example const columns = NegacyclicHankelColumns.create(R, keySegments) // undefined without the wasm build
 */
export class NegacyclicHankelColumns {
  readonly ring: GaloisRing;
  readonly vectors: readonly BigUint64Array[];
  /** N: elements per vector, values per polynomial. */
  readonly columns: number;
  readonly #heap: WasmHeap;
  readonly #layouts = new Map<string, BlockLayout>();

  /** undefined when the wasm kernels are not built (callers fall back to hankelProducts). */
  static create(ring: GaloisRing, vectors: readonly BigUint64Array[]): NegacyclicHankelColumns | undefined {
    const heap = wasmHeap();
    return heap && ring.backend === 'wasm' ? new NegacyclicHankelColumns(ring, vectors, heap) : undefined;
  }

  private constructor(ring: GaloisRing, vectors: readonly BigUint64Array[], heap: WasmHeap) {
    check(ring.bits === 128, `ring: expected GR(2^128, d), got GR(2^${ring.bits}, ${ring.degree})`);
    check(vectors.length > 0, 'vectors: expected at least one vector');
    const columns = ring.count(vectors[0], 'vectors[0]');
    check(
      columns > 0 && (columns & (columns - 1)) === 0,
      `vectors[0]: expected a power-of-two length, got ${columns}`,
    );
    vectors.forEach((v, p) => {
      const n = ring.count(v, `vectors[${p}]`);
      if (n !== columns)
        throw new InvalidArgumentError(`vectors[${p}]: expected ${columns} elements, got ${n}`);
    });
    check(
      vectors.length * columns <= MAX_ELEMENTS,
      `vectors: at most ${MAX_ELEMENTS} elements in all, got ${vectors.length} × ${columns}`,
    );
    this.ring = ring;
    this.vectors = vectors;
    this.columns = columns;
    this.#heap = heap;
    registry.register(this, this.#layouts);
  }

  /** The layout for row blocks of `size` (a power of two ≤ columns) and leaves of `leafRows`, built on first use. */
  layout(size: number, leafRows: number): BlockLayout {
    const name = `${size}/${leafRows}`;
    let layout = this.#layouts.get(name);
    if (layout && !layout.released) {
      recent.delete(layout);
      recent.set(layout, this.#heap);
      return layout;
    }
    layout = this.#build(size, leafRows);
    this.#layouts.set(name, layout);
    recent.set(layout, this.#heap);
    return layout;
  }

  #build(size: number, leafRows: number): BlockLayout {
    const R = this.ring;
    const heap = this.#heap;
    const { add128 } = heap.kernels;
    const d = R.degree;
    const eb = 16 * d;
    const k = this.vectors.length;
    const N = this.columns;
    const per = N / size;
    const m = k * per;
    // Sizes (bytes) of every part, then one allocation.
    const internal: number[] = [];
    const countNodes = (n: number) => {
      if (n <= leafRows) return;
      internal.push(n / 2);
      countNodes(n / 2);
      countNodes(n / 2);
      countNodes(n / 2);
    };
    countNodes(size);
    const levelSizes: number[] = [];
    for (let n = size; n > leafRows; n /= 2) levelSizes.push(n);
    const layoutBytes = size * m * eb;
    const sumsBytes = internal.reduce((total, h) => total + h * m * eb, 0);
    const sequenceBytes = (2 * size - 1) * m * 16;
    // Per depth: difference rows (3h − 1)·m values, middle and bottom products h elements each (h = n/2).
    const levelBytes = levelSizes.reduce((total, n) => total + ((3 * n) / 2 - 1) * m * 16 + n * eb, 0);
    const tableBytes = Math.ceil((12 + 12 * levelSizes.length + 4 * internal.length) / 16) * 16;
    const bytes = layoutBytes + sumsBytes + sequenceBytes + levelBytes + tableBytes + size * eb;
    for (const [old] of recent) {
      if (heap.allocatedBytes + bytes <= LAYOUT_BUDGET_BYTES) break;
      releaseLayout(old);
    }
    const block = heap.alloc(bytes);
    let at = block;
    const take = (n: number) => {
      const address = at;
      at += n;
      return address;
    };
    const layout = take(layoutBytes);
    // Element t of block j = p·per + c is vectors[p][c·size + t].
    const words = new BigUint64Array(heap.kernels.memory.buffer);
    const w = 2 * d;
    for (let p = 0; p < k; p++) {
      const v = this.vectors[p];
      for (let c = 0; c < per; c++) {
        const j = p * per + c;
        for (let t = 0; t < size; t++) {
          const from = (c * size + t) * w;
          words.set(v.subarray(from, from + w), (layout + (t * m + j) * eb) / 8);
        }
      }
    }
    const sums: number[] = [];
    const visit = (v: number, n: number) => {
      if (n <= leafRows) return;
      const h = n / 2;
      const sum = take(h * m * eb);
      add128(sum, v, v + h * m * eb, h * m * d);
      sums.push(sum);
      visit(sum, h);
      visit(v, h);
      visit(v + h * m * eb, h);
    };
    visit(layout, size);
    const sequences = take(sequenceBytes);
    const out = take(size * eb);
    const table = take(tableBytes);
    const words32 = new Int32Array(heap.kernels.memory.buffer);
    const sumsArray = table + 12 + 12 * levelSizes.length;
    words32[table / 4 + 1] = sumsArray;
    words32[table / 4 + 2] = leafRows;
    levelSizes.forEach((n, depth) => {
      const entry = table / 4 + 3 + 3 * depth;
      words32[entry] = take(((3 * n) / 2 - 1) * m * 16);
      words32[entry + 1] = take((n / 2) * eb);
      words32[entry + 2] = take((n / 2) * eb);
    });
    sums.forEach((sum, i) => {
      words32[sumsArray / 4 + i] = sum;
    });
    return { size, m, block, bytes, layout, sums, sequences, table, out, released: false };
  }
}

/**
 * out[r] = Σ_p Σ_c G_p[start + r + c]·columns.vectors[p][c] for every element r of out, G_p = [−a_p, a_p] with
 * a_p = polynomials[p·N …] (k·N Z_2^128 values, lo/hi words, or their little-endian bytes): row r is the sample-extracted mask of GLWE body
 * start − 1 + r against reversed key segments. Needs start ≥ 0 and start + rows ≤ N + 1. Equal to
 * `hankelProducts` over the extended sequences; for 16 rows of 6 × 1024 about 3× fewer products.
 * @example negacyclicHankelProducts(out, glweMask, 1, columns)
 */
export function negacyclicHankelProducts(
  out: BigUint64Array,
  polynomials: BigUint64Array | Uint8Array,
  start: number,
  columns: NegacyclicHankelColumns,
  options: { leafRows?: number; maxBlockRows?: number } = {},
): void {
  const R = columns.ring;
  const rows = R.count(out, 'out');
  const N = columns.columns;
  const k = columns.vectors.length;
  const leafRows =
    options.leafRows ?? (rows <= SMALL_CALL_ROWS ? SMALL_CALL_LEAF_ROWS : NEGACYCLIC_LEAF_ROWS);
  const maxBlockRows = Math.min(options.maxBlockRows ?? NEGACYCLIC_MAX_BLOCK_ROWS, N);
  checkInteger('leafRows', leafRows, 1, 2 ** 20);
  checkInteger('maxBlockRows', maxBlockRows, 1, 2 ** 20);
  if (
    !(polynomials instanceof BigUint64Array || polynomials instanceof Uint8Array) ||
    polynomials.byteLength !== 16 * k * N
  )
    throw new InvalidArgumentError(`polynomials: expected ${2 * k * N} words (${k} × ${N} Z_2^128 values)`);
  checkInteger('start', start, 0, N + 1 - rows);
  const heap = wasmHeap()!;
  const { negacyclicGather128 } = heap.kernels;
  const karatsuba = heap.unrolled[`karatsuba128_d${R.degree}`] as unknown as Karatsuba;
  const eb = 16 * R.degree;
  const w = 2 * R.degree;
  const input = heap.alloc(polynomials.byteLength);
  try {
    const bytes = new Uint8Array(polynomials.buffer, polynomials.byteOffset, polynomials.byteLength);
    new Uint8Array(heap.kernels.memory.buffer).set(bytes, input);
    for (let r0 = 0; r0 < rows; ) {
      let size = 1;
      while (size * 2 <= Math.min(rows - r0, maxBlockRows)) size *= 2;
      const L = columns.layout(size, Math.min(leafRows, size));
      negacyclicGather128(L.sequences, input, N, k, size, N / size, start + r0, 2 * size - 1);
      // No allocation happens below, so these views stay valid.
      const words = new BigUint64Array(heap.kernels.memory.buffer);
      words.fill(0n, L.out / 8, (L.out + size * eb) / 8);
      new Int32Array(heap.kernels.memory.buffer)[L.table / 4] = 0; // node counter
      karatsuba(L.out, L.sequences, L.layout, size, L.m, 0, L.table);
      out.set(words.subarray(L.out / 8, L.out / 8 + size * w), r0 * w);
      r0 += size;
    }
  } finally {
    heap.free(input);
  }
}
