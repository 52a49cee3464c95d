;; Pair sums of the masked Gram (see ../masked_gram.ts, PairAccumulator):
;; for each column i, each entry a of i (row-major position, in row order),
;; each later positive c of the same row, add to the sums of pair (i, j = column of c)
;; at acc + 8 · (start(i) + j · stride), with stride 12 doubles (11 fields and
;; one unused) for the higher moments, 6 without. Lanes hold the fields in
;; order: [count, x_i], [x_j, x_i²], [x_j², x_i x_j], [x_i² x_j, x_j² x_i],
;; [x_i³ x_j, x_j³ x_i], [x_i² x_j², 0]. Every product is formed as the
;; TypeScript loop forms it, so the sums are the same bit for bit.
;;
;; Arguments are byte offsets into the memory: columnStart (i32, d + 1),
;; columnEntry (i32), rowEnd (i32), posIndex (i32), value (f64), acc (f64).
(module
  (import "env" "memory" (memory 1))
  (func (export "pairSums")
    (param $d i32) (param $higher i32)
    (param $columnStart i32) (param $columnEntry i32) (param $rowEnd i32)
    (param $posIndex i32) (param $value i32) (param $acc i32)
    (local $i i32) (local $e i32) (local $e1 i32) (local $a i32) (local $c i32)
    (local $c1 i32) (local $row i32) (local $p i32) (local $stride i32)
    (local $va f64) (local $qa f64) (local $ca f64) (local $vc f64) (local $qc f64)
    (local $one v128) (local $x v128) (local $cq v128)
    (local.set $stride (select (i32.const 96) (i32.const 48) (local.get $higher)))
    (block $done
      (loop $columns
        (br_if $done (i32.ge_u (local.get $i) (local.get $d)))
        ;; row = acc + stride · (i·d − i(i+1)/2 − i − 1)
        (local.set $row
          (i32.add (local.get $acc)
            (i32.mul (local.get $stride)
              (i32.sub
                (i32.sub (i32.mul (local.get $i) (local.get $d))
                  (i32.shr_u (i32.mul (local.get $i) (i32.add (local.get $i) (i32.const 1))) (i32.const 1)))
                (i32.add (local.get $i) (i32.const 1))))))
        (local.set $e (i32.load (i32.add (local.get $columnStart) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $e1 (i32.load (i32.add (local.get $columnStart) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
        (block $entriesDone
          (loop $entries
            (br_if $entriesDone (i32.ge_s (local.get $e) (local.get $e1)))
            (local.set $a (i32.load (i32.add (local.get $columnEntry) (i32.shl (local.get $e) (i32.const 2)))))
            (local.set $c1 (i32.load (i32.add (local.get $rowEnd) (i32.shl (local.get $a) (i32.const 2)))))
            (local.set $va (f64.load (i32.add (local.get $value) (i32.shl (local.get $a) (i32.const 3)))))
            (local.set $qa (f64.mul (local.get $va) (local.get $va)))
            (local.set $ca (f64.mul (local.get $qa) (local.get $va)))
            (local.set $one (f64x2.replace_lane 1 (f64x2.splat (f64.const 1)) (local.get $va)))
            (local.set $c (i32.add (local.get $a) (i32.const 1)))
            (block $pairsDone
              (loop $pairs
                (br_if $pairsDone (i32.ge_s (local.get $c) (local.get $c1)))
                (local.set $p
                  (i32.add (local.get $row)
                    (i32.mul (local.get $stride)
                      (i32.load (i32.add (local.get $posIndex) (i32.shl (local.get $c) (i32.const 2)))))))
                (local.set $vc (f64.load (i32.add (local.get $value) (i32.shl (local.get $c) (i32.const 3)))))
                ;; x = [x_j, x_i]; cq = [x_j², x_i x_j]
                (local.set $x (f64x2.replace_lane 1 (f64x2.splat (local.get $vc)) (local.get $va)))
                (local.set $cq (f64x2.mul (f64x2.splat (local.get $vc)) (local.get $x)))
                (v128.store offset=0 (local.get $p)
                  (f64x2.add (v128.load offset=0 (local.get $p)) (local.get $one)))
                (v128.store offset=16 (local.get $p)
                  (f64x2.add (v128.load offset=16 (local.get $p))
                    (f64x2.replace_lane 1 (f64x2.splat (local.get $vc)) (local.get $qa))))
                (v128.store offset=32 (local.get $p)
                  (f64x2.add (v128.load offset=32 (local.get $p)) (local.get $cq)))
                (if (local.get $higher)
                  (then
                    (local.set $qc (f64x2.extract_lane 0 (local.get $cq)))
                    (v128.store offset=48 (local.get $p)
                      (f64x2.add (v128.load offset=48 (local.get $p))
                        (f64x2.mul
                          (f64x2.replace_lane 1 (f64x2.splat (local.get $qa)) (local.get $qc))
                          (local.get $x))))
                    (v128.store offset=64 (local.get $p)
                      (f64x2.add (v128.load offset=64 (local.get $p))
                        (f64x2.mul
                          (f64x2.replace_lane 1 (f64x2.splat (local.get $ca))
                            (f64.mul (local.get $qc) (local.get $vc)))
                          (local.get $x))))
                    (v128.store offset=80 (local.get $p)
                      (f64x2.add (v128.load offset=80 (local.get $p))
                        (f64x2.mul
                          (f64x2.replace_lane 1 (f64x2.splat (local.get $qa)) (f64.const 0))
                          (f64x2.splat (local.get $qc)))))))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $pairs)))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $entries)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $columns)))))
