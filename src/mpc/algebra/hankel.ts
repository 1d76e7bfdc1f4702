// Sums of Hankel matrix–vector products Σ_p H(seq_p)·v_p over GR(2^k, d), H(seq)[r][c] = seq[r + c] ∈ Z_2^k: the
// dot products of a GLWE mask's overlapping windows with key shares. Square power-of-two row blocks go through
// Karatsuba for Hankel blocks: with M = [[A, B], [B, C]] and v = [v0; v1],
//   P = B·(v0 + v1),  top = P + (A − B)·v0,  bottom = P + (C − B)·v1,
// three half-size products instead of four, where A − B and C − B are Hankel blocks of sequence differences.
// All column blocks of all sequences share one recursion: their sequences and vectors are stored interleaved
// (entry t of every block side by side), so each step is one ring or kernel call over all blocks and the leaves
// sum over blocks inside one dotIntegersRows call (row stride = number of blocks).
import { check, checkInteger, InvalidArgumentError } from './errors.ts';
import type { GaloisRing } from './galois-ring.ts';

/**
 * Karatsuba leaves: blocks of at most this many rows are multiplied plainly. Measured on GR(2^128, 4), 6 × 1024
 * windows per GLWE, 128 rows: plain 6.0 ms, leaves of 2 rows 2.65, of 4 rows 2.4, of 8 2.6, of 16 3.0 (the
 * sequence differences and vector sums of a level cost about what its saved products would).
 */
export const HANKEL_PLAIN_ROWS = 4;

/**
 * Smallest row block worth Karatsuba: 16 rows × 6 × 1024 take 0.8 ms either way (interleaving the sequences and
 * their differences cost what the saved products would), 32 rows 1.55 ms plainly and 1.1 ms by Karatsuba.
 */
export const HANKEL_KARATSUBA_ROWS = 32;

/**
 * The vectors of a sum of Hankel products, all of one length, with their interleaved layouts per block size
 * built once and kept (e.g. key shares used for every GLWE of a list): the vectors are read once per block size,
 * so they must not change afterwards. Kept per block size: (1 + (1 + 1.5 + … + 1.5^(levels − 1))/2)·columns·
 * vectors elements (6 × 1024 elements of GR(2^128, 4): 3 MB for blocks of 128, 6.3 MB with those of 64 and 32).
 * @example const columns = new HankelColumns(R, [keySegment0, keySegment1])
 */
export class HankelColumns {
  readonly ring: GaloisRing;
  readonly vectors: readonly BigUint64Array[];
  /** Elements per vector: the column count of every Hankel matrix multiplied with them. */
  readonly columns: number;
  readonly #blocks = new Map<string, KaratsubaBlocks>();

  constructor(ring: GaloisRing, vectors: readonly BigUint64Array[]) {
    check(vectors.length > 0, 'vectors: expected at least one vector');
    const columns = ring.count(vectors[0], 'vectors[0]');
    vectors.forEach((v, p) => {
      const n = ring.count(v, `vectors[${p}]`);
      if (n !== columns)
        throw new InvalidArgumentError(`vectors[${p}]: expected ${columns} elements, got ${n}`);
    });
    this.ring = ring;
    this.vectors = vectors;
    this.columns = columns;
  }

