// Generates gr-unrolled.wat: GR(2^k, d) product kernels fully unrolled for each d = 3..8, so every coefficient
// lives in a wasm local (measured 5–10× faster than loops over d with the coefficients in memory).
// Run `node --import tsx src/mpc/algebra/generate-wat.ts` after changing it; a test checks the committed file.
//
// k = 128 without a 64×64→128 multiply: a·b for a = (alo, ahi) is accumulated as three i64 "limb columns"
//   a·b ≡ L0 + 2^32·L1 + 2^64·H (mod 2^128), with alo = ax + 2^32·ay and likewise b:
//   L0 += lo32(ax·bx), L1 += hi32(ax·bx) + lo32(ax·by) + lo32(ay·bx), H += hi32(ax·by) + hi32(ay·bx) + ay·by
//   + alo·bhi + ahi·blo. L0 and L1 stay below 2^48 in magnitude, so the reduction mod F subtracts columns as plain
//   (signed) i64s, and carries are resolved once per output coefficient:
//   L1 += L0 >>s 32; lo = (L1 << 32) | (L0 & 0xffffffff); hi = H + (L1 >>s 32).
import { writeFileSync } from 'node:fs';
import { karatsuba128, valueKernels128 } from './generate-hankel-wat.ts';
import { IRREDUCIBLE_POLYNOMIALS, MAX_DEGREE, MIN_DEGREE } from './gf.ts';

const M32 = '(i64.const 0xffffffff)';
const get = (name: string) => `(local.get $${name})`;
const set = (name: string, value: string) => `(local.set $${name} ${value})`;
const add = (x: string, y: string) => `(i64.add ${x} ${y})`;
const sub = (x: string, y: string) => `(i64.sub ${x} ${y})`;
const mul = (x: string, y: string) => `(i64.mul ${x} ${y})`;
const lo32 = (x: string) => `(i64.and ${x} ${M32})`;
const hi32 = (x: string) => `(i64.shr_u ${x} (i64.const 32))`;
const load = (ptr: string, offset: number) => `(i64.load offset=${offset} ${get(ptr)})`;
const store = (ptr: string, offset: number, value: string) =>
  `(i64.store offset=${offset} ${get(ptr)} ${value})`;
const locals = (names: string[]) =>
  names.length ? `(local ${names.map((n) => `$${n} i64`).join(') (local ')})` : '';
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function taps(d: number): number[] {
  return range(d).filter((s) => (IRREDUCIBLE_POLYNOMIALS[d] >> s) & 1);
}

/** The loop over `count` elements that advances each pointer by its stride in bytes. */
function elementLoop(
  pointers: string[],
  stride: number,
  body: string[],
  strides: Record<string, number> = {},
): string {
  return [
    '(block $done (loop $elements',
    '  (br_if $done (i32.eqz (local.get $count)))',
    ...body.map((line) => `  ${line}`),
    ...pointers.map(
      (p) => `  (local.set $${p} (i32.add (local.get $${p}) (i32.const ${strides[p] ?? stride})))`,
    ),
    '  (local.set $count (i32.sub (local.get $count) (i32.const 1)))',
    '  (br $elements)))',
  ].join('\n    ');
}

/** out (+)= a·b over GR(2^64, d). */
function mul64(d: number): string {
  const c = range(2 * d - 1).map((m) => `c${m}`);
  const body: string[] = [];
  for (const i of range(d)) body.push(set(`a${i}`, load('a', 8 * i)), set(`b${i}`, load('b', 8 * i)));
  for (const m of range(2 * d - 1)) {
    const terms = range(d)
      .filter((i) => m - i >= 0 && m - i < d)
      .map((i) => mul(get(`a${i}`), get(`b${m - i}`)));
    body.push(
      set(
        c[m],
        terms.reduce((x, y) => add(x, y)),
      ),
    );
  }
  for (let m = 2 * d - 2; m >= d; m--) {
    for (const s of taps(d)) body.push(set(c[m - d + s], sub(get(c[m - d + s]), get(c[m]))));
  }
  for (const i of range(d)) {
    body.push(
      `(if (local.get $acc) (then ${set(c[i], add(get(c[i]), load('out', 8 * i)))}))`,
      store('out', 8 * i, get(c[i])),
    );
  }
  const names = [...range(d).flatMap((i) => [`a${i}`, `b${i}`]), ...c];
  return `  (func (export "mul64_d${d}") (param $out i32) (param $a i32) (param $b i32) (param $count i32) (param $acc i32)
    ${locals(names)}
    ${elementLoop(['out', 'a', 'b'], 8 * d, body)})`;
}

