// kusari-bench elementwise: memory-bound array operations against memcpy's bandwidth.
import Foundation
import Kusari

/// Mode `elementwise`: on float32 arrays of `--count` elements (default 16 Mi, 64 MiB each),
/// the median GB/s (bytes read plus bytes written, per second) of
///
/// - `memcpy`: copying x into a buffer allocated once, split over threads as the elementwise
///   loops are (the bandwidth baseline);
/// - `memcpy_fresh`: the same copy into a newly allocated array each call, as every operation
///   below allocates its result (so allocation is counted: the storage pool hands back the
///   previous call's block, where a fresh one would pay first-touch page faults);
/// - `add` (x + y), `scale` (x * 2), `relu` (max(x, 0), ReLU's kernel), `relu_grad`
///   (gy · (y > 0), ReLUGrad's kernel), `relu_closure` (relu through the closure form of
///   `NDArray.map`, which threads call through a pointer) and `exp`.
///
/// `ratio_to_memcpy` is memcpy's GB/s over the kernel's: the kernel's time over the time memcpy
/// takes to move as many bytes (goal: at most 2).
func elementwiseBench(_ options: BenchOptions) throws(BenchError) {
    var options = options
    let text = options.take("count") ?? String(1 << 24)
    guard let count = Int(text), count >= 1 else { throw BenchError("--count expects a positive integer, found '\(text)'") }
    try options.checkAllRead()
    var stream = RandomStream(seed: 0)
    let x = stream.uniform([count], low: -1, high: 1), y = stream.uniform([count], low: -1, high: 1)
    let bytes = Double(count * MemoryLayout<Float>.stride)
    var target = NDArray(uninitialized: [count])
    func copy(_ source: NDArray, into destination: inout NDArray) {
        source.withUnsafeBytes { from in
            destination.withUnsafeMutableBufferPointer(as: Float.self) { to in
                let chunks = Threading.chunkCount(count, grain: NDArray.elementwiseGrain)
                Threading.parallelFor(chunks) { chunk in
                    let range = Threading.range(of: chunk, in: chunks, count: count)
                    memcpy(to.baseAddress! + range.lowerBound, from.baseAddress! + range.lowerBound * 4, range.count * 4)
                }
            }
        }
    }
    let kernels: [(name: String, arrays: Double, run: () -> Void)] = [
        ("memcpy", 2, { copy(x, into: &target) }),
        ("memcpy_fresh", 2, {
            var fresh = NDArray(uninitialized: [count])
            copy(x, into: &fresh)
        }),
        ("add", 3, { _ = x + y }),
        ("scale", 2, { _ = x * 2 }),
        ("relu", 2, { _ = NDArray.map(x, ReLU()) }),
        ("relu_grad", 3, { _ = NDArray.zip(x, y, "relu", ReLUGrad()) }),
        ("relu_closure", 2, { _ = NDArray.map(x, Float.self, to: Float.self) { $0 > 0 ? $0 : 0 } }),
        ("exp", 2, { _ = x.exp() }),
    ]
    var memcpyGBps = 0.0
    for kernel in kernels {
        let gbps = kernel.arrays * bytes / medianSeconds(kernel.run) / 1e9
        if kernel.name == "memcpy" { memcpyGBps = gbps }
        print("{\"op\":\"elementwise\",\"kernel\":\"\(kernel.name)\",\"count\":\(count),\"threads\":\(Threading.threadCount),"
              + "\"gbps\":\((gbps * 100).rounded() / 100),\"ratio_to_memcpy\":\((memcpyGBps / gbps * 100).rounded() / 100)}")
    }
}

/// ReLU's kernels, as `F.relu` runs them.
private struct ReLU: UnaryKernel {
    func callAsFunction(_ x: Float) -> Float { x > 0 ? x : 0 }
}

private struct ReLUGrad: BinaryKernel {
    func callAsFunction(_ gy: Float, _ y: Float) -> Float { y > 0 ? gy : 0 }
}
