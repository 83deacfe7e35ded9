// Independent helpers the array tests build their references from: plain loops over
// Swift arrays of Double, nothing from the code under test but element access.
@testable import KusariArray

/// `count` deterministic pseudo-random values in [-2, 2) (SplitMix64).
func testValues(_ count: Int, seed: UInt64 = 1) -> [Double] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15
    return (0..<count).map { _ in
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53) * 4 - 2
    }
}

/// A test array of `shape` and `dtype` filled with `testValues` (integer dtypes get
/// small integers).
func testArray(_ shape: [Int], dtype: DType = .float32, seed: UInt64 = 1) -> NDArray {
    let values = testValues(shape.reduce(1, *), seed: seed)
    let source = dtype.isFloatingPoint ? values : values.map { ($0 * 5).rounded(.down) + (dtype == .uint8 ? 10 : 0) }
    return NDArray(source, shape: shape).astype(dtype)
}

/// The elements as Double, in row-major order.
func doubles(_ x: NDArray) -> [Double] { x.astype(.float64).toArray(as: Double.self) }

/// The row-major multi-index of flat position `flat` in `shape`.
func multiIndex(_ flat: Int, _ shape: [Int]) -> [Int] {
    var rest = flat
    var index = [Int](repeating: 0, count: shape.count)
    for axis in shape.indices.reversed() {
        index[axis] = rest % shape[axis]
        rest /= shape[axis]
    }
    return index
}

/// The flat row-major position of `index` in `shape`.
func flatIndex(_ index: [Int], _ shape: [Int]) -> Int {
    zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
}

/// The value `x` has at output `index` when broadcast to an output of rank `index.count`.
func broadcastValue(_ x: [Double], shape: [Int], at index: [Int]) -> Double {
    let offset = index.count - shape.count
    let source = shape.indices.map { shape[$0] == 1 ? 0 : index[$0 + offset] }
    return x[flatIndex(source, shape)]
}

/// Whether two Double arrays agree within `tolerance` relative to magnitude, NaN matching NaN.
func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-6) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in
        (x.isNaN && y.isNaN) || x == y || Swift.abs(x - y) <= tolerance * Swift.max(1, Swift.abs(y))
    }
}