/**
 * out (+)= c·v over GR(2^64, d) for one element c, as M·v with M the d×d multiplication matrix of c (computed
 * once into locals): d² multiply-adds per element and no reduction.
 */
function mulc64(d: number): string {
  const body: string[] = [];
  for (const j of range(d)) body.push(set(`v${j}`, load('v', 8 * j)));
  for (const i of range(d)) {
    const row = range(d)
      .map((j) => mul(get(`m${i}_${j}`), get(`v${j}`)))
      .reduce((x, y) => add(x, y));
    body.push(set(`r${i}`, row));
  }
  for (const i of range(d)) {
    body.push(
      `(if (local.get $acc) (then ${set(`r${i}`, add(get(`r${i}`), load('out', 8 * i)))}))`,
      store('out', 8 * i, get(`r${i}`)),
    );
  }
  // Column j of M is c·X^j mod F: column 0 is c, each next one is the previous shifted up, minus its top
  // coefficient at the taps of F (X^d ≡ −Σ_taps X^s).
  const matrix = range(d).flatMap((i) => range(d).map((j) => `m${i}_${j}`));
  const prologue = range(d).map((i) => set(`m${i}_0`, load('c', 8 * i)));
  for (const j of range(d).slice(1)) {
    for (const i of range(d)) {
      const shifted = i === 0 ? '(i64.const 0)' : get(`m${i - 1}_${j - 1}`);
      prologue.push(
        set(`m${i}_${j}`, taps(d).includes(i) ? sub(shifted, get(`m${d - 1}_${j - 1}`)) : shifted),
      );
    }
  }
  const names = [...matrix, ...range(d).flatMap((j) => [`v${j}`, `r${j}`])];
  return `  (func (export "mulc64_d${d}") (param $out i32) (param $v i32) (param $c i32) (param $count i32) (param $acc i32)
    ${locals(names)}
    ${prologue.join('\n    ')}
    ${elementLoop(['out', 'v'], 8 * d, body)})`;
}

/** Loads Z_2^128 operand `name` at byte offset: lo, hi, and the 32-bit halves x, y of lo. */
function loadWide(ptr: string, offset: number, name: string): string[] {
  return [
    set(`${name}l`, load(ptr, offset)),
    set(`${name}h`, load(ptr, offset + 8)),
    set(`${name}x`, lo32(get(`${name}l`))),
    set(`${name}y`, hi32(get(`${name}l`))),
  ];
}
const wideNames = (name: string) => [`${name}l`, `${name}h`, `${name}x`, `${name}y`];

/** Accumulates the product of wide operands x and y into the limb columns of coefficient `col`. */
function accumulateProduct(x: string, y: string, col: string): string[] {
  return [
    set('p', mul(get(`${x}x`), get(`${y}x`))),
    set(`L0${col}`, add(get(`L0${col}`), lo32(get('p')))),
    set(`L1${col}`, add(get(`L1${col}`), hi32(get('p')))),
    set('p', mul(get(`${x}x`), get(`${y}y`))),
    set('q', mul(get(`${x}y`), get(`${y}x`))),
    set(`L1${col}`, add(get(`L1${col}`), add(lo32(get('p')), lo32(get('q'))))),
    set(
      `H${col}`,
      add(
        get(`H${col}`),
        add(
          add(hi32(get('p')), hi32(get('q'))),
          add(
            mul(get(`${x}y`), get(`${y}y`)),
            add(mul(get(`${x}l`), get(`${y}h`)), mul(get(`${x}h`), get(`${y}l`))),
          ),
        ),
      ),
    ),
  ];
}