  /**
   * The vectors cut into blocks of n elements (whole blocks only), interleaved: element t of block j at t·m + j,
   * block j = p·⌊columns/n⌋ + c holding vectors[p][c·n …]; and the sums v0 + v1 of every Karatsuba node above
   * leaves of `plainRows` rows, in the order the recursion visits them (they depend on the vectors only, so a
   * key's are summed once instead of once per GLWE). Built on first use.
   */
  blocks(n: number, plainRows: number): KaratsubaBlocks {
    const key = `${n}/${plainRows}`;
    let out = this.#blocks.get(key);
    if (out) return out;
    const R = this.ring;
    const w = R.wordsPerElement;
    const perVector = Math.floor(this.columns / n);
    const m = this.vectors.length * perVector;
    const layout = new BigUint64Array(n * m * w);
    this.vectors.forEach((v, p) => {
      for (let c = 0; c < perVector; c++) {
        const j = p * perVector + c;
        for (let t = 0; t < n; t++)
          layout.set(v.subarray((c * n + t) * w, (c * n + t + 1) * w), (t * m + j) * w);
      }
    });
    const sums: BigUint64Array[] = [];
    const visit = (v: BigUint64Array, size: number) => {
      if (size <= plainRows) return;
      const h = size / 2;
      const v0 = v.subarray(0, h * m * w);
      const v1 = v.subarray(h * m * w, size * m * w);
      const sum = R.alloc(h * m);
      R.add(sum, v0, v1);
      sums.push(sum);
      visit(sum, h);
      visit(v0, h);
      visit(v1, h);
    };
    visit(layout, n);
    // Differences are taken d values at a time (as ring elements: coefficient-wise mod 2^k), so every sequence
    // buffer has d values of slack past its (2n − 1)·m.
    const sequenceWords = (size: number) => ((2 * size - 1) * m + R.degree) * R.wordsPerCoefficient;
    const levels: KaratsubaBlocks['levels'][number][] = [];
    for (let size = n; size > plainRows; size /= 2) {
      levels.push({ differences: new BigUint64Array(sequenceWords(size / 2)), middle: R.alloc(size / 2) });
    }
    out = { layout, sums, sequences: new BigUint64Array(sequenceWords(n)), levels };
    this.#blocks.set(key, out);
    return out;
  }
}

/** A HankelColumns' vectors prepared for Karatsuba on blocks of one size, with the buffers each product reuses. */
export interface KaratsubaBlocks {
  /** Element t of block j at t·m + j. */
  readonly layout: BigUint64Array;
  /** v0 + v1 per internal node, in visiting order (middle, top, bottom child). */
  readonly sums: readonly BigUint64Array[];
  /** The sequences interleaved like the layout (rewritten by every product). */
  readonly sequences: BigUint64Array;
  /** Per recursion depth: the difference sequences and the middle product of its current node. */
  readonly levels: readonly { readonly differences: BigUint64Array; readonly middle: BigUint64Array }[];
}

/**
 * out[r] (+)= Σ_p Σ_c sequences[p][r + c]·columns.vectors[p][c] for every element r of out: the rows of each
 * H(sequences[p]) are its overlapping windows (each sequence holds at least rows + columns − 1 Z_2^k values, 1 or 2
 * words each). Equal to one `dotIntegersRows(Add)` per sequence with row stride 1; for 128 rows 4.2× fewer
 * products, 2.4× less time. `plainRows`, `karatsubaRows` (tests vary them): HANKEL_PLAIN_ROWS, HANKEL_KARATSUBA_ROWS.
 * @example hankelProducts(out, [windows0, windows1], new HankelColumns(R, [key0, key1]))
 */
export function hankelProducts(
  out: BigUint64Array,
  sequences: readonly BigUint64Array[],
  columns: HankelColumns,
  options: { accumulate?: boolean; plainRows?: number; karatsubaRows?: number } = {},
): void {
  const R = columns.ring;
  const rows = R.count(out, 'out');
  const cols = columns.columns;
  const wc = R.wordsPerCoefficient;
  const w = R.wordsPerElement;
  const plainRows = options.plainRows ?? HANKEL_PLAIN_ROWS;
  checkInteger('plainRows', plainRows, 1, 2 ** 31);
  const karatsubaRows = Math.max(options.karatsubaRows ?? HANKEL_KARATSUBA_ROWS, 2 * plainRows);
  checkInteger('karatsubaRows', karatsubaRows, 2, 2 ** 31);
  check(
    sequences.length === columns.vectors.length,
    `sequences: expected ${columns.vectors.length} (one per vector), got ${sequences.length}`,
  );
  const needed = (rows + cols - 1) * wc;
  sequences.forEach((seq, p) => {
    if (!(seq instanceof BigUint64Array))
      throw new InvalidArgumentError(`sequences[${p}]: expected a BigUint64Array`);
    if (rows > 0 && seq.length < needed) {
      throw new InvalidArgumentError(`sequences[${p}]: expected at least ${needed} words, got ${seq.length}`);
    }
  });
  for (const other of [...sequences, ...columns.vectors]) {
    if (overlaps(out, other))
      throw new InvalidArgumentError('out: must not overlap the sequences or vectors');
  }
  if (!options.accumulate) out.fill(0n);
  let r0 = 0;
  for (;;) {
    const s = largestPowerOfTwo(Math.min(rows - r0, cols));
    if (s < karatsubaRows) break;
    const perVector = Math.floor(cols / s);
    const full = perVector * s;
    const block = out.subarray(r0 * w, (r0 + s) * w);
    karatsuba(R, block, sequences, r0, s, perVector, columns.blocks(s, plainRows), plainRows);
    if (full < cols) {
      sequences.forEach((seq, p) => {
        R.dotIntegersRowsAdd(block, seq.subarray((r0 + full) * wc), 1, columns.vectors[p].subarray(full * w));
      });
    }
    r0 += s;
  }
  if (r0 < rows) {
    const rest = out.subarray(r0 * w);
    sequences.forEach((seq, p) => {
      R.dotIntegersRowsAdd(rest, seq.subarray(r0 * wc), 1, columns.vectors[p]);
    });
  }
}

