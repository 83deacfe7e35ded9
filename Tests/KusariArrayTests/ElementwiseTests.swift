import Testing
@testable import KusariArray

@Suite struct ElementwiseTests {
    @Test func broadcastAdd() {
        let a = NDArray([Float(1), 2, 3, 4, 5, 6], shape: [2, 3])
        let b = NDArray([Float(10), 20, 30])
        #expect((a + b).toArray(as: Float.self) == [11, 22, 33, 14, 25, 36])
        let c = NDArray([Float(100), 200], shape: [2, 1])
        #expect((a + c).toArray(as: Float.self) == [101, 102, 103, 204, 205, 206])
    }
}