/** Resolves the limb columns of `col` into (lo, hi) and stores (or adds) them at out + offset. */
function storeColumns(col: string, offset: number): string[] {
  return [
    set(`L1${col}`, add(get(`L1${col}`), `(i64.shr_s ${get(`L0${col}`)} (i64.const 32))`)),
    set('p', `(i64.or (i64.shl ${get(`L1${col}`)} (i64.const 32)) ${lo32(get(`L0${col}`))})`),
    set('q', add(get(`H${col}`), `(i64.shr_s ${get(`L1${col}`)} (i64.const 32))`)),
    `(if (local.get $acc) (then
      ${set('s', load('out', offset))}
      ${set('p', add(get('p'), get('s')))}
      ${set('q', add(add(get('q'), load('out', offset + 8)), '(i64.extend_i32_u (i64.lt_u (local.get $p) (local.get $s)))'))}))`,
    store('out', offset, get('p')),
    store('out', offset + 8, get('q')),
  ];
}

const zeroColumns = (col: string) => [
  set(`L0${col}`, '(i64.const 0)'),
  set(`L1${col}`, '(i64.const 0)'),
  set(`H${col}`, '(i64.const 0)'),
];
const columnNames = (col: string) => [`L0${col}`, `L1${col}`, `H${col}`];

/** Emits x + y (mod 2^128) of wide operands into a new wide operand `name`. */
function sumWide(x: string, y: string, name: string): string[] {
  return [
    set(`${name}l`, add(get(`${x}l`), get(`${y}l`))),
    set(
      `${name}h`,
      add(
        add(get(`${x}h`), get(`${y}h`)),
        `(i64.extend_i32_u (i64.lt_u ${get(`${name}l`)} ${get(`${x}l`)}))`,
      ),
    ),
    set(`${name}x`, lo32(get(`${name}l`))),
    set(`${name}y`, hi32(get(`${name}l`))),
  ];
}

/**
 * Emits the product of the polynomials with wide coefficients xs, ys (same length n) into fresh limb columns and
 * returns their names (2n − 1). Karatsuba above one coefficient: 3 half-size products instead of 4, each saved
 * product (6 multiplies, ~15 other ops) costing one wide add per operand and a few column subtractions.
 */
function polyProduct128(
  xs: string[],
  ys: string[],
  body: string[],
  fresh: () => string,
  karatsuba: boolean,
): string[] {
  const n = xs.length;
  const columns = range(2 * n - 1).map(() => fresh());
  if (n === 1 || !karatsuba) {
    for (const c of columns) body.push(...zeroColumns(c));
    for (const i of range(n))
      for (const j of range(n)) body.push(...accumulateProduct(xs[i], ys[j], columns[i + j]));
    return columns;
  }
  const h = Math.ceil(n / 2);
  const low = polyProduct128(xs.slice(0, h), ys.slice(0, h), body, fresh, karatsuba);
  const high = polyProduct128(xs.slice(h), ys.slice(h), body, fresh, karatsuba);
  const xSums = range(h).map((i) => (h + i < n ? fresh() : xs[i]));
  const ySums = range(h).map((i) => (h + i < n ? fresh() : ys[i]));
  for (const i of range(n - h))
    body.push(...sumWide(xs[i], xs[h + i], xSums[i]), ...sumWide(ys[i], ys[h + i], ySums[i]));
  const mid = polyProduct128(xSums, ySums, body, fresh, karatsuba);
  const limbs = ['L0', 'L1', 'H'];
  const combine = (target: string, source: string, op: typeof add) => {
    for (const limb of limbs)
      body.push(set(`${limb}${target}`, op(get(`${limb}${target}`), get(`${limb}${source}`))));
  };
  for (const k of range(low.length)) combine(mid[k], low[k], sub);
  for (const k of range(high.length)) combine(mid[k], high[k], sub);
  // columns = low + mid·X^h + high·X^2h; low ends at 2h − 2, high starts at 2h.
  for (const k of range(columns.length)) body.push(...zeroColumns(columns[k]));
  for (const k of range(low.length)) combine(columns[k], low[k], add);
  for (const k of range(high.length)) combine(columns[2 * h + k], high[k], add);
  for (const k of range(mid.length)) combine(columns[h + k], mid[k], add);
  return columns;
}

