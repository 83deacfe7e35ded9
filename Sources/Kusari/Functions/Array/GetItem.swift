// Indexing and slicing of variables: NumPy's `x[...]` with the gradient scattered back.

/// One entry of an index for `F.getItem` / `Variable[...]`, NumPy's indexing in Swift.
///
/// Entries apply to the axes in order; axes left over are taken whole.
public enum Index: Sendable {
    /// The whole axis (NumPy `:`).
    case all
    /// Every `step`-th element of `range` (NumPy `a:b:step`, step ≥ 1). Negative bounds count
    /// from the end and bounds are clipped to the axis, as NumPy does.
    case range(Range<Int>, step: Int = 1)
    /// One element; the axis is dropped (NumPy `x[i]`; negative counts from the end).
    case at(Int)
    /// The elements at an int32/int64 index array (NumPy advanced indexing along one axis):
    /// the axis is replaced by the index array's axes. Indices may repeat; their gradients add.
    case array(NDArray)
    /// A new axis of size 1 (NumPy `None` / `newaxis`).
    case newAxis
}

extension F {
    /// `x[index...]` as NumPy computes it, for slices, integers, new axes and at most one index
    /// array. Chainer: `F.get_item` / `Variable.__getitem__`. As in NumPy, an index array's
    /// axes take its place when any integer indexes sit right next to it; integers elsewhere
    /// are an error, because NumPy would then move the array's axes to the front.
    public static func getItem(_ x: Variable, _ index: [Index]) -> Variable {
        let plan: IndexPlan
        do { plan = try IndexPlan(index, shape: x.shape) } catch { preconditionFailure(error.description) }
        let basic = plan.window.count == x.shape && plan.window.step.allSatisfy({ $0 == 1 })
            ? reshape(x, plan.basicShape)
            : GetItem(plan.window, shape: plan.basicShape).apply(x)
        guard let (indices, axis) = plan.take else { return basic }
        return TakeAlongAxis(indices, axis: axis).apply(basic)
    }

    /// `x[index...]`; see `getItem(_:_:)` with an array of entries.
    public static func getItem(_ x: Variable, _ index: Index...) -> Variable { getItem(x, index) }
}

extension Variable {
    /// `self[index...]`, NumPy's indexing. Chainer: `Variable.__getitem__`.
    public subscript(_ index: Index...) -> Variable { F.getItem(self, index) }
}

/// An index resolved against a shape: the strided box of basic indexing, the shape that box
/// takes once integer axes are dropped and new axes inserted, and an optional index array
/// applied afterwards along one axis of that shape.
struct IndexPlan {
    var window: Window
    var basicShape: [Int] = []
    var take: (NDArray, Int)?

    init(_ index: [Index], shape: [Int]) throws(ShapeError) {
        let n = shape.count
        let consumed = index.filter { if case .newAxis = $0 { false } else { true } }.count
        guard consumed <= n else { throw ShapeError("get_item: too many indices (\(consumed)) for an array of dimension \(n)") }
        window = Window(start: [Int](repeating: 0, count: n), step: [Int](repeating: 1, count: n), count: shape)
        var axis = 0
        var integerPositions: [Int] = [], arrayPositions: [Int] = []
        for (position, entry) in index.enumerated() {
            switch entry {
            case .all:
                basicShape.append(shape[axis])
            case .range(let range, let step):
                guard step >= 1 else { throw ShapeError("get_item: slice step must be positive, actual \(step)") }
                let size = shape[axis]
                func clip(_ bound: Int) -> Int { Swift.min(Swift.max(bound < 0 ? bound + size : bound, 0), size) }
                let (lower, upper) = (clip(range.lowerBound), clip(range.upperBound))
                let count = upper > lower ? (upper - lower + step - 1) / step : 0
                (window.start[axis], window.step[axis], window.count[axis]) = (count > 0 ? lower : 0, step, count)
                basicShape.append(count)
            case .at(let i):
                let size = shape[axis]
                guard i >= -size && i < size else {
                    throw ShapeError("get_item: index \(i) is out of bounds for axis \(axis) with size \(size)")
                }
                (window.start[axis], window.count[axis]) = (i < 0 ? i + size : i, 1)
                integerPositions.append(position)
            case .array(let indices):
                guard take == nil else { throw ShapeError("get_item: at most one index array is supported") }
                guard indices.dtype == .int32 || indices.dtype == .int64 else {
                    throw ShapeError("get_item: index array dtype must be int32 or int64, actual \(indices.dtype)")
                }
                take = (indices, basicShape.count)
                basicShape.append(shape[axis])
                arrayPositions.append(position)
            case .newAxis:
                basicShape.append(1)
                continue
            }
            axis += 1
        }
        basicShape += shape[axis...]
        let advanced = (integerPositions + arrayPositions).sorted()
        if !arrayPositions.isEmpty, let first = advanced.first, advanced.last! - first + 1 != advanced.count {
            throw ShapeError("get_item: integer indexes must sit next to the index array")
        }
    }
}

/// Basic indexing: gathers a strided window and gives it `shape` (integer axes dropped, new
/// axes inserted).
final class GetItem: FunctionNode {
    let window: Window
    let shape: [Int]

    init(_ window: Window, shape: [Int]) {
        self.window = window
        self.shape = shape
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        [inputs[0].gathered(window).reshaped(shape)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [GetItemGrad(window, shape: inputs[0].shape).apply(gradOutputs[0]!)]
    }
}

/// The gradient of `GetItem`: zeros of the input's `shape` with the output gradient written
/// into the window (windows of positive step never overlap themselves, so no sums).
final class GetItemGrad: FunctionNode {
    let window: Window
    let shape: [Int]

    init(_ window: Window, shape: [Int]) {
        self.window = window
        self.shape = shape
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        var out = NDArray(zeros: shape, dtype: inputs[0].dtype)
        out.assign(inputs[0].reshaped(window.count), at: window)
        return [out]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [GetItem(window, shape: inputs[0].shape).apply(gradOutputs[0]!)]
    }
}
