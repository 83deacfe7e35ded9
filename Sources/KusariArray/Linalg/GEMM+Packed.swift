// The packed GEMM path: BLIS-style blocking of k, rows and columns around the micro-kernel.
import CKusariKernels

extension GEMM {
    /// C = alpha op(A) op(B) + beta C through packed panels. The rows (when m >= n) or the
    /// columns of C are cut into parts of whole micro-tiles; each part packs its own panels,
    /// so threads share nothing but the inputs. Every element sees the same k blocks in the
    /// same order whatever part holds it.
    static func packedProduct(_ p: Problem, _ kernels: Kernels) {
        let splitRows = p.m >= p.n
        let step = splitRows ? kernels.mr : kernels.nr
        let panels = ((splitRows ? p.m : p.n) + step - 1) / step
        let parts = partCount(work: p.m * p.n * max(p.k, 1), limit: panels)
        Threading.parallelFor(parts) { part in
            let span = Threading.range(of: part, in: parts, count: panels)
            let cut = (span.lowerBound * step)..<min(splitRows ? p.m : p.n, span.upperBound * step)
            packedBlock(p, kernels, rows: splitRows ? cut : 0..<p.m, cols: splitRows ? 0..<p.n : cut)
        }
    }

    /// The longest short side of C for which an operand already laid out as the kernel reads
    /// it is read in place rather than packed: a transposed A (mr contiguous floats of op(A)
    /// per step of k) when C has at most this many columns, a plain B (nr contiguous floats)
    /// when it has at most this many rows. Packing such an operand costs as much as the
    /// product then gains from it.
    static let inPlaceExtent = 64

    /// The rows × cols part of C. Loop order: row blocks (mc), k blocks (kc; fixed order),
    /// column blocks (nc, packed B in L2), A micro-panels (in L1), B micro-panels.
    private static func packedBlock(_ p: Problem, _ kernels: Kernels, rows: Range<Int>, cols: Range<Int>) {
        let (mr, nr) = (kernels.mr, kernels.nr)
        let aInPlace = p.transA && p.n <= inPlaceExtent
        let bInPlace = !p.transB && p.m <= inPlaceExtent
        let kBlocks = max(1, (p.k + kernels.kc - 1) / kernels.kc)
        let mcMax = aInPlace ? 0 : min(kernels.mc, (rows.count + mr - 1) / mr * mr)
        let ncMax = bInPlace ? nr : min(kernels.nc, (cols.count + nr - 1) / nr * nr)
        let kcMax = min(kernels.kc, p.k)
        ScratchMemory.with(kcMax * (mcMax + ncMax), of: Float.self) { scratch in
            let packedA = scratch, packedB = scratch + kcMax * mcMax
            for ic in stride(from: rows.lowerBound, to: rows.upperBound, by: kernels.mc) {
                let mc = min(kernels.mc, rows.upperBound - ic)
                for block in 0..<kBlocks {
                    let pc = block * kernels.kc
                    let kc = min(kernels.kc, p.k - pc)
                    // op(A)[i, q] sits at a[i * lda + q], or at a[q * lda + i] when transposed.
                    if !aInPlace {
                        kernels.pack(p.a + (p.transA ? pc * p.lda + ic : ic * p.lda + pc),
                                     p.transA ? 1 : p.lda, p.transA ? p.lda : 1, mc, kc, mr, packedA)
                    }
                    for jc in stride(from: cols.lowerBound, to: cols.upperBound, by: kernels.nc) {
                        let nc = min(kernels.nc, cols.upperBound - jc)
                        // Columns from `packedFrom` on are packed: all of them, or the partial panel.
                        let packedFrom = bInPlace ? nc / nr * nr : 0
                        if packedFrom < nc {
                            // B is packed by columns j of op(B): op(B)[q, j] = b[q * ldb + j] or b[j * ldb + q].
                            let j = jc + packedFrom
                            kernels.pack(p.b + (p.transB ? j * p.ldb + pc : pc * p.ldb + j),
                                         p.transB ? p.ldb : 1, p.transB ? 1 : p.ldb, nc - packedFrom, kc, nr, packedB)
                        }
                        for ir in stride(from: 0, to: mc, by: mr) {
                            let a: UnsafePointer<Float> = aInPlace ? p.a + (pc * p.lda + ic + ir)
                                                                   : UnsafePointer(packedA + ir * kc)
                            let aStep = aInPlace ? p.lda : mr
                            for jr in stride(from: 0, to: nc, by: nr) {
                                let inPlace = jr < packedFrom
                                let b: UnsafePointer<Float> = inPlace ? p.b + (pc * p.ldb + jc + jr)
                                                                      : UnsafePointer(packedB + (jr - packedFrom) * kc)
                                let bStep = inPlace ? p.ldb : nr
                                let (row, col) = (ic + ir, jc + jr)
                                var epilogue = p.tileEpilogue(row: row, col: col, firstBlock: block == 0,
                                                              lastBlock: block == kBlocks - 1)
                                kernels.kernel(kc, a, aStep, b, bStep, p.c + row * p.rsc + col * p.csc, p.rsc, p.csc,
                                               min(mr, mc - ir), min(nr, nc - jr), &epilogue)
                            }
                        }
                    }
                }
            }
        }
    }
}