/** out (+)= a·b over GR(2^128, d); with `constant`, b is one element loaded before the loop (mulConst). */
function mul128(d: number, name: string, options: { karatsuba: boolean; constant: boolean }): string {
  const body: string[] = [];
  const prologue: string[] = [];
  for (const i of range(d)) {
    body.push(...loadWide('a', 16 * i, `a${i}`));
    (options.constant ? prologue : body).push(...loadWide('b', 16 * i, `b${i}`));
  }
  const operandNames = range(d).flatMap((i) => [...wideNames(`a${i}`), ...wideNames(`b${i}`)]);
  const fresh: string[] = [];
  const fresher = () => {
    fresh.push(`t${fresh.length}`);
    return fresh[fresh.length - 1];
  };
  const columns = polyProduct128(
    range(d).map((i) => `a${i}`),
    range(d).map((i) => `b${i}`),
    body,
    fresher,
    options.karatsuba,
  );
  for (let m = 2 * d - 2; m >= d; m--) {
    for (const s of taps(d)) {
      for (const limb of ['L0', 'L1', 'H']) {
        const target = `${limb}${columns[m - d + s]}`;
        body.push(set(target, sub(get(target), get(`${limb}${columns[m]}`))));
      }
    }
  }
  for (const i of range(d)) body.push(...storeColumns(columns[i], 16 * i));
  const names = [
    ...operandNames,
    ...fresh.flatMap((t) => [...wideNames(t), ...columnNames(t)]),
    'p',
    'q',
    's',
  ];
  const pointers = options.constant ? ['out', 'a'] : ['out', 'a', 'b'];
  return `  (func (export "${name}") (param $out i32) (param $a i32) (param $b i32) (param $count i32) (param $acc i32)
    ${locals(names)}
    ${prologue.join('\n    ')}
    ${elementLoop(pointers, 16 * d, body)})`;
}

/** acc[j] += Σ_e ints[e]·v[e][j] over GR(2^64, d): d independent accumulators in locals. */
function dot64(d: number): string {
  const body = [set('x', load('ints', 0))];
  for (const j of range(d)) body.push(set(`s${j}`, add(get(`s${j}`), mul(get('x'), load('v', 8 * j)))));
  const names = ['x', ...range(d).map((j) => `s${j}`)];
  return `  (func (export "dot64_d${d}") (param $out i32) (param $ints i32) (param $v i32) (param $count i32)
    ${locals(names)}
    ${range(d)
      .map((j) => set(`s${j}`, load('out', 8 * j)))
      .join('\n    ')}
    ${elementLoop(['ints', 'v'], 8 * d, body, { ints: 8 })}
    ${range(d)
      .map((j) => store('out', 8 * j, get(`s${j}`)))
      .join('\n    ')})`;
}

/**
 * acc[j] += Σ_e ints[e]·v[e][j] over GR(2^128, d), the sums kept as limb columns in locals. `count` must stay
 * below 2^16 so that the columns cannot overflow (the wrapper passes at most one chunk).
 */
