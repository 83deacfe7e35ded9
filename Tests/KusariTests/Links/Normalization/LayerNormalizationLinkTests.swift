import Testing
import Kusari
import KusariTesting

@Suite struct LayerNormalizationLinkTests {
    @Test func defaultsAndLazySize() {
        let ln = LayerNormalization()
        #expect(ln.eps == 1e-6 && !ln.gamma.isInitialized)
        var random = SplitMix64(seed: 2)
        let x = Variable(random.uniform([3, 5], dtype: .float32))
        let y = ln(x)
        #expect(ln.gamma.shape == [5] && ln.beta.shape == [5] && ln.gamma.dtype == .float32)
        #expect(y.array == F.layerNormalization(x, ln.gamma, ln.beta, eps: 1e-6).array)
        #expect(ln.namedParams().map(\.0) == ["/gamma", "/beta"])
        #expect(LayerNormalization(4).gamma.array == NDArray.ones([4]))
    }
}
