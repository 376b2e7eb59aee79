;; The network's fused kernels for tfjs-wasm, in WebAssembly SIMD, on tfjs-wasm's own memory
;; (imported: tensors are read and written where tfjs keeps them). Each replaces a chain of tfjs
;; kernels, every one of which would read and write a whole tensor:
;;
;; attention: the shifted-window attention core for every window and head: gather q, k, v of a
;;   window's tokens out of the image-ordered qkv rows (an index table gives each window token's
;;   row, so the cyclic shift and the window partition are addressing, not copies), S = q.k^T +
;;   bias (+ mask), softmax over each row, O = S.v, written back to the tokens' rows. S is one
;;   window and head at a time (16 KB for 64 tokens), so no attention map of a tile exists.
;; dense: a linear layer, x.W + b, with GELU or a residual connection applied to each block of
;;   rows while it is in cache (tfjs-wasm's own fused matmul took 2-3.7x longer on these shapes).
;; moments: mean and biased variance over a whole tensor (i-LN's statistics), in two passes,
;;   summed in float64 per block of 1024 values.
;; tokenNorm: per-token LayerNorm (LN's statistics and normalization), one row at a time.
;; conv3x3: the 3x3 convolutions, with their bias and the residual connection after them.
;;
;; Products are 4 rows x 8 columns per block: each step loads two 4-wide vectors of B and four
;; values of A for eight multiply-adds. Assembled by scripts/build-kernels.mjs into fused.wasm.ts.
(module
  (import "env" "memory" (memory 1))

  ;; C (4 x 8) = A (4 x k) . B (k x 8); rows of A, B and C at strides $ra, $rb, $rc bytes.
  (func $tile4x8 (param $a i32) (param $b i32) (param $c i32) (param $k i32)
    (param $ra i32) (param $rb i32) (param $rc i32)
    (local $kk i32) (local $s v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $ra2 i32) (local $ra3 i32)
    (local.set $ra2 (i32.shl (local.get $ra) (i32.const 1)))
    (local.set $ra3 (i32.add (local.get $ra2) (local.get $ra)))
    (local.set $kk (local.get $k))
    (block $done
      (loop $step
        (br_if $done (i32.eqz (local.get $kk)))
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $s (v128.load32_splat (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat (i32.add (local.get $a) (local.get $ra))))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat (i32.add (local.get $a) (local.get $ra2))))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat (i32.add (local.get $a) (local.get $ra3))))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (local.get $rb)))
        (local.set $kk (i32.sub (local.get $kk) (i32.const 1)))
        (br $step)))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (local.set $c (i32.add (local.get $c) (local.get $rc)))
    (v128.store (local.get $c) (local.get $c10))
    (v128.store offset=16 (local.get $c) (local.get $c11))
    (local.set $c (i32.add (local.get $c) (local.get $rc)))
    (v128.store (local.get $c) (local.get $c20))
    (v128.store offset=16 (local.get $c) (local.get $c21))
    (local.set $c (i32.add (local.get $c) (local.get $rc)))
    (v128.store (local.get $c) (local.get $c30))
    (v128.store offset=16 (local.get $c) (local.get $c31)))

  ;; C (1 x 4) = A (1 x k) . B (k x 4), B's rows $rb bytes apart.
  (func $tile1x4 (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $rb i32)
    (local $acc v128)
    (block $done
      (loop $step
        (br_if $done (i32.eqz (local.get $k)))
        (local.set $acc (f32x4.add (local.get $acc)
          (f32x4.mul (v128.load32_splat (local.get $a)) (v128.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (local.get $rb)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br $step)))
    (v128.store (local.get $c) (local.get $acc)))

  ;; After the product, on $rows rows of C (each $rowBytes) while they are in cache: + bias
  ;; (flags & 1) and + the residual R, laid out as C (flags & 2); or + bias, then GELU (flags & 4).
  (func $epilogue (param $c i32) (param $bias i32) (param $res i32) (param $rowBytes i32)
    (param $rows i32) (param $flags i32)
    (local $o i32) (local $v v128) (local $start i32) (local $count i32)
    (local.set $start (local.get $c))
    (local.set $count (local.get $rows))
    (loop $row
      (local.set $o (i32.const 0))
      (loop $vec
        (local.set $v (v128.load (i32.add (local.get $c) (local.get $o))))
        (if (i32.and (local.get $flags) (i32.const 1))
          (then (local.set $v (f32x4.add (local.get $v)
            (v128.load (i32.add (local.get $bias) (local.get $o)))))))
        (if (i32.and (local.get $flags) (i32.const 2))
          (then (local.set $v (f32x4.add (local.get $v)
            (v128.load (i32.add (local.get $res) (local.get $o)))))))
        (v128.store (i32.add (local.get $c) (local.get $o)) (local.get $v))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br_if $vec (i32.lt_u (local.get $o) (local.get $rowBytes))))
      (local.set $c (i32.add (local.get $c) (local.get $rowBytes)))
      (local.set $res (i32.add (local.get $res) (local.get $rowBytes)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br_if $row (local.get $rows)))
    (if (i32.and (local.get $flags) (i32.const 4))
      (then (call $geluBlock (local.get $start)
        (i32.mul (local.get $count) (local.get $rowBytes))))))

  ;; C (m x n) = A (m x k) . B (k x n), row-major, n % 4 == 0, contiguous rows.
  ;; With $flags, each block of rows then goes through $epilogue (bias, GELU, residual).
  (func $matmul (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32)
    (param $n i32) (param $bias i32) (param $res i32) (param $flags i32)
    (local $i i32) (local $j i32) (local $r i32) (local $ra i32) (local $rb i32)
    (local.set $ra (i32.shl (local.get $k) (i32.const 2)))
    (local.set $rb (i32.shl (local.get $n) (i32.const 2)))
    (block $blocks
      (loop $rows
        (br_if $blocks (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $wide
          (loop $cols
            (br_if $wide (i32.gt_u (i32.add (local.get $j) (i32.const 8)) (local.get $n)))
            (call $tile4x8
              (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ra)))
              (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))
              (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rb)))
                (i32.shl (local.get $j) (i32.const 2)))
              (local.get $k) (local.get $ra) (local.get $rb) (local.get $rb))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $cols)))
        (if (i32.lt_u (local.get $j) (local.get $n)) ;; the last four columns when n % 8 == 4
          (then
            (local.set $r (i32.const 0))
            (loop $tail
              (call $tile1x4
                (i32.add (local.get $a) (i32.mul (i32.add (local.get $i) (local.get $r)) (local.get $ra)))
                (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))
                (i32.add (i32.add (local.get $c) (i32.mul (i32.add (local.get $i) (local.get $r)) (local.get $rb)))
                  (i32.shl (local.get $j) (i32.const 2)))
                (local.get $k) (local.get $rb))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $tail (i32.lt_u (local.get $r) (i32.const 4))))))
        (if (local.get $flags)
          (then (call $epilogue
            (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rb)))
            (local.get $bias)
            (i32.add (local.get $res) (i32.mul (local.get $i) (local.get $rb)))
            (local.get $rb) (i32.const 4) (local.get $flags))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows)))
    (block $done ;; rows left over when m % 4 != 0, four columns at a time
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (loop $cols1
          (call $tile1x4
            (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ra)))
            (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))
            (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rb)))
              (i32.shl (local.get $j) (i32.const 2)))
            (local.get $k) (local.get $rb))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br_if $cols1 (i32.lt_u (local.get $j) (local.get $n))))
        (if (local.get $flags)
          (then (call $epilogue
            (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rb)))
            (local.get $bias)
            (i32.add (local.get $res) (i32.mul (local.get $i) (local.get $rb)))
            (local.get $rb) (i32.const 1) (local.get $flags))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; exp, written out where it is used (in $softmaxRow and $geluBlock: a call per vector cost
  ;; about as much as the arithmetic): 2^n * p(r), r = x - n ln2 (Cody-Waite split), p the Cephes
  ;; expf polynomial (about 1 ulp on |r| <= ln2/2); x clamped to float32's normal range. n is
  ;; rounded by adding 1.5 * 2^23, whose low bits then hold n for the exponent (no float-to-int
  ;; conversion), and pmin/pmax are one instruction each (min/max order NaNs and zeros at a cost).

  ;; One row of scores, in place: s += bias (+ mask), then exp(s - max); returns 1 / the row's
  ;; sum, the softmax's normalization, which the caller applies to the row's output (n values)
  ;; rather than to its n^2 probabilities. n % 4 == 0.
  (func $softmaxRow (param $s i32) (param $bias i32) (param $mask i32) (param $len i32)
    (param $masked i32) (result f32)
    (local $j i32) (local $v v128) (local $mx v128) (local $sum v128) (local $m f32) (local $u f32)
    (local $x v128) (local $t v128) (local $n v128) (local $r v128) (local $p v128)
    (local.set $mx (v128.const f32x4 -inf -inf -inf -inf))
    (local.set $j (i32.const 0))
    (loop $add
      (local.set $v (f32x4.add (v128.load (i32.add (local.get $s) (local.get $j)))
        (v128.load (i32.add (local.get $bias) (local.get $j)))))
      (if (local.get $masked)
        (then (local.set $v (f32x4.add (local.get $v)
          (v128.load (i32.add (local.get $mask) (local.get $j)))))))
      (v128.store (i32.add (local.get $s) (local.get $j)) (local.get $v))
      (local.set $mx (f32x4.max (local.get $mx) (local.get $v)))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br_if $add (i32.lt_u (local.get $j) (i32.shl (local.get $len) (i32.const 2)))))
    (local.set $m (f32.max
      (f32.max (f32x4.extract_lane 0 (local.get $mx)) (f32x4.extract_lane 1 (local.get $mx)))
      (f32.max (f32x4.extract_lane 2 (local.get $mx)) (f32x4.extract_lane 3 (local.get $mx)))))
    (local.set $mx (f32x4.splat (local.get $m)))
    (local.set $j (i32.const 0))
    (loop $exp
      (local.set $x (f32x4.sub (v128.load (i32.add (local.get $s) (local.get $j))) (local.get $mx)))
      ;; x = exp(x)
      (local.set $x (f32x4.pmax (v128.const f32x4 -87.3 -87.3 -87.3 -87.3)
        (f32x4.pmin (v128.const f32x4 88.3 88.3 88.3 88.3) (local.get $x))))
      (local.set $t (f32x4.add
        (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))
        (v128.const f32x4 12582912 12582912 12582912 12582912)))
      (local.set $n (f32x4.sub (local.get $t) (v128.const f32x4 12582912 12582912 12582912 12582912)))
      (local.set $r (f32x4.sub
        (f32x4.sub (local.get $x)
          (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
        (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
      (local.set $p (f32x4.add (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)
        (f32x4.mul (local.get $r) (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))))
      (local.set $p (f32x4.add (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)
        (f32x4.mul (local.get $r) (local.get $p))))
      (local.set $p (f32x4.add (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)
        (f32x4.mul (local.get $r) (local.get $p))))
      (local.set $p (f32x4.add (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)
        (f32x4.mul (local.get $r) (local.get $p))))
      (local.set $p (f32x4.add (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)
        (f32x4.mul (local.get $r) (local.get $p))))
      ;; p(r) = p * r^2 + r + 1
      (local.set $p (f32x4.add
        (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
        (v128.const f32x4 1 1 1 1)))
      (local.set $x (f32x4.mul (local.get $p)
        (i32x4.shl (i32x4.add (local.get $t) (i32x4.splat (i32.const 127))) (i32.const 23))))
      (v128.store (i32.add (local.get $s) (local.get $j)) (local.get $x))
      (local.set $sum (f32x4.add (local.get $sum) (local.get $x)))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br_if $exp (i32.lt_u (local.get $j) (i32.shl (local.get $len) (i32.const 2)))))
    (local.set $u (f32.div (f32.const 1)
      (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $sum)) (f32x4.extract_lane 1 (local.get $sum)))
        (f32.add (f32x4.extract_lane 2 (local.get $sum)) (f32x4.extract_lane 3 (local.get $sum))))))
    (local.get $u))

  ;; Copies $bytes (a multiple of 16) from $src to $dst.
  (func $copy (param $src i32) (param $dst i32) (param $bytes i32)
    (local $o i32)
    (loop $vec
      (v128.store (i32.add (local.get $dst) (local.get $o))
        (v128.load (i32.add (local.get $src) (local.get $o))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $vec (i32.lt_u (local.get $o) (local.get $bytes)))))

  ;; Copies $bytes (a multiple of 16) from $src to $dst, times $scale.
  (func $copyScaled (param $src i32) (param $dst i32) (param $bytes i32) (param $scale f32)
    (local $o i32) (local $k v128)
    (local.set $k (f32x4.splat (local.get $scale)))
    (loop $vec
      (v128.store (i32.add (local.get $dst) (local.get $o))
        (f32x4.mul (v128.load (i32.add (local.get $src) (local.get $o))) (local.get $k)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $vec (i32.lt_u (local.get $o) (local.get $bytes)))))

  ;; q, v (n x d each) and k^T (d x n) of window $w, head $h into the scratch blocks.
  (func $gather (param $qkv i32) (param $index i32) (param $w i32) (param $h i32) (param $n i32)
    (param $d i32) (param $rowC i32) (param $qs i32) (param $kT i32) (param $vs i32)
    (local $i i32) (local $dd i32) (local $src i32) (local $dB i32)
    (local.set $dB (i32.shl (local.get $d) (i32.const 2)))
    (loop $token
      (local.set $src (i32.add
        (i32.add (local.get $qkv) (i32.mul (local.get $h) (local.get $dB)))
        (i32.mul
          (i32.load (i32.add (local.get $index)
            (i32.shl (i32.add (i32.mul (local.get $w) (local.get $n)) (local.get $i)) (i32.const 2))))
          (i32.mul (local.get $rowC) (i32.const 3)))))
      (call $copy (local.get $src)
        (i32.add (local.get $qs) (i32.mul (local.get $i) (local.get $dB))) (local.get $dB))
      (call $copy (i32.add (local.get $src) (i32.shl (local.get $rowC) (i32.const 1)))
        (i32.add (local.get $vs) (i32.mul (local.get $i) (local.get $dB))) (local.get $dB))
      (local.set $dd (i32.const 0))
      (loop $col
        (f32.store
          (i32.add (local.get $kT)
            (i32.shl (i32.add (i32.mul (local.get $dd) (local.get $n)) (local.get $i)) (i32.const 2)))
          (f32.load (i32.add (i32.add (local.get $src) (local.get $rowC))
            (i32.shl (local.get $dd) (i32.const 2)))))
        (local.set $dd (i32.add (local.get $dd) (i32.const 1)))
        (br_if $col (i32.lt_u (local.get $dd) (local.get $d))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $token (i32.lt_u (local.get $i) (local.get $n)))))

  ;; qkv: (rows, 3C) image-ordered, q | k | v, heads outermost within each; index: (windows * n)
  ;; int32, the qkv row of each window token; bias: (heads, n, n); mask: (nw, n, n), window w
  ;; takes mask w % nw, read only when $masked; out: (rows, C); scratch: 4nd + n^2 + n floats.
  ;; n % 4 == 0 and d % 4 == 0.
  (func (export "attention") (param $qkv i32) (param $index i32) (param $bias i32)
    (param $mask i32) (param $out i32) (param $scratch i32) (param $windows i32) (param $nw i32)
    (param $n i32) (param $heads i32) (param $d i32) (param $masked i32)
    (local $w i32) (local $h i32) (local $i i32) (local $rowC i32) (local $dB i32) (local $nB i32)
    (local $qs i32) (local $kT i32) (local $vs i32) (local $s i32) (local $os i32) (local $maskW i32)
    (local $inv i32)
    (local.set $dB (i32.shl (local.get $d) (i32.const 2)))
    (local.set $nB (i32.shl (local.get $n) (i32.const 2)))
    (local.set $rowC (i32.mul (local.get $heads) (local.get $dB)))
    (local.set $qs (local.get $scratch))
    (local.set $kT (i32.add (local.get $qs) (i32.mul (local.get $n) (local.get $dB))))
    (local.set $vs (i32.add (local.get $kT) (i32.mul (local.get $d) (local.get $nB))))
    (local.set $s (i32.add (local.get $vs) (i32.mul (local.get $n) (local.get $dB))))
    (local.set $os (i32.add (local.get $s) (i32.mul (local.get $n) (local.get $nB))))
    (local.set $inv (i32.add (local.get $os) (i32.mul (local.get $n) (local.get $dB))))
    (block $windowsDone
      (loop $window
        (br_if $windowsDone (i32.ge_u (local.get $w) (local.get $windows)))
        (local.set $maskW (i32.add (local.get $mask) (i32.mul
          (i32.rem_u (local.get $w) (local.get $nw)) (i32.mul (local.get $n) (local.get $nB)))))
        (local.set $h (i32.const 0))
        (loop $head
          (call $gather (local.get $qkv) (local.get $index) (local.get $w) (local.get $h)
            (local.get $n) (local.get $d) (local.get $rowC) (local.get $qs) (local.get $kT)
            (local.get $vs))
          (call $matmul (local.get $qs) (local.get $kT) (local.get $s)
            (local.get $n) (local.get $d) (local.get $n) (i32.const 0) (i32.const 0) (i32.const 0))
          (local.set $i (i32.const 0))
          (loop $row
            (f32.store (i32.add (local.get $inv) (i32.shl (local.get $i) (i32.const 2)))
              (call $softmaxRow
                (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $nB)))
                (i32.add (local.get $bias)
                  (i32.mul (i32.add (i32.mul (local.get $h) (local.get $n)) (local.get $i)) (local.get $nB)))
                (i32.add (local.get $maskW) (i32.mul (local.get $i) (local.get $nB)))
                (local.get $n) (local.get $masked)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $row (i32.lt_u (local.get $i) (local.get $n))))
          (call $matmul (local.get $s) (local.get $vs) (local.get $os)
            (local.get $n) (local.get $n) (local.get $d) (i32.const 0) (i32.const 0) (i32.const 0))
          (local.set $i (i32.const 0))
          (loop $scatter
            (call $copyScaled (i32.add (local.get $os) (i32.mul (local.get $i) (local.get $dB)))
              (i32.add
                (i32.add (local.get $out) (i32.mul (local.get $h) (local.get $dB)))
                (i32.mul
                  (i32.load (i32.add (local.get $index)
                    (i32.shl (i32.add (i32.mul (local.get $w) (local.get $n)) (local.get $i)) (i32.const 2))))
                  (local.get $rowC)))
              (local.get $dB)
              (f32.load (i32.add (local.get $inv) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $scatter (i32.lt_u (local.get $i) (local.get $n))))
          (local.set $h (i32.add (local.get $h) (i32.const 1)))
          (br_if $head (i32.lt_u (local.get $h) (local.get $heads))))
        (local.set $w (i32.add (local.get $w) (i32.const 1)))
        (br $window))))

  ;; GELU (tanh form), in place on $bytes (a multiple of 16) at $c: x * sigmoid(z) with
  ;; z = x (a + b x^2), a = 2 sqrt(2/pi), b = 0.044715 a, sigmoid(z) = 1 / (1 + exp(-z)).
  (func $geluBlock (param $c i32) (param $bytes i32)
    (local $o i32) (local $v v128) (local $x v128) (local $t v128) (local $n v128) (local $r v128)
    (local $p v128)
    (loop $vec
      (local.set $v (v128.load (i32.add (local.get $c) (local.get $o))))
      ;; x = -z
      (local.set $x (f32x4.neg (f32x4.mul (local.get $v)
        (f32x4.add (v128.const f32x4 1.5957691216 1.5957691216 1.5957691216 1.5957691216)
          (f32x4.mul (v128.const f32x4 0.0713548162726 0.0713548162726 0.0713548162726 0.0713548162726)
            (f32x4.mul (local.get $v) (local.get $v)))))))
      ;; x = exp(x)
      (local.set $x (f32x4.pmax (v128.const f32x4 -87.3 -87.3 -87.3 -87.3)
        (f32x4.pmin (v128.const f32x4 88.3 88.3 88.3 88.3) (local.get $x))))
      (local.set $t (f32x4.add
        (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))
        (v128.const f32x4 12582912 12582912 12582912 12582912)))
      (local.set $n (f32x4.sub (local.get $t) (v128.const f32x4 12582912 12582912 12582912 12582912)))
      (local.set $r (f32x4.sub
        (f32x4.sub (local.get $x)
          (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
        (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
      (local.set $p (f32x4.add (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)
        (f32x4.mul (local.get $r) (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))))
      (local.set $p (f32x4.add (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)
        (f32x4.mul (local.get $r) (local.get $p))))
      (local.set $p (f32x4.add (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)
        (f32x4.mul (local.get $r) (local.get $p))))
      (local.set $p (f32x4.add (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)
        (f32x4.mul (local.get $r) (local.get $p))))
      (local.set $p (f32x4.add (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)
        (f32x4.mul (local.get $r) (local.get $p))))
      ;; p(r) = p * r^2 + r + 1
      (local.set $p (f32x4.add
        (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
        (v128.const f32x4 1 1 1 1)))
      (local.set $x (f32x4.mul (local.get $p)
        (i32x4.shl (i32x4.add (local.get $t) (i32x4.splat (i32.const 127))) (i32.const 23))))
      (v128.store (i32.add (local.get $c) (local.get $o))
        (f32x4.div (local.get $v) (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $x))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $vec (i32.lt_u (local.get $o) (local.get $bytes)))))

  ;; out (m x n) = x (m x k) . w (k x n) + bias, then + res (flags & 2, res laid out as out) or
  ;; GELU (flags & 4): a linear layer with its activation or its residual connection in the same
  ;; pass. n % 4 == 0.
  (func (export "dense") (param $x i32) (param $w i32) (param $bias i32) (param $res i32)
    (param $out i32) (param $m i32) (param $k i32) (param $n i32) (param $flags i32)
    (call $matmul (local.get $x) (local.get $w) (local.get $out) (local.get $m) (local.get $k)
      (local.get $n) (local.get $bias) (local.get $res) (i32.or (local.get $flags) (i32.const 1))))

  ;; The sum of $count floats at $x, each minus $shift and squared when $square; float64 per
  ;; block of 1024 (a float32 lane alone would add 196 608 values of a 128-px tile).
  (func $sum (param $x i32) (param $count i32) (param $shift f32) (param $square i32) (result f64)
    (local $o i32) (local $end i32) (local $blockEnd i32) (local $acc v128) (local $v v128)
    (local $sh v128) (local $total f64) (local $s f32)
    (local.set $sh (f32x4.splat (local.get $shift)))
    (local.set $end (i32.and (i32.shl (local.get $count) (i32.const 2)) (i32.const -16)))
    (block $blocksDone
      (loop $block
        (br_if $blocksDone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $blockEnd (i32.add (local.get $o) (i32.const 4096)))
        (if (i32.gt_u (local.get $blockEnd) (local.get $end))
          (then (local.set $blockEnd (local.get $end))))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (loop $vec
          (local.set $v (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $sh)))
          (if (local.get $square) (then (local.set $v (f32x4.mul (local.get $v) (local.get $v)))))
          (local.set $acc (f32x4.add (local.get $acc) (local.get $v)))
          (local.set $o (i32.add (local.get $o) (i32.const 16)))
          (br_if $vec (i32.lt_u (local.get $o) (local.get $blockEnd))))
        (local.set $total (f64.add (local.get $total)
          (f64.add
            (f64.add (f64.promote_f32 (f32x4.extract_lane 0 (local.get $acc)))
              (f64.promote_f32 (f32x4.extract_lane 1 (local.get $acc))))
            (f64.add (f64.promote_f32 (f32x4.extract_lane 2 (local.get $acc)))
              (f64.promote_f32 (f32x4.extract_lane 3 (local.get $acc)))))))
        (br $block)))
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $s (f32.sub (f32.load (i32.add (local.get $x) (local.get $o))) (local.get $shift)))
        (if (local.get $square) (then (local.set $s (f32.mul (local.get $s) (local.get $s)))))
        (local.set $total (f64.add (local.get $total) (f64.promote_f32 (local.get $s))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $one)))
    (local.get $total))

  ;; 3x3 convolution, stride 1, on an input padded by one pixel all round (NHWC, one image):
  ;; out (h x w x n) = bias + sum over taps (dy, dx) and channels of in[y+dy][x+dx] . f[dy][dx],
  ;; f (3, 3, c, n); then + res (flags & 2, laid out as out). Four pixels of a row by eight output
  ;; channels at a time, the nine taps' products summed in the same accumulators; n % 4 == 0.
  (func (export "conv3x3") (param $in i32) (param $f i32) (param $bias i32) (param $res i32)
    (param $out i32) (param $h i32) (param $w i32) (param $c i32) (param $n i32) (param $flags i32)
    (local $y i32) (local $x i32) (local $j i32) (local $p i32) (local $rowIn i32) (local $px i32)
    (local $rowOut i32) (local $o i32)
    (local.set $px (i32.shl (local.get $c) (i32.const 2))) ;; bytes per input pixel
    (local.set $rowIn (i32.mul (i32.add (local.get $w) (i32.const 2)) (local.get $px)))
    (local.set $rowOut (i32.shl (i32.mul (local.get $w) (local.get $n)) (i32.const 2)))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $h)))
        (local.set $x (i32.const 0))
        (block $quadsDone
          (loop $quad
            (br_if $quadsDone (i32.gt_u (i32.add (local.get $x) (i32.const 4)) (local.get $w)))
            (local.set $j (i32.const 0))
            (loop $cols
              (local.set $o (i32.add (i32.add (local.get $out) (i32.mul (local.get $y) (local.get $rowOut)))
                (i32.shl (i32.add (i32.mul (local.get $x) (local.get $n)) (local.get $j)) (i32.const 2))))
              (if (i32.le_u (i32.add (local.get $j) (i32.const 8)) (local.get $n))
                (then
                  (call $convTile4x8
                    (i32.add (i32.add (local.get $in) (i32.mul (local.get $y) (local.get $rowIn)))
                      (i32.mul (local.get $x) (local.get $px)))
                    (i32.add (local.get $f) (i32.shl (local.get $j) (i32.const 2)))
                    (local.get $o) (local.get $c) (local.get $n) (local.get $rowIn) (local.get $px))
                  (local.set $j (i32.add (local.get $j) (i32.const 8))))
                (else
                  (local.set $p (i32.const 0))
                  (loop $pixels
                    (call $convPixel4
                      (i32.add (i32.add (local.get $in) (i32.mul (local.get $y) (local.get $rowIn)))
                        (i32.mul (i32.add (local.get $x) (local.get $p)) (local.get $px)))
                      (i32.add (local.get $f) (i32.shl (local.get $j) (i32.const 2)))
                      (i32.add (local.get $o) (i32.shl (i32.mul (local.get $p) (local.get $n)) (i32.const 2)))
                      (local.get $c) (local.get $n) (local.get $rowIn))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br_if $pixels (i32.lt_u (local.get $p) (i32.const 4))))
                  (local.set $j (i32.add (local.get $j) (i32.const 4)))))
              (br_if $cols (i32.lt_u (local.get $j) (local.get $n))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br $quad)))
        (block $pixelsDone ;; pixels left over when w % 4 != 0, four channels at a time
          (loop $pixel
            (br_if $pixelsDone (i32.ge_u (local.get $x) (local.get $w)))
            (local.set $j (i32.const 0))
            (loop $cols1
              (call $convPixel4
                (i32.add (i32.add (local.get $in) (i32.mul (local.get $y) (local.get $rowIn)))
                  (i32.mul (local.get $x) (local.get $px)))
                (i32.add (local.get $f) (i32.shl (local.get $j) (i32.const 2)))
                (i32.add (i32.add (local.get $out) (i32.mul (local.get $y) (local.get $rowOut)))
                  (i32.shl (i32.add (i32.mul (local.get $x) (local.get $n)) (local.get $j)) (i32.const 2)))
                (local.get $c) (local.get $n) (local.get $rowIn))
              (local.set $j (i32.add (local.get $j) (i32.const 4)))
              (br_if $cols1 (i32.lt_u (local.get $j) (local.get $n))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $pixel)))
        (call $epilogue
          (i32.add (local.get $out) (i32.mul (local.get $y) (local.get $rowOut)))
          (local.get $bias)
          (i32.add (local.get $res) (i32.mul (local.get $y) (local.get $rowOut)))
          (i32.shl (local.get $n) (i32.const 2)) (local.get $w)
          (i32.or (local.get $flags) (i32.const 1)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $row))))

  ;; Four pixels of a row (at $a, $px bytes apart) by eight output channels (at $f and $out):
  ;; the nine taps' products over $c channels; filter rows $n floats apart.
  (func $convTile4x8 (param $a i32) (param $f i32) (param $out i32) (param $c i32) (param $n i32)
    (param $rowIn i32) (param $px i32)
    (local $tap i32) (local $kk i32) (local $ap i32) (local $s v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $px2 i32) (local $px3 i32) (local $rb i32)
    (local.set $px2 (i32.shl (local.get $px) (i32.const 1)))
    (local.set $px3 (i32.add (local.get $px2) (local.get $px)))
    (local.set $rb (i32.shl (local.get $n) (i32.const 2)))
    (loop $taps
      ;; tap (dy, dx) = (tap / 3, tap % 3)
      (local.set $ap (i32.add (local.get $a)
        (i32.add (i32.mul (i32.div_u (local.get $tap) (i32.const 3)) (local.get $rowIn))
          (i32.mul (i32.rem_u (local.get $tap) (i32.const 3)) (local.get $px)))))
      (local.set $kk (local.get $c))
      (loop $step
        (local.set $b0 (v128.load (local.get $f)))
        (local.set $b1 (v128.load offset=16 (local.get $f)))
        (local.set $s (v128.load32_splat (local.get $ap)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat (i32.add (local.get $ap) (local.get $px))))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat (i32.add (local.get $ap) (local.get $px2))))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat (i32.add (local.get $ap) (local.get $px3))))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $ap (i32.add (local.get $ap) (i32.const 4)))
        (local.set $f (i32.add (local.get $f) (local.get $rb)))
        (local.set $kk (i32.sub (local.get $kk) (i32.const 1)))
        (br_if $step (local.get $kk)))
      (local.set $tap (i32.add (local.get $tap) (i32.const 1)))
      (br_if $taps (i32.lt_u (local.get $tap) (i32.const 9))))
    (v128.store (local.get $out) (local.get $c00))
    (v128.store offset=16 (local.get $out) (local.get $c01))
    (local.set $out (i32.add (local.get $out) (local.get $rb)))
    (v128.store (local.get $out) (local.get $c10))
    (v128.store offset=16 (local.get $out) (local.get $c11))
    (local.set $out (i32.add (local.get $out) (local.get $rb)))
    (v128.store (local.get $out) (local.get $c20))
    (v128.store offset=16 (local.get $out) (local.get $c21))
    (local.set $out (i32.add (local.get $out) (local.get $rb)))
    (v128.store (local.get $out) (local.get $c30))
    (v128.store offset=16 (local.get $out) (local.get $c31)))

  ;; One pixel by four output channels: the nine taps' products over $c channels.
  (func $convPixel4 (param $a i32) (param $f i32) (param $out i32) (param $c i32) (param $n i32)
    (param $rowIn i32)
    (local $tap i32) (local $kk i32) (local $ap i32) (local $acc v128) (local $rb i32)
    (local.set $rb (i32.shl (local.get $n) (i32.const 2)))
    (loop $taps
      (local.set $ap (i32.add (local.get $a)
        (i32.add (i32.mul (i32.div_u (local.get $tap) (i32.const 3)) (local.get $rowIn))
          (i32.mul (i32.rem_u (local.get $tap) (i32.const 3)) (i32.shl (local.get $c) (i32.const 2))))))
      (local.set $kk (local.get $c))
      (loop $step
        (local.set $acc (f32x4.add (local.get $acc)
          (f32x4.mul (v128.load32_splat (local.get $ap)) (v128.load (local.get $f)))))
        (local.set $ap (i32.add (local.get $ap) (i32.const 4)))
        (local.set $f (i32.add (local.get $f) (local.get $rb)))
        (local.set $kk (i32.sub (local.get $kk) (i32.const 1)))
        (br_if $step (local.get $kk)))
      (local.set $tap (i32.add (local.get $tap) (i32.const 1)))
      (br_if $taps (i32.lt_u (local.get $tap) (i32.const 9))))
    (v128.store (local.get $out) (local.get $acc)))

  ;; Per-token LayerNorm without its affine (folded into the next linear): each row of $c floats
  ;; (c % 4 == 0) minus its mean, over the square root of its biased variance + $eps.
  (func (export "tokenNorm") (param $x i32) (param $out i32) (param $rows i32) (param $c i32)
    (param $eps f32)
    (local $o i32) (local $bytes i32) (local $acc v128) (local $v v128) (local $mean v128)
    (local $m f32)
    (local.set $bytes (i32.shl (local.get $c) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $o (i32.const 0))
        (loop $sum
          (local.set $acc (f32x4.add (local.get $acc) (v128.load (i32.add (local.get $x) (local.get $o)))))
          (local.set $o (i32.add (local.get $o) (i32.const 16)))
          (br_if $sum (i32.lt_u (local.get $o) (local.get $bytes))))
        (local.set $m (f32.div
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
            (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc))))
          (f32.convert_i32_u (local.get $c))))
        (local.set $mean (f32x4.splat (local.get $m)))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $o (i32.const 0))
        (loop $var
          (local.set $v (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $mean)))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $v) (local.get $v))))
          (local.set $o (i32.add (local.get $o) (i32.const 16)))
          (br_if $var (i32.lt_u (local.get $o) (local.get $bytes))))
        (local.set $v (f32x4.splat (f32.div (f32.const 1) (f32.sqrt (f32.add (local.get $eps)
          (f32.div
            (f32.add
              (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
              (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc))))
            (f32.convert_i32_u (local.get $c))))))))
        (local.set $o (i32.const 0))
        (loop $scale
          (v128.store (i32.add (local.get $out) (local.get $o))
            (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $mean))
              (local.get $v)))
          (local.set $o (i32.add (local.get $o) (i32.const 16)))
          (br_if $scale (i32.lt_u (local.get $o) (local.get $bytes))))
        (local.set $x (i32.add (local.get $x) (local.get $bytes)))
        (local.set $out (i32.add (local.get $out) (local.get $bytes)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; out[0] = the mean of $count floats at $x, out[1] = their biased variance (centred values).
  (func (export "moments") (param $x i32) (param $count i32) (param $out i32)
    (local $mean f32)
    (local.set $mean (f32.demote_f64 (f64.div
      (call $sum (local.get $x) (local.get $count) (f32.const 0) (i32.const 0))
      (f64.convert_i32_u (local.get $count)))))
    (f32.store (local.get $out) (local.get $mean))
    (f32.store offset=4 (local.get $out) (f32.demote_f64 (f64.div
      (call $sum (local.get $x) (local.get $count) (local.get $mean) (i32.const 1))
      (f64.convert_i32_u (local.get $count))))))
)
