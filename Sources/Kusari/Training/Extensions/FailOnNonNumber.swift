// Chainer's `extensions.FailOnNonNumber`: stops training as soon as a parameter diverges.

/// After every update, checks every parameter of every optimizer's target and throws
/// `TrainingError.nonFinite` at the first NaN or infinity, which stops `Trainer.run()`.
/// The message names the iteration, the optimizer, the first non-finite parameter in
/// `namedParams()` order (`/conv1/W`) and whether the optimizer's reported loss
/// (`main/loss`) was non-finite too.
///
/// The check is one pass over each parameter buffer on its bit patterns (a value is not
/// finite when all its exponent bits are set), in blocks so it stops early.
/// Chainer: `FailOnNonNumber()`, trigger (1, 'iteration'), which raises `RuntimeError`.
public final class FailOnNonNumber: Extension {
    public init() {}

    public func callAsFunction(_ trainer: Trainer) throws {
        for (name, optimizer) in trainer.updater.optimizers.sorted(by: { $0.key < $1.key }) {
            guard let target = optimizer.target else { continue }
            for (path, param) in target.namedParams() where param.isInitialized && !Self.isAllFinite(param.array) {
                throw TrainingError.nonFinite(Self.message(iteration: trainer.updater.iteration, optimizer: name,
                                                           parameter: path, loss: trainer.observation[name + "/loss"]?.value))
            }
        }
    }

    static func message(iteration: Int, optimizer: String, parameter: String, loss: Double?) -> String {
        let lossPart = switch loss {
        case nil: "no \(optimizer)/loss was reported"
        case let loss? where !loss.isFinite: "\(optimizer)/loss was non-finite too (\(loss))"
        case let loss?: "\(optimizer)/loss was finite (\(loss))"
        }
        return "FailOnNonNumber: parameters of optimizer \"\(optimizer)\" diverged at iteration \(iteration): "
            + "\(parameter) holds NaN or infinity; \(lossPart)"
    }

    /// True when no element of a float array is NaN or ±∞; other dtypes are always finite.
    static func isAllFinite(_ array: NDArray) -> Bool {
        switch array.dtype {
        case .float32: array.withUnsafeBytes { $0.withMemoryRebound(to: UInt32.self) { noneSaturated($0, mask: 0x7F80_0000) } }
        case .float64: array.withUnsafeBytes { $0.withMemoryRebound(to: UInt64.self) { noneSaturated($0, mask: 0x7FF0_0000_0000_0000) } }
        default: true
        }
    }

    // Counting over whole blocks has no branch in its loop, so it vectorizes; the test
    // after each block gives the early exit.
    private static func noneSaturated<Bits: FixedWidthInteger>(_ bits: UnsafeBufferPointer<Bits>, mask: Bits) -> Bool {
        let block = 4096
        var start = 0
        while start < bits.count {
            let end = min(start + block, bits.count)
            var saturated = 0
            for i in start..<end { saturated &+= bits[i] & mask == mask ? 1 : 0 }
            if saturated > 0 { return false }
            start = end
        }
        return true
    }
}
