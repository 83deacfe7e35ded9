// FailOnNonNumber: the finiteness scan and the message that stops training.
import Foundation
import Testing
@testable import Kusari

@Suite struct FailOnNonNumberTests {
    @Test func stopsAtTheFirstNonFiniteParameterAndSaysWhere() throws {
        let updater = FakeUpdater(losses: [1, 2, .infinity, 4, 5])
        updater.step = { u in if u.iteration == 3 { u.model.w.array = NDArray([1, .nan]) } }
        let trainer = makeTrainer(updater, stop: .iterations(5))
        trainer.extend(FailOnNonNumber())
        #expect(throws: TrainingError.nonFinite(
            "FailOnNonNumber: parameters of optimizer \"main\" diverged at iteration 3: /w holds NaN or infinity; "
                + "main/loss was non-finite too (inf)")) {
            try trainer.run()
        }
        #expect(updater.iteration == 3)
    }

    @Test func messageSaysWhenTheLossWasFiniteOrMissing() {
        #expect(FailOnNonNumber.message(iteration: 7, optimizer: "main", parameter: "/conv1/W", loss: 0.5)
            == "FailOnNonNumber: parameters of optimizer \"main\" diverged at iteration 7: /conv1/W holds NaN or infinity; main/loss was finite (0.5)")
        #expect(FailOnNonNumber.message(iteration: 7, optimizer: "main", parameter: "/b", loss: nil).hasSuffix("no main/loss was reported"))
    }

    @Test(arguments: [DType.float32, .float64])
    func scanFindsAnyNonFiniteValue(dtype: DType) {
        // 10,000 elements span three 4096-element blocks; each bad value is put in the last one.
        var values = (0..<10_000).map { Double($0) - 5000 }
        values[17] = dtype == .float32 ? Double(Float.greatestFiniteMagnitude) : .greatestFiniteMagnitude
        values[18] = -.leastNonzeroMagnitude
        #expect(FailOnNonNumber.isAllFinite(NDArray(values).astype(dtype)))
        for bad in [Double.nan, .infinity, -.infinity] {
            var broken = values
            broken[9_999] = bad
            #expect(!FailOnNonNumber.isAllFinite(NDArray(broken).astype(dtype)))
        }
        #expect(FailOnNonNumber.isAllFinite(NDArray(zeros: [0], dtype: dtype)))
    }
}
