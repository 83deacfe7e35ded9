// ParameterStatistics: Chainer's keys and the values of each default statistic, worked by hand.
import Testing
@testable import Kusari

final class WithPredictor: Chain {
    let predictor: Weights
    init(_ values: [Double]) {
        predictor = Weights(values)
        super.init()
    }
}

@Suite struct ParameterStatisticsTests {
    /// The observation at each iteration of a run with `statistics` extended.
    func observations(_ statistics: (FakeUpdater) -> ParameterStatistics, model: Weights = Weights([0, -1, 2, 3]),
                      target: Link? = nil, updates: Int = 1, sgd: Bool = false) throws -> [[String: Double]] {
        let updater = FakeUpdater(model: model, target: target)
        if sgd { updater.step = { $0.sgdStep() } }
        let trainer = makeTrainer(updater, stop: .iterations(updates))
        var seen: [[String: Double]] = []
        trainer.extend(statistics(updater))
        trainer.extend(LambdaExtension(name: "probe") { seen.append($0.observation.mapValues(\.value)) })
        try trainer.run()
        return seen
    }

    @Test func reportsEachDefaultStatisticOfTheData() throws {
        // w = [0, −1, 2, 3]: mean 1; deviations 1, 4, 1, 4 → std √2.5; sorted [−1, 0, 2, 3];
        // the 50th percentile sits at rank 1.5 → 1, the 0.13th at rank 0.0039 → −0.9961.
        let seen = try observations { ParameterStatistics([$0.model], trigger: .iterations(1)) }[0]
        #expect(seen["main/w/data/mean"] == 1)
        #expect(seen["main/w/data/std"] == 2.5.squareRoot())
        #expect(seen["main/w/data/min"] == -1)
        #expect(seen["main/w/data/max"] == 3)
        #expect(seen["main/w/data/zeros"] == 1)
        #expect(seen["main/w/data/percentile/3"] == 1)
        #expect(abs(seen["main/w/data/percentile/0"]! - -0.9961) < 1e-12)
        #expect(abs(seen["main/w/data/percentile/6"]! - (2 + 0.9961)) < 1e-12)
        // No gradient was computed, so none is reported.
        #expect(seen.keys.filter { $0.contains("/grad/") }.isEmpty)
        #expect(seen.count == 5 + 7)
    }

    @Test func namesAChildLinkAsChainerDoesAndReportsGradients() throws {
        // SGD (lr 0.1) on Σw² with w = [1, 2]: gradient 2w → mean 3; then w = 0.8·w → mean 1.2.
        let outer = WithPredictor([1, 2])
        let seen = try observations({ _ in
            ParameterStatistics([outer.predictor], statistics: [.mean], prefix: "main", trigger: .iterations(1))
        }, model: outer.predictor, target: outer, sgd: true)[0]
        #expect(seen.keys.sorted() == ["main/predictor/w/data/mean", "main/predictor/w/grad/mean"])
        #expect(abs(seen["main/predictor/w/data/mean"]! - 1.2) < 1e-12)
        #expect(seen["main/predictor/w/grad/mean"] == 3)
    }

    @Test func namesALinkOutsideTheOptimizersAfterItsType() throws {
        let seen = try observations { _ in ParameterStatistics([Weights([5])], statistics: [.max], trigger: .iterations(1)) }[0]
        #expect(seen == ["Weights/w/data/max": 5])
    }

    @Test func averagesOverTheReportPeriod() throws {
        // SGD with lr 0.1 on Σw²: w ← 0.8·w. Data means over iterations 1 and 2: 1.5·0.8 and
        // 1.5·0.64 → mean 1.08; gradients 2w before each step: 3 and 2.4 → mean 2.7.
        let seen = try observations({ ParameterStatistics([$0.model], statistics: [.mean], trigger: .iterations(2)) },
                                    model: Weights([1, 2]), updates: 2, sgd: true)
        #expect(seen[0]["main/w/data/mean"] == nil)
        #expect(abs(seen[1]["main/w/data/mean"]! - 1.08) < 1e-12)
        #expect(abs(seen[1]["main/w/grad/mean"]! - 2.7) < 1e-12)
    }

    @Test func stateRoundTrips() throws {
        let updater = FakeUpdater()
        let statistics = ParameterStatistics([updater.model], statistics: [.mean])
        let trainer = makeTrainer(updater, stop: .iterations(1))
        trainer.extend(statistics)
        try trainer.run()
        let (saved, reloaded) = try roundTrip(statistics.serialize, into: ParameterStatistics([updater.model]).serialize)
        #expect(describe(saved) == describe(reloaded))
        #expect(describe(saved)["_summary/sums"] == "main/w/data/mean\t1.5\t2.25\t1.0")
    }
}
