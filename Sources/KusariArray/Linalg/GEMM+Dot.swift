// The dot-product GEMM path: C = A Bᵀ with a long k (weight gradients: gy · colᵀ), and
// products with a very thin plain B (the last layer of a classifier).
import CKusariKernels

extension GEMM {
    /// C = alpha A op(B) + beta C as tiles of dot products. Rows of A and of Bᵀ are both
    /// contiguous in k, so the kernel reads them in place (a plain B is first transposed into
    /// scratch). k is cut into blocks whose length depends on the sizes only (and on the runs
    /// of a `productNT(runs:...)`), and each element adds its blocks in order; threads split the
    /// tiles of C.
    static func dotProduct(_ problem: Problem, _ kernels: Kernels) {
        if problem.transB {
            dotProductNT(problem, kernels)
            return
        }
        ScratchMemory.with(problem.k * problem.n, of: Float.self) { transposedB in
            // Bᵀ[j, q] = b[q * ldb + j], packed as one panel of k rows.
            kernels.pack(problem.b, problem.ldb, 1, problem.k, problem.n, problem.k, transposedB)
            var p = problem
            (p.transB, p.b, p.ldb) = (true, UnsafePointer(transposedB), problem.k)
            dotProductNT(p, kernels)
        }
    }

    /// `dotProduct` for C = alpha A Bᵀ + beta C.
    private static func dotProductNT(_ problem: Problem, _ kernels: Kernels) {
        // Cᵀ = B Aᵀ has the same form; orient so that n >= m and the m rows of A (for one k
        // block) stay in L2 while each thread walks its tiles of B.
        let p = problem.m > problem.n ? problem.transposed : problem
        let blocks = p.kBlocks(upTo: min(4096, max(256, (1 << 17) / p.m / 16 * 16)))
        // Threads split the tiles of C, row tiles within column tiles; a tile's sum never splits.
        let (rowTiles, colTiles) = ((p.m + kernels.dotMR - 1) / kernels.dotMR, (p.n + kernels.dotNR - 1) / kernels.dotNR)
        let parts = partCount(work: p.m * p.n * p.k, limit: rowTiles * colTiles)
        Threading.parallelFor(parts) { part in
            let tiles = Threading.range(of: part, in: parts, count: rowTiles * colTiles)
            for (index, block) in blocks.enumerated() {
                for tile in tiles {
                    let (row, col) = (tile % rowTiles * kernels.dotMR, tile / rowTiles * kernels.dotNR)
                    var epilogue = p.tileEpilogue(row: row, col: col, firstBlock: index == 0,
                                                  lastBlock: index == blocks.count - 1)
                    kernels.dot(block.runs, block.run, p.a + row * p.lda + block.aOffset, p.lda, p.aRunStride,
                                p.b + col * p.ldb + block.bOffset, p.ldb, p.bRunStride, p.c + row * p.rsc + col * p.csc,
                                p.rsc, p.csc, min(kernels.dotMR, p.m - row), min(kernels.dotNR, p.n - col), &epilogue)
                }
            }
        }
    }
}

/// One block of k for the dot kernel: `runs` runs of `run` elements, starting `aOffset` and
/// `bOffset` elements into the rows of A and B.
struct DotBlock: Equatable {
    let runs: Int, run: Int, aOffset: Int, bOffset: Int
}

extension GEMM.Problem {
    /// k cut into blocks of at most `limit` elements: pieces of `limit` (the last shorter) when
    /// k is one run or a run is longer than `limit`, else as many whole runs as fit.
    func kBlocks(upTo limit: Int) -> [DotBlock] {
        let run = self.run ?? k, runs = k / run
        if runs == 1 || run > limit {
            let pieces = (run + limit - 1) / limit
            return (0..<runs * pieces).map { index in
                let (r, start) = (index / pieces, index % pieces * limit)
                return DotBlock(runs: 1, run: min(limit, run - start), aOffset: r * aRunStride + start,
                                bOffset: r * bRunStride + start)
            }
        }
        let perBlock = limit / run
        return stride(from: 0, to: runs, by: perBlock).map { first in
            DotBlock(runs: min(perBlock, runs - first), run: run, aOffset: first * aRunStride, bOffset: first * bRunStride)
        }
    }
}
