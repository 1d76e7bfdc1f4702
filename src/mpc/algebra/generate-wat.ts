// Generates gr-unrolled.wat: GR(2^k, d) product and constant-matrix kernels fully unrolled for each d = 3..8, so
// every coefficient lives in a wasm local (measured ~5–10× faster than the loops of gr-kernels.wat).
// Run `node --import tsx src/mpc/algebra/generate-wat.ts` after changing it; a test checks the committed file.
//
// k = 128 without a 64×64→128 multiply: a·b for a = (alo, ahi) is accumulated as three i64 "limb columns"
//   a·b ≡ L0 + 2^32·L1 + 2^64·H (mod 2^128), with alo = ax + 2^32·ay and likewise b:
//   L0 += lo32(ax·bx), L1 += hi32(ax·bx) + lo32(ax·by) + lo32(ay·bx), H += hi32(ax·by) + hi32(ay·bx) + ay·by
//   + alo·bhi + ahi·blo. L0 and L1 stay below 2^48 in magnitude, so the reduction mod F subtracts columns as plain
//   (signed) i64s, and carries are resolved once per output coefficient:
//   L1 += L0 >>s 32; lo = (L1 << 32) | (L0 & 0xffffffff); hi = H + (L1 >>s 32).
import { writeFileSync } from 'node:fs';
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

/** The loop over `count` elements that advances the given pointers by `stride` bytes each. */
function elementLoop(pointers: string[], stride: number, body: string[]): string {
  return [
    '(block $done (loop $elements',
    '  (br_if $done (i32.eqz (local.get $count)))',
    ...body.map((line) => `  ${line}`),
    ...pointers.map((p) => `  (local.set $${p} (i32.add (local.get $${p}) (i32.const ${stride})))`),
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

/** out (+)= M·v over GR(2^64, d); M (d×d, row-major) is loaded into locals once. */
function mat64(d: number): string {
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
  const matrix = range(d).flatMap((i) => range(d).map((j) => `m${i}_${j}`));
  const prologue = matrix.map((name, k) => set(name, load('mat', 8 * k))).join('\n    ');
  const names = [...matrix, ...range(d).flatMap((j) => [`v${j}`, `r${j}`])];
  return `  (func (export "mat64_d${d}") (param $out i32) (param $v i32) (param $mat i32) (param $count i32) (param $acc i32)
    ${locals(names)}
    ${prologue}
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

/** out (+)= a·b over GR(2^128, d). */
function mul128(d: number): string {
  const body: string[] = [];
  for (const i of range(d)) body.push(...loadWide('a', 16 * i, `a${i}`), ...loadWide('b', 16 * i, `b${i}`));
  for (const m of range(2 * d - 1)) {
    body.push(...zeroColumns(`_${m}`));
    for (const i of range(d))
      if (m - i >= 0 && m - i < d) body.push(...accumulateProduct(`a${i}`, `b${m - i}`, `_${m}`));
  }
  for (let m = 2 * d - 2; m >= d; m--) {
    for (const s of taps(d)) {
      for (const limb of ['L0', 'L1', 'H']) {
        body.push(set(`${limb}_${m - d + s}`, sub(get(`${limb}_${m - d + s}`), get(`${limb}_${m}`))));
      }
    }
  }
  for (const i of range(d)) body.push(...storeColumns(`_${i}`, 16 * i));
  const names = [
    ...range(d).flatMap((i) => [...wideNames(`a${i}`), ...wideNames(`b${i}`)]),
    ...range(2 * d - 1).flatMap((m) => columnNames(`_${m}`)),
    'p',
    'q',
    's',
  ];
  return `  (func (export "mul128_d${d}") (param $out i32) (param $a i32) (param $b i32) (param $count i32) (param $acc i32)
    ${locals(names)}
    ${elementLoop(['out', 'a', 'b'], 16 * d, body)})`;
}

/**
 * out (+)= M·v over GR(2^128, d). M's d² entries (lo, hi) are first expanded in place of $split (4 words each:
 * x, y, lo, hi) so the element loop loads them ready to multiply.
 */
function mat128(d: number): string {
  const entries = d * d;
  const prologue = [
    '(local.set $k (i32.const 0))',
    `(loop $expand
      ${set('p', '(i64.load (i32.add (local.get $mat) (i32.shl (local.get $k) (i32.const 4))))')}
      (i64.store (i32.add (local.get $split) (i32.shl (local.get $k) (i32.const 5))) ${lo32(get('p'))})
      (i64.store offset=8 (i32.add (local.get $split) (i32.shl (local.get $k) (i32.const 5))) ${hi32(get('p'))})
      (i64.store offset=16 (i32.add (local.get $split) (i32.shl (local.get $k) (i32.const 5))) ${get('p')})
      (i64.store offset=24 (i32.add (local.get $split) (i32.shl (local.get $k) (i32.const 5)))
        (i64.load offset=8 (i32.add (local.get $mat) (i32.shl (local.get $k) (i32.const 4)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $expand (i32.lt_u (local.get $k) (i32.const ${entries}))))`,
  ];
  const body: string[] = [];
  for (const j of range(d)) body.push(...loadWide('v', 16 * j, `v${j}`));
  for (const i of range(d)) {
    body.push(...zeroColumns(`_${i}`));
    for (const j of range(d)) {
      const k = 32 * (i * d + j);
      body.push(
        set('mx', load('split', k)),
        set('my', load('split', k + 8)),
        set('ml', load('split', k + 16)),
        set('mh', load('split', k + 24)),
        ...accumulateProduct('m', `v${j}`, `_${i}`),
      );
    }
  }
  for (const i of range(d)) body.push(...storeColumns(`_${i}`, 16 * i));
  const names = [
    ...wideNames('m'),
    ...range(d).flatMap((j) => wideNames(`v${j}`)),
    ...range(d).flatMap((i) => columnNames(`_${i}`)),
    'p',
    'q',
    's',
  ];
  return `  (func (export "mat128_d${d}") (param $out i32) (param $v i32) (param $mat i32) (param $count i32) (param $acc i32)
    (param $split i32) (local $k i32)
    ${locals(names)}
    ${prologue.join('\n    ')}
    ${elementLoop(['out', 'v'], 16 * d, body)})`;
}

/** The whole module text. */
export function generateUnrolledWat(): string {
  const functions: string[] = [];
  for (let d = MIN_DEGREE; d <= MAX_DEGREE; d++) functions.push(mul64(d), mat64(d), mul128(d), mat128(d));
  return `;; GENERATED by generate-wat.ts — do not edit; change the generator and re-run it.
;; GR(2^k, d) products (mulK_dD: out (+)= a·b) and constant-matrix products (matK_dD: out (+)= M·v), unrolled per d.
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
