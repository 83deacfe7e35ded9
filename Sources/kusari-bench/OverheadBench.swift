// kusari-bench overhead: what the graph costs per node when the arrays are too small to matter.
import Kusari

/// Mode `overhead`: a chain of `--nodes` (default 1000) additions of one-element variables,
/// h ← h + c, then `backward()`; reports the median microseconds per node of forward and
/// backward together (`us_per_node`), and of the forward pass alone (`forward_us_per_node`).
func overheadBench(_ options: BenchOptions) throws(BenchError) {
    var options = options
    let text = options.take("nodes") ?? "1000"
    guard let nodes = Int(text), nodes >= 1 else { throw BenchError("--nodes expects a positive integer, found '\(text)'") }
    try options.checkAllRead()
    let x = Variable(NDArray([Float(1)]))
    let c = Variable(NDArray([Float(0.5)]))
    func chain() -> Variable {
        var h = x
        for _ in 0..<nodes { h = h + c }
        return h
    }
    let forward = medianSeconds { _ = chain() }
    let total = medianSeconds {
        x.cleargrad()
        c.cleargrad()
        chain().backward()
    }
    func microseconds(_ seconds: Double) -> Double { (seconds / Double(nodes) * 1e6 * 1000).rounded() / 1000 }
    print("{\"op\":\"overhead\",\"nodes\":\(nodes),\"threads\":\(Threading.threadCount),"
          + "\"us_per_node\":\(microseconds(total)),\"forward_us_per_node\":\(microseconds(forward))}")
}
