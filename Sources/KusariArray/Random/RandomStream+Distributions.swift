// Uniform, normal, Bernoulli and integer draws; RandomStream.swift documents the exact mapping.
import Foundation

extension RandomStream {
    /// Samples from U[low, high): `low + (high − low) · u` with u uniform on [0, 1) in steps of
    /// 2⁻²⁴ (float32) or 2⁻⁵³ (float64). As in NumPy's `random.uniform(low=0.0, high=1.0)`,
    /// rounding can make an element equal `high`.
    public mutating func uniform(
        _ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float32
    ) -> NDArray {
        switch dtype {
        case .float32:
            let low = Float(low), span = Float(high) - low
            return draw(shape, perBlock: 4) { w0, w1, w2, w3 in
                (low + span * Self.u24(w0), low + span * Self.u24(w1),
                 low + span * Self.u24(w2), low + span * Self.u24(w3))
            }
        case .float64:
            let span = high - low
            return draw(shape, perBlock: 2) { w0, w1, w2, w3 in
                (low + span * Self.u53(w0, w1), low + span * Self.u53(w2, w3), 0, 0)
            }
        default:
            preconditionFailure("uniform: needs float32 or float64, got \(dtype)")
        }
    }

    /// Samples from N(mean, std²) by the Box–Muller transform, as NumPy's
    /// `random.normal(loc=0.0, scale=1.0)`. Each pair of uniforms gives two neighbouring
    /// elements (z₀ = r cos θ, z₁ = r sin θ).
    public mutating func normal(
        _ shape: [Int], mean: Double = 0, std: Double = 1, dtype: DType = .float32
    ) -> NDArray {
        switch dtype {
        case .float32:
            let mean = Float(mean), std = Float(std)
            func pair(_ a: UInt32, _ b: UInt32) -> (Float, Float) {
                let z = Self.boxMuller(Double((a >> 8) + 1) * 0x1p-24, Double(Self.u24(b)))
                return (mean + std * Float(z.0), mean + std * Float(z.1))
            }
            return draw(shape, perBlock: 4) { w0, w1, w2, w3 in
                let (z0, z1) = pair(w0, w1), (z2, z3) = pair(w2, w3)
                return (z0, z1, z2, z3)
            }
        case .float64:
            return draw(shape, perBlock: 2) { w0, w1, w2, w3 in
                let z = Self.boxMuller(Double((Self.x64(w0, w1) >> 11) + 1) * 0x1p-53, Self.u53(w2, w3))
                return (mean + std * z.0, mean + std * z.1, 0, 0)
            }
        default:
            preconditionFailure("normal: needs float32 or float64, got \(dtype)")
        }
    }

    /// Two independent standard normals from u1 ∈ (0, 1] and u2 ∈ [0, 1).
    @inline(__always)
    static func boxMuller(_ u1: Double, _ u2: Double) -> (Double, Double) {
        let r = (-2 * Foundation.log(u1)).squareRoot()
        let theta = 2 * Double.pi * u2
        return (r * Foundation.cos(theta), r * Foundation.sin(theta))
    }

    /// A mask whose elements are 1 (`true`) with probability p, independently: element i is
    /// `u24(w_i) < p`, the same test as `uniform(shape, dtype: .float32) < p` on the same
    /// stream, so p is honoured in steps of 2⁻²⁴. `dtype` is `bool` or a float dtype (1 and 0).
    /// Chainer's dropout keeps a unit when `rand() >= ratio`, that is with p = 1 − ratio.
    public mutating func bernoulli(_ shape: [Int], p: Double, dtype: DType = .bool) -> NDArray {
        precondition((0...1).contains(p), "bernoulli: p must lie in [0, 1], got \(p)")
        @inline(__always) func keep(_ w: UInt32) -> Bool { Double(Self.u24(w)) < p }
        switch dtype {
        case .bool:
            return draw(shape, perBlock: 4) { w0, w1, w2, w3 in (keep(w0), keep(w1), keep(w2), keep(w3)) }
        case .float32:
            return draw(shape, perBlock: 4) { w0, w1, w2, w3 -> (Float, Float, Float, Float) in
                (keep(w0) ? 1 : 0, keep(w1) ? 1 : 0, keep(w2) ? 1 : 0, keep(w3) ? 1 : 0)
            }
        case .float64:
            return draw(shape, perBlock: 4) { w0, w1, w2, w3 -> (Double, Double, Double, Double) in
                (keep(w0) ? 1 : 0, keep(w1) ? 1 : 0, keep(w2) ? 1 : 0, keep(w3) ? 1 : 0)
            }
        default:
            preconditionFailure("bernoulli: needs bool, float32 or float64, got \(dtype)")
        }
    }

    /// Integers uniform on [low, high), as NumPy's `random.randint(low, high)` (whose default
    /// dtype is int64). Each element is `low + ⌊x · (high − low) / 2⁶⁴⌋` for a 64-bit random x,
    /// so the bias is below (high − low) / 2⁶⁴.
    public mutating func randint(_ shape: [Int], low: Int, high: Int, dtype: DType = .int64) -> NDArray {
        precondition(low < high, "randint: low must be below high, got low \(low), high \(high)")
        let span = UInt64(bitPattern: Int64(high) &- Int64(low))
        @inline(__always) func value(_ a: UInt32, _ b: UInt32) -> Int64 {
            Int64(low) &+ Int64(bitPattern: Self.x64(a, b).multipliedFullWidth(by: span).high)
        }
        switch dtype {
        case .int64:
            return draw(shape, perBlock: 2) { w0, w1, w2, w3 in (value(w0, w1), value(w2, w3), 0, 0) }
        case .int32:
            precondition(low >= Int(Int32.min) && high - 1 <= Int(Int32.max),
                         "randint: [\(low), \(high)) does not fit in int32")
            return draw(shape, perBlock: 2) { w0, w1, w2, w3 in
                (Int32(truncatingIfNeeded: value(w0, w1)), Int32(truncatingIfNeeded: value(w2, w3)), 0, 0)
            }
        default:
            preconditionFailure("randint: needs int32 or int64, got \(dtype)")
        }
    }
}
