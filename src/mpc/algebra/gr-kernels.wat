;; Vector kernels of GR(2^k, d) = Z_2^k[X]/F(X), k ∈ {64, 128}, d = 3..8. Hand-written; compiled by
;; `npm run build:wasm`. Pointers are byte addresses in this module's memory; vectors use the layout of README.md
;; (k = 128: each coefficient is a lo, hi pair of i64). Outputs may alias inputs. The products, unrolled per degree, are generated into gr-unrolled.wat.
;; Wasm has no 64×64→128 multiply: the high half is rebuilt from four 32×32 products ($mulhi).
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

  ;; ---------------------------------------------------------------- helpers
  ;; High 64 bits of the 128-bit product a·b, from 32-bit halves.
  (func $mulhi (param $a i64) (param $b i64) (result i64)
    (local $a0 i64) (local $a1 i64) (local $b0 i64) (local $b1 i64) (local $p01 i64) (local $p10 i64)
    (local.set $a0 (i64.and (local.get $a) (i64.const 0xffffffff)))
    (local.set $a1 (i64.shr_u (local.get $a) (i64.const 32)))
    (local.set $b0 (i64.and (local.get $b) (i64.const 0xffffffff)))
    (local.set $b1 (i64.shr_u (local.get $b) (i64.const 32)))
    (local.set $p01 (i64.mul (local.get $a0) (local.get $b1)))
    (local.set $p10 (i64.mul (local.get $a1) (local.get $b0)))
    (i64.add
      (i64.add
        (i64.mul (local.get $a1) (local.get $b1))
        (i64.add (i64.shr_u (local.get $p01) (i64.const 32)) (i64.shr_u (local.get $p10) (i64.const 32))))
      (i64.shr_u
        (i64.add
          (i64.shr_u (i64.mul (local.get $a0) (local.get $b0)) (i64.const 32))
          (i64.add
            (i64.and (local.get $p01) (i64.const 0xffffffff))
            (i64.and (local.get $p10) (i64.const 0xffffffff))))
        (i64.const 32))))

  ;; *p += a·b in Z_2^128 (p points at a lo, hi pair).
  (func $muladd128 (param $p i32) (param $alo i64) (param $ahi i64) (param $blo i64) (param $bhi i64)
    (local $lo i64) (local $sum i64)
    (local.set $lo (i64.mul (local.get $alo) (local.get $blo)))
    (local.set $sum (i64.add (i64.load (local.get $p)) (local.get $lo)))
    (i64.store offset=8 (local.get $p)
      (i64.add
        (i64.add (i64.load offset=8 (local.get $p)) (call $mulhi (local.get $alo) (local.get $blo)))
        (i64.add
          (i64.add (i64.mul (local.get $alo) (local.get $bhi)) (i64.mul (local.get $ahi) (local.get $blo)))
          (i64.extend_i32_u (i64.lt_u (local.get $sum) (local.get $lo))))))
    (i64.store (local.get $p) (local.get $sum)))

  ;; acc[j] += Σ_e ints[e]·v[e][j] (acc: d words, not cleared).
  (func (export "dotIntegers64") (param $acc i32) (param $ints i32) (param $v i32) (param $count i32) (param $d i32)
    (local $e i32) (local $j i32) (local $x i64) (local $p i32)
    (block $elementsDone
      (loop $elements
        (br_if $elementsDone (i32.ge_u (local.get $e) (local.get $count)))
        (local.set $x (i64.load (i32.add (local.get $ints) (i32.shl (local.get $e) (i32.const 3)))))
        (local.set $j (i32.const 0))
        (loop $coefficients
          (local.set $p (i32.add (local.get $acc) (i32.shl (local.get $j) (i32.const 3))))
          (i64.store (local.get $p) (i64.add (i64.load (local.get $p)) (i64.mul (local.get $x) (i64.load (local.get $v)))))
          (local.set $v (i32.add (local.get $v) (i32.const 8)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $coefficients (i32.lt_u (local.get $j) (local.get $d))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $elements))))

  (func (export "dotIntegers128") (param $acc i32) (param $ints i32) (param $v i32) (param $count i32) (param $d i32)
    (local $e i32) (local $j i32) (local $xlo i64) (local $xhi i64)
    (block $elementsDone
      (loop $elements
        (br_if $elementsDone (i32.ge_u (local.get $e) (local.get $count)))
        (local.set $xlo (i64.load (i32.add (local.get $ints) (i32.shl (local.get $e) (i32.const 4)))))
        (local.set $xhi (i64.load offset=8 (i32.add (local.get $ints) (i32.shl (local.get $e) (i32.const 4)))))
        (local.set $j (i32.const 0))
        (loop $coefficients
          (call $muladd128 (i32.add (local.get $acc) (i32.shl (local.get $j) (i32.const 4)))
            (local.get $xlo) (local.get $xhi) (i64.load (local.get $v)) (i64.load offset=8 (local.get $v)))
          (local.set $v (i32.add (local.get $v) (i32.const 16)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $coefficients (i32.lt_u (local.get $j) (local.get $d))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $elements))))
)
