// The Karatsuba recursion of hankel-wasm.ts as wasm functions of gr-unrolled.wat (one per d, calling that d's dot
// kernels), so that a negacyclic Hankel product is one call from JS instead of one per node and leaf. Part of
// generate-wat.ts's output.
//
// karatsuba128_dD(acc, seq, v, n, m, depth, table): acc (n elements) += H·v for the interleaved sequences seq
// ((2n − 1)·m values, value t of block j at t·m + j) and vectors v (n·m elements). Per node, with h = n/2:
//   P = B·(v0 + v1) into the node's middle buffer; D[t] = seq[t] − seq[t + h] for t < 3h − 1 (rows of m values),
//   top += D[0 …]·v0 = (A − B)·v0, bottom −= D[h …]·v1 = (B − C)·v1 (C − B is D shifted by h, negated: one
//   difference pass of 3h − 1 rows instead of two of 2h − 1), then top += P, bottom += P.
// Children of at most `leaf` rows are plain rows; when they are, the differences are taken inside the dot kernel
// (dotDifference128) and never stored. The table (i32 words at `table`): node counter, address of the sums
// array (i32 addresses of v0 + v1 per internal node, in visiting order: middle, top, bottom), leaf rows, then per
// depth the addresses of its difference rows ((3h − 1)·m values), middle and bottom buffers (h elements each).

/** $add128v / $sub128v (out = a ± b over n Z_2^128 values) and $zero (n bytes, a multiple of 16). */
export function valueKernels128(): string {
  const loop = (name: string, op: 'add' | 'sub') => {
    const carry =
      op === 'add'
        ? '(i64.extend_i32_u (i64.lt_u (local.get $lo) (local.get $alo)))'
        : '(i64.extend_i32_u (i64.lt_u (local.get $alo) (local.get $blo)))';
    return `  (func $${name} (param $out i32) (param $a i32) (param $b i32) (param $n i32)
    (local $end i32) (local $alo i64) (local $blo i64) (local $lo i64)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 4))))
    (block $done (loop $values
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      (local.set $alo (i64.load (local.get $a)))
      (local.set $blo (i64.load (local.get $b)))
      (local.set $lo (i64.${op} (local.get $alo) (local.get $blo)))
      (i64.store offset=8 (local.get $out)
        (i64.${op} (i64.${op} (i64.load offset=8 (local.get $a)) (i64.load offset=8 (local.get $b))) ${carry}))
      (i64.store (local.get $out) (local.get $lo))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (br $values))))`;
  };
  return `${loop('add128v', 'add')}

${loop('sub128v', 'sub')}

  (func $zero (param $out i32) (param $bytes i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (local.get $bytes)))
    (block $done (loop $words
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      (v128.store (local.get $out) (v128.const i64x2 0 0))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br $words))))`;
}

