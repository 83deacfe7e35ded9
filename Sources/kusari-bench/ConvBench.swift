// kusari-bench conv: the convolution and pooling passes of the seed CNN, one batch of 100.
import Kusari

/// One convolution of the seed CNN: x (100, c, size, size) with W (o, c, 5, 5).
private struct ConvCase {
    let name: String, c: Int, o: Int, size: Int
}

/// One pooling of the seed CNN: 2×2 max pooling, stride 2, on (100, c, size, size).
private struct PoolCase {
    let name: String, c: Int, size: Int
}

/// Mode `conv`: median milliseconds of each pass of conv1 (1→20 on 28×28) and conv2 (20→50 on
/// 12×12): `forward` (with bias), `dW` (from x and gy), `db` (the bias gradient, gy summed
/// over N, H, W) and
/// `dX` (the transposed convolution); and of the
/// `forward` and `backward` passes of pool1 (on (100, 20, 24, 24)) and pool2 (on (100, 50, 8, 8)).
/// Flags: `--case NAME` for one case.
func convBench(_ options: BenchOptions) throws(BenchError) {
    var options = options
    let only = options.take("case")
    try options.checkAllRead()
    let convs = [ConvCase(name: "conv1", c: 1, o: 20, size: 28), ConvCase(name: "conv2", c: 20, o: 50, size: 12)]
    let pools = [PoolCase(name: "pool1", c: 20, size: 24), PoolCase(name: "pool2", c: 50, size: 8)]
    let names = convs.map(\.name) + pools.map(\.name)
    if let only, !names.contains(only) { throw BenchError("--case expects one of \(names.joined(separator: ", ")), found '\(only)'") }
    let batch = 100
    var stream = RandomStream(seed: 0)
    func report(_ name: String, _ pass: String, _ seconds: Double) {
        print("{\"op\":\"conv\",\"case\":\"\(name)\",\"pass\":\"\(pass)\",\"threads\":\(Threading.threadCount),"
              + "\"ms\":\((seconds * 1e6).rounded() / 1000)}")
    }
    for conv in convs where only == nil || only == conv.name {
        let x = stream.uniform([batch, conv.c, conv.size, conv.size], low: -1, high: 1)
        let W = stream.uniform([conv.o, conv.c, 5, 5], low: -0.2, high: 0.2)
        let b = stream.uniform([conv.o], low: -0.1, high: 0.1)
        let out = conv.size - 4
        let gy = stream.uniform([batch, conv.o, out, out], low: -1, high: 1)
        report(conv.name, "forward", medianSeconds { _ = NDArray.convolution2D(x, W, bias: b) })
        report(conv.name, "dW", medianSeconds { _ = NDArray.convolution2DGradW(x, gy, kh: 5, kw: 5) })
        report(conv.name, "db", medianSeconds { _ = gy.sum(axes: [0, 2, 3]) })
        report(conv.name, "dX", medianSeconds { _ = NDArray.deconvolution2D(gy, W, outH: conv.size, outW: conv.size) })
    }
    for pool in pools where only == nil || only == pool.name {
        let x = stream.uniform([batch, pool.c, pool.size, pool.size], low: -1, high: 1)
        let (y, indexes) = x.maxPooling2D(kh: 2, kw: 2, sy: 2, sx: 2)
        let gy = stream.uniform(y.shape, low: -1, high: 1)
        report(pool.name, "forward", medianSeconds { _ = x.maxPooling2D(kh: 2, kw: 2, sy: 2, sx: 2) })
        report(pool.name, "backward", medianSeconds {
            _ = NDArray.maxPooling2DBackward(gy, indexes: indexes, h: pool.size, w: pool.size, kh: 2, kw: 2, sy: 2, sx: 2)
        })
    }
}
