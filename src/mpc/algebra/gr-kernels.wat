;; Word-wise kernels of GR(2^k, d) vectors (add, sub, neg of Z_2^64 words or Z_2^128 values; d plays no part),
;; and the memory shared with gr-unrolled.wat. Hand-written; compiled by
;; `npm run build:wasm`. Pointers are byte addresses in this module's memory; vectors use the layout of README.md
;; (k = 128: each coefficient is a lo, hi pair of i64). Outputs may alias inputs. The products, unrolled per
;; degree, are generated into gr-unrolled.wat (generate-wat.ts).
(module
  (memory (export "memory") 4)

  ;; ---------------------------------------------------------------- Z_2^64, word-wise (n words)
  (func (export "add64") (param $out i32) (param $a i32) (param $b i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $pairs
        (br_if $done (i32.gt_u (i32.add (local.get $out) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $out) (i64x2.add (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $pairs)))
    (if (i32.lt_u (local.get $out) (local.get $end))
      (then (i64.store (local.get $out) (i64.add (i64.load (local.get $a)) (i64.load (local.get $b)))))))

  (func (export "sub64") (param $out i32) (param $a i32) (param $b i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $pairs
        (br_if $done (i32.gt_u (i32.add (local.get $out) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $out) (i64x2.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $pairs)))
    (if (i32.lt_u (local.get $out) (local.get $end))
      (then (i64.store (local.get $out) (i64.sub (i64.load (local.get $a)) (i64.load (local.get $b)))))))

  (func (export "neg64") (param $out i32) (param $a i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $pairs
        (br_if $done (i32.gt_u (i32.add (local.get $out) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $out) (i64x2.neg (v128.load (local.get $a))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $pairs)))
    (if (i32.lt_u (local.get $out) (local.get $end))
      (then (i64.store (local.get $out) (i64.sub (i64.const 0) (i64.load (local.get $a)))))))

  ;; ---------------------------------------------------------------- Z_2^128, value-wise (n lo/hi pairs)
  (func (export "add128") (param $out i32) (param $a i32) (param $b i32) (param $n i32)
    (local $end i32) (local $lo i64) (local $alo i64)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 4))))
    (block $done
      (loop $values
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $alo (i64.load (local.get $a)))
        (local.set $lo (i64.add (local.get $alo) (i64.load (local.get $b))))
        (i64.store offset=8 (local.get $out)
          (i64.add
            (i64.add (i64.load offset=8 (local.get $a)) (i64.load offset=8 (local.get $b)))
            (i64.extend_i32_u (i64.lt_u (local.get $lo) (local.get $alo)))))
        (i64.store (local.get $out) (local.get $lo))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $values))))

  (func (export "sub128") (param $out i32) (param $a i32) (param $b i32) (param $n i32)
    (local $end i32) (local $alo i64) (local $blo i64)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 4))))
    (block $done
      (loop $values
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $alo (i64.load (local.get $a)))
        (local.set $blo (i64.load (local.get $b)))
        (i64.store offset=8 (local.get $out)
          (i64.sub
            (i64.sub (i64.load offset=8 (local.get $a)) (i64.load offset=8 (local.get $b)))
            (i64.extend_i32_u (i64.lt_u (local.get $alo) (local.get $blo)))))
        (i64.store (local.get $out) (i64.sub (local.get $alo) (local.get $blo)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $values))))

  (func (export "neg128") (param $out i32) (param $a i32) (param $n i32)
    (local $end i32) (local $alo i64)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 4))))
    (block $done
      (loop $values
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $alo (i64.load (local.get $a)))
        (i64.store offset=8 (local.get $out)
          (i64.sub
            (i64.sub (i64.const 0) (i64.load offset=8 (local.get $a)))
            (i64.extend_i32_u (i64.ne (local.get $alo) (i64.const 0)))))
        (i64.store (local.get $out) (i64.sub (i64.const 0) (local.get $alo)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $values))))

  ;; ---------------------------------------------------------------- negacyclic sequences, interleaved
  ;; out[(t·k + p)·per + c] = G_p[start + t + c·step] for t < rows, p < k, c < per, where G_p (2N Z_2^128 values)
  ;; is the negacyclic extension [−a_p, a_p] of polynomial p of a (k polynomials of N values back to back):
  ;; the Karatsuba layout of hankel-wasm.ts (value t of every column block side by side), read straight from a
  ;; GLWE mask. Needs start + rows − 1 + (per − 1)·step < 2N.
  (func (export "negacyclicGather128") (param $out i32) (param $a i32) (param $N i32) (param $k i32)
    (param $step i32) (param $per i32) (param $start i32) (param $rows i32)
    (local $t i32) (local $p i32) (local $c i32) (local $q i32) (local $poly i32) (local $from i32)
    (local $lo i64)
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $t) (local.get $rows)))
        (local.set $p (i32.const 0))
        (block $polysDone
          (loop $polyLoop
            (br_if $polysDone (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $poly (i32.add (local.get $a) (i32.shl (i32.mul (local.get $p) (local.get $N)) (i32.const 4))))
            (local.set $q (i32.add (local.get $start) (local.get $t)))
            (local.set $c (i32.const 0))
            (block $colsDone
              (loop $colLoop
                (br_if $colsDone (i32.ge_u (local.get $c) (local.get $per)))
                (if (i32.lt_u (local.get $q) (local.get $N))
                  (then
                    (local.set $from (i32.add (local.get $poly) (i32.shl (local.get $q) (i32.const 4))))
                    (local.set $lo (i64.load (local.get $from)))
                    (i64.store offset=8 (local.get $out)
                      (i64.sub
                        (i64.sub (i64.const 0) (i64.load offset=8 (local.get $from)))
                        (i64.extend_i32_u (i64.ne (local.get $lo) (i64.const 0)))))
                    (i64.store (local.get $out) (i64.sub (i64.const 0) (local.get $lo))))
                  (else
                    (local.set $from
                      (i32.add (local.get $poly) (i32.shl (i32.sub (local.get $q) (local.get $N)) (i32.const 4))))
                    (v128.store (local.get $out) (v128.load (local.get $from)))))
                (local.set $out (i32.add (local.get $out) (i32.const 16)))
                (local.set $q (i32.add (local.get $q) (local.get $step)))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $colLoop)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $polyLoop)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rowLoop))))
)
