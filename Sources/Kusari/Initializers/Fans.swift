// Fan-in and fan-out of a weight shape, for the scaled initializers.

/// (fan_in, fan_out) of a weight of `shape`: shape[1]·receptive field and
/// shape[0]·receptive field, where the receptive field is the product of shape[2...].
/// Chainer: `initializers.get_fans`.
func fans(_ shape: [Int], _ initializer: String) -> (in: Double, out: Double) {
    precondition(shape.count >= 2, "\(initializer): the weight must have at least 2 dimensions, got shape \(NDArray.format(shape))")
    let receptive = shape.dropFirst(2).reduce(1, *)
    return (Double(shape[1] * receptive), Double(shape[0] * receptive))
}

/// Draws from the global random state under the "initializer" purpose.
func initializerStream() -> RandomStream { RandomState.nextStream("initializer") }
