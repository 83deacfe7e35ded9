// Chainer's `chainer.Parameter`: a variable a link owns and an optimizer updates.

/// A trainable variable. Its array may be created lazily: `Parameter(initializer:)` without a
/// shape waits until the first forward pass tells the shape (as `L.Linear(nil, 500)` does).
public final class Parameter: Variable {
    /// Makes the initial value once the shape is known.
    public let initializer: Initializer?
    /// The dtype the lazy array will have.
    public let initialDType: DType
    /// False until the array exists.
    public private(set) var isInitialized: Bool
    /// How optimizers update this parameter: set by `GradientMethod.setup`, it holds the
    /// per-parameter state, step count and hyperparameter overrides. Chainer: `update_rule`.
    public var updateRule: UpdateRule?

    /// A parameter holding `array`.
    public init(_ array: NDArray, name: String? = nil) {
        initializer = nil
        initialDType = array.dtype
        isInitialized = true
        super.init(array, requiresGrad: true, name: name)
    }

    /// A parameter made by `initializer`; lazy when `shape` is nil.
    public init(initializer: Initializer, shape: [Int]? = nil, dtype: DType = .float32, name: String? = nil) {
        self.initializer = initializer
        initialDType = dtype
        isInitialized = false
        super.init(NDArray(zeros: [0], dtype: dtype), requiresGrad: true, name: name)
        if let shape { initialize(shape) }
    }

    /// Creates the array with `shape` from the initializer. Chainer: `Parameter.initialize`.
    public func initialize(_ shape: [Int]) {
        guard let initializer else { preconditionFailure("Parameter \(name ?? ""): no initializer to create the array") }
        array = initializer.generate(shape, dtype: initialDType)
        isInitialized = true
    }

    /// Sets the gradient to zeros of the parameter's shape. Chainer: `zerograd` (deprecated
    /// there, used by optimizers that need an existing gradient).
    public func zerograd() {
        grad = NDArray.zeros(array.shape, dtype: array.dtype)
    }
}
