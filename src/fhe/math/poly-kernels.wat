;; Hot kernels over Z_2^64: negacyclic polynomial products and LWE phases.
;; All offsets are byte offsets into the exported memory; polynomials are little-endian u64 words.
(module
  (memory (export "memory") 2)

  ;; Binary key given as the list of its set positions (u32 j's): out = sum_j ext[n - j .. 2n - j).
  ;; Four key terms per pass over out (5 loads + 1 store per vector instead of 8 + 4).
  (func (export "negacyclic_ones") (param $ext i32) (param $ones i32) (param $count i32) (param $out i32) (param $n i32)
    (local $k i32) (local $g i32) (local $dst i32) (local $end i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $s4 i32)
    (local.set $k (i32.const 0))
    (block $n_done (loop $ng
      (br_if $n_done (i32.ge_u (local.get $k) (local.get $n)))
      (v128.store (i32.add (local.get $ext) (i32.shl (local.get $k) (i32.const 3)))
        (i64x2.neg (v128.load (i32.add (local.get $ext) (i32.shl (i32.add (local.get $k) (local.get $n)) (i32.const 3))))))
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3))) (v128.const i64x2 0 0))
      (local.set $k (i32.add (local.get $k) (i32.const 2)))
      (br $ng)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $g (i32.const 0))
    ;; groups of four
    (block $gdone (loop $gl
      (br_if $gdone (i32.gt_u (i32.add (local.get $g) (i32.const 4)) (local.get $count)))
      (local.set $s1 (i32.add (local.get $ext) (i32.shl (i32.sub (local.get $n) (i32.load (i32.add (local.get $ones) (i32.shl (local.get $g) (i32.const 2))))) (i32.const 3))))
      (local.set $s2 (i32.add (local.get $ext) (i32.shl (i32.sub (local.get $n) (i32.load offset=4 (i32.add (local.get $ones) (i32.shl (local.get $g) (i32.const 2))))) (i32.const 3))))
      (local.set $s3 (i32.add (local.get $ext) (i32.shl (i32.sub (local.get $n) (i32.load offset=8 (i32.add (local.get $ones) (i32.shl (local.get $g) (i32.const 2))))) (i32.const 3))))
      (local.set $s4 (i32.add (local.get $ext) (i32.shl (i32.sub (local.get $n) (i32.load offset=12 (i32.add (local.get $ones) (i32.shl (local.get $g) (i32.const 2))))) (i32.const 3))))
      (local.set $dst (local.get $out))
      (block $vdone (loop $vl
        (br_if $vdone (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store (local.get $dst)
          (i64x2.add (v128.load (local.get $dst))
            (i64x2.add (i64x2.add (v128.load (local.get $s1)) (v128.load (local.get $s2)))
                       (i64x2.add (v128.load (local.get $s3)) (v128.load (local.get $s4))))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $s1 (i32.add (local.get $s1) (i32.const 16)))
        (local.set $s2 (i32.add (local.get $s2) (i32.const 16)))
        (local.set $s3 (i32.add (local.get $s3) (i32.const 16)))
        (local.set $s4 (i32.add (local.get $s4) (i32.const 16)))
        (br $vl)))
      (local.set $g (i32.add (local.get $g) (i32.const 4)))
      (br $gl)))
    ;; remaining terms one at a time
    (block $rdone (loop $rl
      (br_if $rdone (i32.ge_u (local.get $g) (local.get $count)))
      (local.set $s1 (i32.add (local.get $ext) (i32.shl (i32.sub (local.get $n) (i32.load (i32.add (local.get $ones) (i32.shl (local.get $g) (i32.const 2))))) (i32.const 3))))
      (local.set $dst (local.get $out))
      (block $v1done (loop $v1
        (br_if $v1done (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store (local.get $dst) (i64x2.add (v128.load (local.get $dst)) (v128.load (local.get $s1))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $s1 (i32.add (local.get $s1) (i32.const 16)))
        (br $v1)))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $rl))))

  ;; Plain (non-reduced) product: out[0..2m) = a * b for polynomials of m words (m a multiple of 4); out[2m-1] = 0.
  ;; The base case of the Karatsuba recursion in kernels.ts.
  (func (export "poly_mul_full") (param $a i32) (param $b i32) (param $out i32) (param $m i32)
    (local $j i32) (local $k i32) (local $sv v128) (local $src i32) (local $dst i32) (local $end i32)
    (local.set $k (i32.const 0))
    (block $z_done (loop $z
      (br_if $z_done (i32.ge_u (local.get $k) (i32.shl (local.get $m) (i32.const 1))))
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3))) (v128.const i64x2 0 0))
      (local.set $k (i32.add (local.get $k) (i32.const 2)))
      (br $z)))
    (local.set $j (i32.const 0))
    (block $done (loop $outer
      (br_if $done (i32.ge_u (local.get $j) (local.get $m)))
      (local.set $sv (i64x2.splat (i64.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))))
      (local.set $src (local.get $a))
      (local.set $dst (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))))
      (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $m) (i32.const 3))))
      (block $mdone (loop $ml
        (br_if $mdone (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store (local.get $dst)
          (i64x2.add (v128.load (local.get $dst)) (i64x2.mul (v128.load (local.get $src)) (local.get $sv))))
        (v128.store offset=16 (local.get $dst)
          (i64x2.add (v128.load offset=16 (local.get $dst)) (i64x2.mul (v128.load offset=16 (local.get $src)) (local.get $sv))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (local.set $src (i32.add (local.get $src) (i32.const 32)))
        (br $ml)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $outer))))

  ;; out[0..n) = a ± b, element-wise mod 2^64 (n even); out may alias a or b.
  (func (export "vec_add") (param $out i32) (param $a i32) (param $b i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      (v128.store (local.get $out) (i64x2.add (v128.load (local.get $a)) (v128.load (local.get $b))))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (br $l))))
  (func (export "vec_sub") (param $out i32) (param $a i32) (param $b i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      (v128.store (local.get $out) (i64x2.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (br $l))))

  ;; out[c] = <vecs[c*stride .. c*stride + n), key> for c < count (u64 words, wrapping).
  (func (export "dot_batch") (param $vecs i32) (param $count i32) (param $n i32) (param $stride i32) (param $key i32) (param $out i32)
    (local $c i32) (local $i i32) (local $v i32) (local $acc v128) (local $acc2 v128) (local $lim i32) (local $tail i64)
    (local.set $lim (i32.and (local.get $n) (i32.const -4)))
    (local.set $v (local.get $vecs))
    (block $cdone (loop $cl
      (br_if $cdone (i32.ge_u (local.get $c) (local.get $count)))
      (local.set $acc (v128.const i64x2 0 0))
      (local.set $acc2 (v128.const i64x2 0 0))
      (local.set $i (i32.const 0))
      (block $idone (loop $il
        (br_if $idone (i32.ge_u (local.get $i) (local.get $lim)))
        (local.set $acc (i64x2.add (local.get $acc)
          (i64x2.mul (v128.load (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3))))
                     (v128.load (i32.add (local.get $key) (i32.shl (local.get $i) (i32.const 3)))))))
        (local.set $acc2 (i64x2.add (local.get $acc2)
          (i64x2.mul (v128.load offset=16 (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3))))
                     (v128.load offset=16 (i32.add (local.get $key) (i32.shl (local.get $i) (i32.const 3)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $il)))
      (local.set $tail (i64.const 0))
      (block $tdone (loop $tl
        (br_if $tdone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $tail (i64.add (local.get $tail) (i64.mul
          (i64.load (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3))))
          (i64.load (i32.add (local.get $key) (i32.shl (local.get $i) (i32.const 3)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tl)))
      (local.set $acc (i64x2.add (local.get $acc) (local.get $acc2)))
      (i64.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 3)))
        (i64.add (local.get $tail)
          (i64.add (i64x2.extract_lane 0 (local.get $acc)) (i64x2.extract_lane 1 (local.get $acc)))))
      (local.set $v (i32.add (local.get $v) (i32.shl (local.get $stride) (i32.const 3))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $cl))))
  ;; Binary keys as masks (key words 0 or all-ones): out[c] = sum of the selected words; AND instead of a multiply
  ;; (wasm has no native 64-bit lane multiply, V8 emulates i64x2.mul with three 32-bit products).
  (func (export "dot_batch_masked") (param $vecs i32) (param $count i32) (param $n i32) (param $stride i32) (param $key i32) (param $out i32)
    (local $c i32) (local $i i32) (local $v i32) (local $acc v128) (local $acc2 v128) (local $lim i32) (local $tail i64)
    (local.set $lim (i32.and (local.get $n) (i32.const -4)))
    (local.set $v (local.get $vecs))
    (block $cdone (loop $cl
      (br_if $cdone (i32.ge_u (local.get $c) (local.get $count)))
      (local.set $acc (v128.const i64x2 0 0))
      (local.set $acc2 (v128.const i64x2 0 0))
      (local.set $i (i32.const 0))
      (block $idone (loop $il
        (br_if $idone (i32.ge_u (local.get $i) (local.get $lim)))
        (local.set $acc (i64x2.add (local.get $acc)
          (v128.and (v128.load (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3))))
                     (v128.load (i32.add (local.get $key) (i32.shl (local.get $i) (i32.const 3)))))))
        (local.set $acc2 (i64x2.add (local.get $acc2)
          (v128.and (v128.load offset=16 (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3))))
                     (v128.load offset=16 (i32.add (local.get $key) (i32.shl (local.get $i) (i32.const 3)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $il)))
      (local.set $tail (i64.const 0))
      (block $tdone (loop $tl
        (br_if $tdone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $tail (i64.add (local.get $tail) (i64.and
          (i64.load (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3))))
          (i64.load (i32.add (local.get $key) (i32.shl (local.get $i) (i32.const 3)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tl)))
      (local.set $acc (i64x2.add (local.get $acc) (local.get $acc2)))
      (i64.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 3)))
        (i64.add (local.get $tail)
          (i64.add (i64x2.extract_lane 0 (local.get $acc)) (i64x2.extract_lane 1 (local.get $acc)))))
      (local.set $v (i32.add (local.get $v) (i32.shl (local.get $stride) (i32.const 3))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $cl))))
)
