// An initializer making orthogonal weights.

/// A weight whose rows (or columns, whichever are fewer) are orthonormal, times `scale`.
/// Flattened to (shape[0], rest), a normal matrix is orthonormalized by modified
/// Gram–Schmidt in float64. Chainer: `initializers.Orthogonal(scale=1.1)`.
public struct Orthogonal: Initializer {
    public let scale: Double
    public init(scale: Double = 1.1) { self.scale = scale }

    public func generate(_ shape: [Int], dtype: DType) -> NDArray {
        precondition(shape.count >= 2, "Orthogonal: the weight must have at least 2 dimensions, got shape \(NDArray.format(shape))")
        let rows = shape[0], columns = shape.dropFirst().reduce(1, *)
        // Orthonormalize the shorter side: `count` vectors of length `length`.
        let (count, length) = rows <= columns ? (rows, columns) : (columns, rows)
        var stream = initializerStream()
        var vectors = stream.normal([count, length], mean: 0, std: 1, dtype: .float64).toArray(as: Double.self)
        for i in 0..<count {
            for j in 0..<i {
                var dot = 0.0
                for k in 0..<length { dot += vectors[i * length + k] * vectors[j * length + k] }
                for k in 0..<length { vectors[i * length + k] -= dot * vectors[j * length + k] }
            }
            var norm = 0.0
            for k in 0..<length { norm += vectors[i * length + k] * vectors[i * length + k] }
            norm = norm.squareRoot()
            for k in 0..<length { vectors[i * length + k] /= norm }
        }
        let matrix = NDArray(vectors.map { $0 * scale }, shape: [count, length])
        return (rows <= columns ? matrix : matrix.transposed()).reshaped(shape).astype(dtype)
    }
}
