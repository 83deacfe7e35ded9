import Testing
import Kusari

@Suite struct ModuleTests {
    @Test func reexportsArrayLayer() {
        let x = NDArray([Float(1), 2], shape: [2])
        #expect((x * 2).toArray(as: Float.self) == [2, 4])
    }
}
