import Testing
@testable import KusariArray

@Suite struct EqualityTests {
    @Test func exactEquality() {
        let a = NDArray([Float(1), 2, 3])
        #expect(a == NDArray([Float(1), 2, 3]))
        #expect(a != NDArray([Float(1), 2, 4]))
        #expect(a != NDArray([Float(1), 2, 3], shape: [3, 1]))
        #expect(a != a.astype(.float64))
        #expect(NDArray([Float.nan]) != NDArray([Float.nan]))
        #expect(NDArray([Float(0)]) == NDArray([-Float(0)]))
        #expect(NDArray.zeros([0, 2]) == NDArray.zeros([0, 2]) && NDArray.zeros([0, 2]) != NDArray.zeros([2, 0]))
    }

    @Test func bitIdentity() {
        #expect(NDArray([Float.nan]).isIdentical(to: NDArray([Float.nan])))
        #expect(!NDArray([Float(0)]).isIdentical(to: NDArray([-Float(0)])))
        #expect(!NDArray([Float(1)]).isIdentical(to: NDArray([Float(1)], shape: [1, 1])))
    }

    @Test func closeness() {
        let a = NDArray([1.0, 100, 0])
        #expect(a.allClose(NDArray([1 + 1e-6, 100 + 9e-4, 5e-9])))
        // |a − b| ≤ atol + rtol·|b|: 100 vs 100.002 is 2e-3 > 1e-8 + 1e-5 · 100.002.
        #expect(!a.allClose(NDArray([1.0, 100.002, 0])))
        #expect(a.allClose(NDArray([1.0, 100.002, 0]), rtol: 1e-4))
        #expect(!a.allClose(NDArray([1.0, 100, 1e-7])) && a.allClose(NDArray([1.0, 100, 1e-7]), atol: 1e-6))
        #expect(NDArray([1.0, 2]).allClose(NDArray([Float(1), 2])))
        #expect(NDArray([1.0, 1], shape: [2, 1]).allClose(NDArray([1.0])))
        #expect(!NDArray([Double.nan]).allClose(NDArray([Double.nan])))
        #expect(NDArray([Double.nan, .infinity]).allClose(NDArray([Double.nan, .infinity]), equalNaN: true))
        #expect(!NDArray([Double.infinity]).allClose(NDArray([-Double.infinity])))
    }
}
