// concatExamples: a list of examples to one array per component (Chainer's
// `dataset.concat_examples`).

/// The arrays of a batch: component k of every example stacked along a new first axis, so
/// result k has shape `[examples.count] + shape of component k`. Chainer:
/// `concat_examples(batch, padding=padding)` on the CPU.
///
/// Without `padding`, component k must have the same shape and dtype in every example. With
/// `padding`, component k may differ in shape (not in rank or dtype): every example's array is
/// padded at the end of each axis with `padding` up to the largest size on that axis, as
/// Chainer does for variable-length sequences:
///
/// ```swift
/// concatExamples([[NDArray([Int32(1), 2])], [NDArray([Int32(3)])]], padding: -1)
/// // [[1, 2], [3, -1]]
/// ```
///
/// Stops on an empty batch (Chainer: "batch is empty"), and on a mismatch with a message
/// naming the component, the examples and both shapes.
public func concatExamples(_ examples: [[NDArray]], padding: Double? = nil) -> [NDArray] {
    do { return try concatExamplesChecked(examples, padding: padding) } catch { preconditionFailure(error.description) }
}

func concatExamplesChecked(_ examples: [[NDArray]], padding: Double?) throws(ShapeError) -> [NDArray] {
    guard let first = examples.first else { throw ShapeError("concatExamples: the batch is empty") }
    var largest = first.map(\.shape)
    for (n, example) in examples.enumerated() {
        guard example.count == first.count else {
            throw ShapeError("concatExamples: example 0 has \(first.count) components, example \(n) has \(example.count)")
        }
        for (k, component) in example.enumerated() {
            let fits = padding == nil ? component.shape == first[k].shape : component.ndim == first[k].ndim
            guard fits, component.dtype == first[k].dtype else {
                throw ShapeError("concatExamples: component \(k) is \(first[k].dtype) \(NDArray.format(first[k].shape)) "
                                 + "in example 0 but \(component.dtype) \(NDArray.format(component.shape)) in example \(n)")
            }
            largest[k] = zip(largest[k], component.shape).map { max($0, $1) }
        }
    }
    guard let padding else { return try NDArray.stackExamplesChecked(examples) }
    let padded = examples.map { example in
        example.enumerated().map { k, component in
            component.shape == largest[k]
                ? component : component.padded(zip(component.shape, largest[k]).map { (0, $1 - $0) }, value: padding)
        }
    }
    return try NDArray.stackExamplesChecked(padded)
}
