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
)