function overlaps(a: BigUint64Array, b: BigUint64Array): boolean {
  return (
    a.buffer === b.buffer &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}

function largestPowerOfTwo(x: number): number {
  return x < 1 ? 0 : 2 ** Math.floor(Math.log2(x));
}

/**
 * out (s elements) += rows r0 … r0 + s − 1 of every sequence's matrix times the whole-block columns, by Karatsuba
 * over the interleaved blocks (m = sequences × perVector of them).
 */
function karatsuba(
  R: GaloisRing,
  out: BigUint64Array,
  sequences: readonly BigUint64Array[],
  r0: number,
  s: number,
  perVector: number,
  blocks: KaratsubaBlocks,
  plainRows: number,
): void {
  // Differences are taken d values at a time (as ring elements: coefficient-wise mod 2^k); the buffers have d
  // values of slack for it.
  const wc = R.wordsPerCoefficient;
  const d = R.degree;
  const m = sequences.length * perVector;
  const top = blocks.sequences;
  // Copied as i32 quarters (halves for k = 64): reading a BigUint64Array element makes a BigInt, and i32 values
  // stay small integers in the JIT where u32 ones may not.
  const top32 = new Int32Array(top.buffer);
  const step = 2 * wc * s;
  let to = 0;
  // Written in order (value t of every block in turn): the reads stride through sequences that stay in cache.
  for (let t = 0; t < 2 * s - 1; t++) {
    for (let p = 0; p < sequences.length; p++) {
      const seq = sequences[p];
      const from32 = new Int32Array(
        seq.buffer,
        seq.byteOffset + (r0 + t) * 8 * wc,
        2 * seq.length - 2 * wc * (r0 + t),
      );
      if (wc === 2) {
        for (let c = 0, from = 0; c < perVector; c++, from += step, to += 4) {
          top32[to] = from32[from];
          top32[to + 1] = from32[from + 1];
          top32[to + 2] = from32[from + 2];
          top32[to + 3] = from32[from + 3];
        }
      } else {
        for (let c = 0, from = 0; c < perVector; c++, from += step, to += 2) {
          top32[to] = from32[from];
          top32[to + 1] = from32[from + 1];
        }
      }
    }
  }
  const w = R.wordsPerElement;
  const subtract = (target: BigUint64Array, a: BigUint64Array, b: BigUint64Array, values: number) => {
    const words = Math.ceil(values / d) * d * wc;
    R.sub(target.subarray(0, words), a.subarray(0, words), b.subarray(0, words));
  };
  let node = 0;
  const product = (depth: number, acc: BigUint64Array, seq: BigUint64Array, v: BigUint64Array, n: number) => {
    if (n <= plainRows) {
      R.dotIntegersRowsAdd(acc, seq, m, v);
      return;
    }
    const h = n / 2;
    const { differences, middle } = blocks.levels[depth];
    const sums = blocks.sums[node++];
    const v0 = v.subarray(0, h * m * w);
    const v1 = v.subarray(h * m * w, n * m * w);
    middle.fill(0n);
    product(depth + 1, middle, seq.subarray(h * m * wc), sums, h);
    const accTop = acc.subarray(0, h * w);
    const accBottom = acc.subarray(h * w, n * w);
    subtract(differences, seq, seq.subarray(h * m * wc), (n - 1) * m);
    product(depth + 1, accTop, differences, v0, h);
    subtract(differences, seq.subarray(2 * h * m * wc), seq.subarray(h * m * wc), (n - 1) * m);
    product(depth + 1, accBottom, differences, v1, h);
    R.add(accTop, accTop, middle);
    R.add(accBottom, accBottom, middle);
  };
  product(0, out, top, blocks.layout, s);
}
