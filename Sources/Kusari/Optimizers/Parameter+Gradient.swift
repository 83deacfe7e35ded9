// In-place gradient edits for optimizer hooks.

extension Parameter {
    /// Rewrites the gradient in place through `body(grad, value)`. The gradient array is first
    /// taken out of its variable, because backprop may hand one gradient variable to several
    /// parameters (`a + b` gives both the same one): editing it in place would change theirs too.
    func withMutableGrad<T: NDFloat>(
        as type: T.Type, _ body: (_ grad: UnsafeMutableBufferPointer<T>, _ value: UnsafeBufferPointer<T>) -> Void
    ) {
        guard var grad = gradVariable?.array else { return }
        gradVariable = nil
        array.withUnsafeBufferPointer(as: T.self) { value in
            grad.withUnsafeMutableBufferPointer(as: T.self) { body($0, value) }
        }
        self.grad = grad
    }
}
