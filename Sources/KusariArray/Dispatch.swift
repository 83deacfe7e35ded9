// Picks the Swift element type for a dtype, so one generic kernel serves every dtype.

extension NDArray {
    /// Evaluates the branch for a numeric `dtype`; stops on `bool`, naming `operation`.
    @inline(__always)
    public static func byArithmetic<R>(
        _ dtype: DType, _ operation: String,
        f32: @autoclosure () -> R, f64: @autoclosure () -> R, i32: @autoclosure () -> R,
        i64: @autoclosure () -> R, u8: @autoclosure () -> R
    ) -> R {
        switch dtype {
        case .float32: f32()
        case .float64: f64()
        case .int32: i32()
        case .int64: i64()
        case .uint8: u8()
        case .bool: preconditionFailure("\(operation): not defined for bool arrays")
        }
    }

    /// Evaluates the branch for a floating `dtype`; stops on any other, naming `operation`.
    @inline(__always)
    public static func byFloat<R>(
        _ dtype: DType, _ operation: String, f32: @autoclosure () -> R, f64: @autoclosure () -> R
    ) -> R {
        switch dtype {
        case .float32: f32()
        case .float64: f64()
        default: preconditionFailure("\(operation): needs float32 or float64, got \(dtype)")
        }
    }
}
