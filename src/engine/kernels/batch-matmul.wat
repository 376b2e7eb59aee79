;; Batched matrix products for the window attention, in WebAssembly SIMD, on tfjs-wasm's own
;; memory (imported: the tensors are read and written where tfjs keeps them, no copies).
;; Assembled by scripts/build-kernels.mjs (wabt from npm) into batch-matmul.wasm.ts.
;;
;; matmul: C[t] (m x n) = A[t] (m x k) . B[t] (k x n), t < batch, row-major f32, n % 4 == 0.
;; Four rows of A at a time: each 4-wide load of B feeds four accumulators, so the loop does
;; four multiply-adds per load (tfjs-wasm's own batched path does one scalar one).
;; transpose: D[t] (cols x rows) = S[t] (rows x cols)^T, for the B of A . B^T.
(module
  (import "env" "memory" (memory 1))

  (func $rows4 (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $n i32)
    (local $j i32) (local $kk i32) (local $bp i32) (local $ap i32) (local $bv v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $rowA i32) (local $rowC i32)
    (local.set $rowA (i32.shl (local.get $k) (i32.const 2)))
    (local.set $rowC (i32.shl (local.get $n) (i32.const 2)))
    (local.set $j (i32.const 0))
    (block $jdone
      (loop $jloop
        (br_if $jdone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $acc0 (v128.const f32x4 0 0 0 0))
        (local.set $acc1 (v128.const f32x4 0 0 0 0))
        (local.set $acc2 (v128.const f32x4 0 0 0 0))
        (local.set $acc3 (v128.const f32x4 0 0 0 0))
        (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $ap (local.get $a))
        (local.set $kk (i32.const 0))
        (block $kdone
          (loop $kloop
            (br_if $kdone (i32.ge_u (local.get $kk) (local.get $k)))
            (local.set $bv (v128.load (local.get $bp)))
            (local.set $acc0 (f32x4.add (local.get $acc0)
              (f32x4.mul (f32x4.splat (f32.load (local.get $ap))) (local.get $bv))))
            (local.set $acc1 (f32x4.add (local.get $acc1)
              (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $ap) (local.get $rowA)))) (local.get $bv))))
            (local.set $acc2 (f32x4.add (local.get $acc2)
              (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $ap) (i32.shl (local.get $rowA) (i32.const 1))))) (local.get $bv))))
            (local.set $acc3 (f32x4.add (local.get $acc3)
              (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $ap) (i32.mul (local.get $rowA) (i32.const 3))))) (local.get $bv))))
            (local.set $ap (i32.add (local.get $ap) (i32.const 4)))
            (local.set $bp (i32.add (local.get $bp) (local.get $rowC)))
            (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
            (br $kloop)))
        (v128.store (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc0))
        (v128.store (i32.add (i32.add (local.get $c) (local.get $rowC)) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc1))
        (v128.store (i32.add (i32.add (local.get $c) (i32.shl (local.get $rowC) (i32.const 1))) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc2))
        (v128.store (i32.add (i32.add (local.get $c) (i32.mul (local.get $rowC) (i32.const 3))) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc3))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $jloop))))

  (func $row1 (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $n i32)
    (local $j i32) (local $kk i32) (local $bp i32) (local $ap i32) (local $acc v128) (local $rowC i32)
    (local.set $rowC (i32.shl (local.get $n) (i32.const 2)))
    (local.set $j (i32.const 0))
    (block $jdone
      (loop $jloop
        (br_if $jdone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $ap (local.get $a))
        (local.set $kk (i32.const 0))
        (block $kdone
          (loop $kloop
            (br_if $kdone (i32.ge_u (local.get $kk) (local.get $k)))
            (local.set $acc (f32x4.add (local.get $acc)
              (f32x4.mul (f32x4.splat (f32.load (local.get $ap))) (v128.load (local.get $bp)))))
            (local.set $ap (i32.add (local.get $ap) (i32.const 4)))
            (local.set $bp (i32.add (local.get $bp) (local.get $rowC)))
            (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
            (br $kloop)))
        (v128.store (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $jloop))))

  (func (export "matmul") (param $a i32) (param $b i32) (param $c i32) (param $batch i32)
    (param $m i32) (param $k i32) (param $n i32)
    (local $t i32) (local $i i32) (local $aT i32) (local $bT i32) (local $cT i32)
    (local $sizeA i32) (local $sizeB i32) (local $sizeC i32) (local $rowA i32) (local $rowC i32)
    (local.set $rowA (i32.shl (local.get $k) (i32.const 2)))
    (local.set $rowC (i32.shl (local.get $n) (i32.const 2)))
    (local.set $sizeA (i32.mul (local.get $m) (local.get $rowA)))
    (local.set $sizeB (i32.mul (local.get $k) (local.get $rowC)))
    (local.set $sizeC (i32.mul (local.get $m) (local.get $rowC)))
    (local.set $t (i32.const 0))
    (block $tdone
      (loop $tloop
        (br_if $tdone (i32.ge_u (local.get $t) (local.get $batch)))
        (local.set $aT (i32.add (local.get $a) (i32.mul (local.get $t) (local.get $sizeA))))
        (local.set $bT (i32.add (local.get $b) (i32.mul (local.get $t) (local.get $sizeB))))
        (local.set $cT (i32.add (local.get $c) (i32.mul (local.get $t) (local.get $sizeC))))
        (local.set $i (i32.const 0))
        (block $idone
          (loop $iloop
            (br_if $idone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
            (call $rows4
              (i32.add (local.get $aT) (i32.mul (local.get $i) (local.get $rowA)))
              (local.get $bT)
              (i32.add (local.get $cT) (i32.mul (local.get $i) (local.get $rowC)))
              (local.get $k) (local.get $n))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $iloop)))
        (block $rdone
          (loop $rloop
            (br_if $rdone (i32.ge_u (local.get $i) (local.get $m)))
            (call $row1
              (i32.add (local.get $aT) (i32.mul (local.get $i) (local.get $rowA)))
              (local.get $bT)
              (i32.add (local.get $cT) (i32.mul (local.get $i) (local.get $rowC)))
              (local.get $k) (local.get $n))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rloop)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tloop))))

  (func (export "transpose") (param $s i32) (param $d i32) (param $batch i32) (param $rows i32)
    (param $cols i32)
    (local $t i32) (local $r i32) (local $c i32) (local $sT i32) (local $dT i32) (local $size i32)
    (local.set $size (i32.shl (i32.mul (local.get $rows) (local.get $cols)) (i32.const 2)))
    (local.set $t (i32.const 0))
    (block $tdone
      (loop $tloop
        (br_if $tdone (i32.ge_u (local.get $t) (local.get $batch)))
        (local.set $sT (i32.add (local.get $s) (i32.mul (local.get $t) (local.get $size))))
        (local.set $dT (i32.add (local.get $d) (i32.mul (local.get $t) (local.get $size))))
        (local.set $r (i32.const 0))
        (block $rdone
          (loop $rloop
            (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
            (local.set $c (i32.const 0))
            (block $cdone
              (loop $cloop
                (br_if $cdone (i32.ge_u (local.get $c) (local.get $cols)))
                (f32.store
                  (i32.add (local.get $dT)
                    (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
                  (f32.load
                    (i32.add (local.get $sT)
                      (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $cloop)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rloop)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tloop))))
)
