// How the batch-normalization functions see their input: (outer, channels, inner).

/// x viewed as (outer, channels, inner): the statistics are taken over outer × inner for each
/// channel, the channel block being the axes of x not normalized over (gamma's axes).
///
/// As in Chainer, the normalized axes default to `(0,) + (gamma.ndim + 1 ..< x.ndim)`: (0)
/// for (N, C) and (0, 2, 3) for (N, C, H, W) with gamma of shape (C). Given explicitly, they
/// must be sorted; the axes left must be adjacent (Kusari's restriction, which every use of
/// batch normalization in Chainer's examples meets) and match gamma's shape.
struct ChannelLayout: Equatable {
    let outer: Int
    let channels: Int
    let inner: Int

    /// The 3-d shape x is reshaped to.
    var view: [Int] { [outer, channels, inner] }

    /// The number of elements each channel's statistics are taken over.
    var batchCount: Int { outer * inner }

    /// The layout for x and gamma, or the reason they do not fit; `others` (beta, mean, var)
    /// must have gamma's shape, and all must have x's float dtype.
    static func checked(
        _ function: String, x: NDArray, gamma: NDArray, _ others: [(String, NDArray)] = [], axes: [Int]?
    ) throws(ShapeError) -> ChannelLayout {
        try checkFloat(x, function)
        for (name, array) in [("gamma", gamma)] + others {
            guard array.dtype == x.dtype else {
                throw ShapeError("\(function): \(name).dtype == x.dtype, actual \(array.dtype) != \(x.dtype)")
            }
            guard array.shape == gamma.shape else {
                throw ShapeError("\(function): \(name).shape == gamma.shape, actual "
                                 + "\(NDArray.format(array.shape)) != \(NDArray.format(gamma.shape))")
            }
        }
        let (x, gamma) = (x.shape, gamma.shape)
        let axes = axes ?? [0] + Array(Swift.min(gamma.count + 1, x.count) ..< x.count)
        for (previous, next) in zip(axes, axes.dropFirst()) where previous >= next {
            throw ShapeError("\(function): axes must be sorted in ascending order, actual \(axes)")
        }
        if let bad = axes.first(where: { $0 < 0 || $0 >= x.count }) {
            throw ShapeError("\(function): axis \(bad) is out of bounds for an array of dimension \(x.count)")
        }
        let kept = (0..<x.count).filter { !axes.contains($0) }
        guard kept.count == gamma.count else {
            throw ShapeError("\(function): gamma.ndim == \(kept.count), actual \(gamma.count) != \(kept.count)")
        }
        for (i, axis) in kept.enumerated() where x[axis] != gamma[i] {
            throw ShapeError("\(function): x.shape[\(axis)] == gamma.shape[\(i)], actual \(x[axis]) != \(gamma[i])")
        }
        guard let first = kept.first, let last = kept.last else {
            return ChannelLayout(outer: x.reduce(1, *), channels: 1, inner: 1)
        }
        guard last - first + 1 == kept.count else {
            throw ShapeError("\(function): the axes not normalized over must be adjacent, actual \(kept)")
        }
        return ChannelLayout(outer: x[..<first].reduce(1, *), channels: gamma.reduce(1, *),
                             inner: x[(last + 1)...].reduce(1, *))
    }

    /// `checked`, stopping with its message on a mismatch (a programming error).
    static func of(
        _ function: String, x: NDArray, gamma: NDArray, _ others: [(String, NDArray)] = [], axes: [Int]?
    ) -> ChannelLayout {
        do { return try checked(function, x: x, gamma: gamma, others, axes: axes) } catch { preconditionFailure(error.description) }
    }
}

extension ChannelLayout {
    /// Elements a thread should own before a per-channel loop is split over threads.
    static let grain = 1 << 15

    /// Calls `body(channel, base)` for every run of `inner` elements starting at `base`.
    /// Channels are cut into chunks that depend only on the sizes, and each channel's runs
    /// are visited in increasing outer index, so per-channel sums come out the same on any
    /// number of threads.
    @inline(__always)
    func forEachRun(_ body: (_ channel: Int, _ base: Int) -> Void) {
        let chunks = Swift.min(channels, Threading.chunkCount(outer * channels * inner, grain: ChannelLayout.grain))
        Threading.parallelFor(chunks) { chunk in
            let range = Threading.range(of: chunk, in: chunks, count: channels)
            for n in 0..<outer {
                for c in range { body(c, (n * channels + c) * inner) }
            }
        }
    }

    /// Per-channel sums of `term(channel, index)` in double precision, in the order of
    /// `forEachRun`.
    @inline(__always)
    func channelSums(_ term: (_ channel: Int, _ index: Int) -> Double) -> [Double] {
        var sums = [Double](repeating: 0, count: channels)
        sums.withUnsafeMutableBufferPointer { sums in
            forEachRun { c, base in
                var total = 0.0
                for i in base ..< base + inner { total += term(c, i) }
                sums[c] += total
            }
        }
        return sums
    }
}
