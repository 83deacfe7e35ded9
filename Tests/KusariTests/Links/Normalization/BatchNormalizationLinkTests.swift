import Testing
@testable import Kusari
import KusariTesting

@Suite struct BatchNormalizationLinkTests {
    static func values(_ x: NDArray) -> [Double] { x.astype(.float64).toArray(as: Double.self) }

    static func close(_ actual: [Double], _ expected: [Double], _ tolerance: Double = 1e-12) -> Bool {
        actual.count == expected.count && zip(actual, expected).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    // Means (3, 2), unbiased variances (14/3, 16/3); then means (2, 4), unbiased (16/3, 20/3).
    static let batch1 = NDArray([1, 0, 2, 0, 3, 4, 6, 4], shape: [4, 2])
    static let batch2 = NDArray([0, 1, 0, 3, 4, 5, 4, 7], shape: [4, 2])

    @Test func defaults() {
        let bn = BatchNormalization(3)
        #expect(bn.decay == 0.9 && bn.eps == 2e-5 && bn.N == 0 && bn.axes == nil)
        #expect(Self.values(bn.gamma!.array) == [1, 1, 1] && Self.values(bn.beta!.array) == [0, 0, 0])
        #expect(Self.values(bn.avgMean) == [0, 0, 0] && Self.values(bn.avgVar) == [1, 1, 1])
        #expect(bn.gamma!.dtype == .float32 && bn.avgMean.dtype == .float32)
        #expect(bn.namedParams().map(\.0) == ["/gamma", "/beta"])
    }

    /// From (0, 1): mean 0.9·(0.3, 0.2) + 0.1·(2, 4) = (0.47, 0.58); variance
    /// 0.9·(0.9 + 0.1·14/3, 0.9 + 0.1·16/3) + 0.1·(16/3, 20/3).
    @Test func runningStatisticsAfterTwoBatchesThenTestMode() {
        let bn = BatchNormalization(2, dtype: .float64)
        _ = bn(Variable(Self.batch1))
        _ = bn(Variable(Self.batch2))
        let variance: [Double] = [0.9 * (0.9 + 0.1 * 14 / 3) + 0.1 * 16 / 3, 0.9 * (0.9 + 0.1 * 16 / 3) + 0.1 * 20 / 3]
        #expect(Self.close(Self.values(bn.avgMean), [0.47, 0.58]))
        #expect(Self.close(Self.values(bn.avgVar), variance))
        #expect(bn.N == 0)

        let x = NDArray([1.0, -1], shape: [1, 2])
        let y = using(train: false) { bn(Variable(x)) }
        let expected: [Double] = [(1 - 0.47) / (variance[0] + 2e-5).squareRoot(), (-1 - 0.58) / (variance[1] + 2e-5).squareRoot()]
        #expect(Self.close(Self.values(y.array), expected))
        #expect(Self.close(Self.values(bn.avgMean), [0.47, 0.58]))
    }

    @Test func trainModeUsesBatchStatistics() {
        let bn = BatchNormalization(2, dtype: .float64)
        bn.gamma!.array = NDArray([2.0, 1], shape: [2])
        bn.beta!.array = NDArray([0.5, 0], shape: [2])
        let y = bn(Variable(Self.batch1))
        let expected = F.batchNormalization(Variable(Self.batch1), bn.gamma!, bn.beta!)
        #expect(y.array == expected.array)
        let tested = using(train: false) { bn(Variable(Self.batch1)) }
        #expect(tested.array != y.array)
    }

    /// Fine-tuning averages the batches equally: means (2.5, 3), variances (5, 6).
    @Test func finetuneGathersPopulationStatistics() {
        let bn = BatchNormalization(2, dtype: .float64)
        _ = bn(Variable(Self.batch1), finetune: true)
        _ = bn(Variable(Self.batch2), finetune: true)
        #expect(bn.N == 2)
        #expect(Self.close(Self.values(bn.avgMean), [2.5, 3]))
        #expect(Self.close(Self.values(bn.avgVar), [5, 6]))
        bn.startFinetuning()
        #expect(bn.N == 0)
    }

    @Test func withoutGammaAndBetaOverImages() {
        let bn = BatchNormalization(3, dtype: .float64, useGamma: false, useBeta: false)
        #expect(bn.gamma == nil && bn.beta == nil && bn.namedParams().isEmpty)
        var random = SplitMix64(seed: 1)
        let x = random.uniform([2, 3, 2, 2])
        let one = Variable(NDArray.ones([3], dtype: .float64)), zero = Variable(NDArray.zeros([3], dtype: .float64))
        #expect(bn(Variable(x)).array == F.batchNormalization(Variable(x), one, zero).array)
    }

    @Test func gradientsReachGammaAndBeta() {
        let bn = BatchNormalization(2, dtype: .float64)
        F.sum(bn(Variable(Self.batch1)) * Variable(NDArray([1.0, 0, 0, 0, 0, 0, 0, 0], shape: [4, 2]))).backward()
        // ∂/∂β₀ = Σ gy = 1; ∂/∂γ₀ = x̂ at the first element, −2 / √(3.5 + 2e-5).
        let first: Double = -2 / (3.5 + 2e-5).squareRoot()
        #expect(Self.close(Self.values(bn.beta!.grad!), [1, 0]))
        #expect(Self.close(Self.values(bn.gamma!.grad!), [first, 0]))
    }

    @Test func serializesUnderChainersKeys() throws {
        let bn = BatchNormalization(2, dtype: .float64)
        _ = bn(Variable(Self.batch1), finetune: true)
        let serializer = NPZSerializer()
        try bn.serialize(serializer)
        #expect(serializer.values.keys.sorted() == ["N", "avg_mean", "avg_var", "beta", "gamma"])
        guard case .array(let n)? = serializer.values["N"], case .array(let mean)? = serializer.values["avg_mean"] else {
            Issue.record("missing arrays"); return
        }
        #expect(n.dtype == .int64 && n.shape == [] && n.item == 1)
        #expect(Self.values(mean) == [3, 2])

        var arrays: [String: NDArray] = [:]
        for (key, value) in serializer.values { if case .array(let a) = value { arrays[key] = a } }
        let loaded = BatchNormalization(2, dtype: .float64)
        try loaded.serialize(NPZDeserializer(arrays: arrays, file: "bn.npz"))
        #expect(loaded.N == 1 && loaded.avgMean == bn.avgMean && loaded.avgVar == bn.avgVar)
    }

    @Test func nestedKeysAndCopyparams() throws {
        final class Net: Chain { let bn = BatchNormalization(2) }
        let net = Net()
        let serializer = NPZSerializer()
        try net.serialize(serializer)
        #expect(serializer.values.keys.sorted() == ["bn/N", "bn/avg_mean", "bn/avg_var", "bn/beta", "bn/gamma"])
        net.bn.avgMean = NDArray([Float(4), 5], shape: [2])
        let copy = Net()
        copy.copyparams(from: net)
        #expect(copy.bn.avgMean == net.bn.avgMean)
    }
}