/** karatsuba128_dD: see the file comment. */
export function karatsuba128(d: number): string {
  const eb = 16 * d;
  const self = `$karatsuba128_d${d}`;
  const get = (name: string) => `(local.get $${name})`;
  const i32 = (value: number) => `(i32.const ${value})`;
  const add = (x: string, y: string) => `(i32.add ${x} ${y})`;
  const mul = (x: string, y: string) => `(i32.mul ${x} ${y})`;
  /** Plain rows r < rows of a child: out row r += Σ (a_r − b_r or a_r)·v over count elements. */
  const rows = (label: string, body: string) => `(local.set $r ${i32(0)})
      (block $${label}Done (loop $${label}
        (br_if $${label}Done (i32.ge_u ${get('r')} ${get('rows')}))
        ${body}
        (local.set $r ${add(get('r'), i32(1))})
        (br $${label})))`;
  const row = (base: string) => add(base, mul(get('r'), get('line')));
  const outRow = (base: string) => add(base, mul(get('r'), i32(eb)));
  return `  (func ${self} (export "karatsuba128_d${d}") (param $acc i32) (param $seq i32) (param $v i32) (param $n i32)
    (param $m i32) (param $depth i32) (param $table i32)
    (local $h i32) (local $line i32) (local $r i32) (local $rows i32) (local $count i32) (local $entry i32)
    (local $diff i32) (local $mid i32) (local $bottom i32) (local $sums i32) (local $vBottom i32)
    (local.set $line ${mul(get('m'), i32(16))})
    (if (i32.le_u ${get('n')} (i32.load offset=8 ${get('table')}))
      (then
        (local.set $rows ${get('n')})
        (local.set $count ${mul(get('n'), get('m'))})
        ${rows('leaf', `(call $dot128_d${d} ${outRow(get('acc'))} ${row(get('seq'))} ${get('v')} ${get('count')})`)}
        (return)))
    (local.set $h (i32.shr_u ${get('n')} ${i32(1)}))
    (local.set $entry ${add(get('table'), add(i32(12), mul(get('depth'), i32(12))))})
    (local.set $diff (i32.load ${get('entry')}))
    (local.set $mid (i32.load offset=4 ${get('entry')}))
    (local.set $bottom (i32.load offset=8 ${get('entry')}))
    (local.set $sums
      (i32.load ${add('(i32.load offset=4 (local.get $table))', '(i32.shl (i32.load (local.get $table)) (i32.const 2))')}))
    (i32.store ${get('table')} ${add('(i32.load (local.get $table))', i32(1))})
    (local.set $vBottom ${add(get('v'), mul(mul(get('h'), get('m')), i32(eb)))})
    (call $zero ${get('mid')} ${mul(get('h'), i32(eb))})
    (call ${self} ${get('mid')} ${add(get('seq'), mul(get('h'), get('line')))} ${get('sums')} ${get('h')} ${get('m')}
      ${add(get('depth'), i32(1))} ${get('table')})
    (if (i32.le_u ${get('h')} (i32.load offset=8 ${get('table')}))
      (then
        ;; Leaf children: row r of A − B is seq[r] − seq[r + h], of C − B seq[2h + r] − seq[h + r].
        (local.set $rows ${get('h')})
        (local.set $count ${mul(get('h'), get('m'))})
        ${rows(
          'top',
          `(call $dotDifference128_d${d} ${outRow(get('acc'))} ${row(get('seq'))}
          ${row(add(get('seq'), mul(get('h'), get('line'))))} ${get('v')} ${get('count')})`,
        )}
        ${rows(
          'bottom',
          `(call $dotDifference128_d${d} ${outRow(add(get('acc'), mul(get('h'), i32(eb))))}
          ${row(add(get('seq'), mul(mul(get('h'), i32(2)), get('line'))))}
          ${row(add(get('seq'), mul(get('h'), get('line'))))} ${get('vBottom')} ${get('count')})`,
        )})
      (else
        (call $sub128v ${get('diff')} ${get('seq')} ${add(get('seq'), mul(get('h'), get('line')))}
          ${mul(add(mul(get('h'), i32(3)), i32(-1)), get('m'))})
        (call ${self} ${get('acc')} ${get('diff')} ${get('v')} ${get('h')} ${get('m')} ${add(get('depth'), i32(1))}
          ${get('table')})
        (call $zero ${get('bottom')} ${mul(get('h'), i32(eb))})
        (call ${self} ${get('bottom')} ${add(get('diff'), mul(get('h'), get('line')))} ${get('vBottom')} ${get('h')}
          ${get('m')} ${add(get('depth'), i32(1))} ${get('table')})
        (call $sub128v ${add(get('acc'), mul(get('h'), i32(eb)))} ${add(get('acc'), mul(get('h'), i32(eb)))}
          ${get('bottom')} ${mul(get('h'), i32(d))})))
    (call $add128v ${get('acc')} ${get('acc')} ${get('mid')} ${mul(get('h'), i32(d))})
    (call $add128v ${add(get('acc'), mul(get('h'), i32(eb)))} ${add(get('acc'), mul(get('h'), i32(eb)))}
      ${get('mid')} ${mul(get('h'), i32(d))}))`;
}