function dot128(d: number): string {
  const body = loadWide('ints', 0, 'x');
  for (const j of range(d)) body.push(...loadWide('v', 16 * j, 'y'), ...accumulateProduct('x', 'y', `_${j}`));
  const finish = range(d).flatMap((j) => storeColumns(`_${j}`, 16 * j));
  const names = [
    ...wideNames('x'),
    ...wideNames('y'),
    ...range(d).flatMap((j) => columnNames(`_${j}`)),
    'p',
    'q',
    's',
  ];
  return `  (func $dot128_d${d} (export "dot128_d${d}") (param $out i32) (param $ints i32) (param $v i32) (param $count i32)
    (local $acc i32)
    ${locals(names)}
    (local.set $acc (i32.const 1))
    ${elementLoop(['ints', 'v'], 16 * d, body, { ints: 16 })}
    ${finish.join('\n    ')})`;
}

/**
 * acc[j] += Σ_e (a[e] − b[e])·v[e][j] over GR(2^128, d) for Z_2^128 values a, b: dot128 of a difference computed
 * on the fly (the Karatsuba leaves of hankel-wasm.ts, whose A − B and C − B sequences are then never stored).
 */
function dotDifference128(d: number): string {
  const body = [
    set('s', load('a', 0)),
    set('p', load('b', 0)),
    set('xl', sub(get('s'), get('p'))),
    set('xh', sub(sub(load('a', 8), load('b', 8)), `(i64.extend_i32_u (i64.lt_u ${get('s')} ${get('p')}))`)),
    set('xx', lo32(get('xl'))),
    set('xy', hi32(get('xl'))),
  ];
  for (const j of range(d)) body.push(...loadWide('v', 16 * j, 'y'), ...accumulateProduct('x', 'y', `_${j}`));
  const finish = range(d).flatMap((j) => storeColumns(`_${j}`, 16 * j));
  const names = [
    ...wideNames('x'),
    ...wideNames('y'),
    ...range(d).flatMap((j) => columnNames(`_${j}`)),
    'p',
    'q',
    's',
  ];
  return `  (func $dotDifference128_d${d} (export "dotDifference128_d${d}") (param $out i32) (param $a i32) (param $b i32) (param $v i32) (param $count i32)
    (local $acc i32)
    ${locals(names)}
    (local.set $acc (i32.const 1))
    ${elementLoop(['a', 'b', 'v'], 16 * d, body, { a: 16, b: 16 })}
    ${finish.join('\n    ')})`;
}

/** The whole module text. */
export function generateUnrolledWat(): string {
  const functions: string[] = [];
  for (let d = MIN_DEGREE; d <= MAX_DEGREE; d++) {
    // Karatsuba measured 10% faster at d = 4 and 18% at d = 8, 20% slower at d = 3 (CPU time, wasm in V8 12).
    const karatsuba = d >= 4;
    functions.push(
      mul64(d),
      mulc64(d),
      mul128(d, `mul128_d${d}`, { karatsuba, constant: false }),
      mul128(d, `mulc128_d${d}`, { karatsuba, constant: true }),
      dot64(d),
      dot128(d),
      dotDifference128(d),
      karatsuba128(d),
    );
  }
  functions.push(valueKernels128());
  return `;; GENERATED by generate-wat.ts — do not edit; change the generator and re-run it.
;; GR(2^k, d) products unrolled per d: mulK_dD (out (+)= a·b element-wise), mulcK_dD (out (+)= c·a for one
;; element c), dotK_dD (out += Σ_e ints[e]·v[e] for Z_2^k integers ints), dotDifference128_dD (the same for
;; ints = a − b), karatsuba128_dD (Hankel products over wasm memory, see generate-hankel-wat.ts).
;; Shares the memory of gr-kernels.wat. Pointers are byte addresses; $acc ≠ 0 accumulates into out.
(module
  (import "kernels" "memory" (memory 1))
${functions.join('\n\n')}
)
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('./gr-unrolled.wat', import.meta.url), generateUnrolledWat());
}
