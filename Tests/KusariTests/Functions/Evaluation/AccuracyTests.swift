import Foundation
import Testing
@testable import Kusari
import KusariTesting

@Suite struct AccuracyTests {
    // Predictions 1, 0, 2, 1 (Chainer's documented example).
    let y = Variable(NDArray([Float(0.1), 0.7, 0.2, 8, 1, 2, -8, 1, 2, -8, -1, -2], shape: [4, 3]))

    @Test func countsArgmaxMatches() {
        let all = F.accuracy(y, Variable(NDArray([Int32(1), 0, 2, 1])))
        #expect(all.array.item == 1)
        #expect(all.dtype == .float32 && all.shape == [] && !all.requiresGrad)
        #expect(F.accuracy(y, Variable(NDArray([Int32(1), 0, 0, 0]))).array.item == 0.5)
        // Ignoring label 0 leaves only sample 0, which is right.
        #expect(F.accuracy(y, Variable(NDArray([Int32(1), 0, 0, 0])), ignoreLabel: 0).array.item == 1)
        #expect(F.accuracy(y, Variable(NDArray([Int32(-1), -1, -1, -1])), ignoreLabel: -1).array.item == 0)
        #expect(F.accuracy(y, Variable(NDArray([Int32(2), -1, 2, -1])), ignoreLabel: -1).array.item == 0.5)
        #expect(F.accuracy(Variable(NDArray(zeros: [0, 3])), Variable(NDArray([Int32]()))).array.item.isNaN)
    }

    @Test func tiesAndSpatialAxes() {
        // Ties go to the first maximum; y (2, 2, 3) against t (2, 3).
        let ties = F.accuracy(Variable(NDArray([1.0, 1], shape: [1, 2])), Variable(NDArray([Int32(0)])))
        #expect(ties.array.item == 1)
        let spatial = Variable(NDArray([1.0, 0, 5, 0, 1, 4, 0, 0, 0, 1, 1, 1], shape: [2, 2, 3]))
        // argmax per (i, j): (0,0)=0 (0,1)=1 (0,2)=0 (1,0)=1 (1,1)=1 (1,2)=1.
        let t = Variable(NDArray([Int32(0), 1, 1, 1, 0, 1], shape: [2, 3]))
        #expect(abs(F.accuracy(spatial, t).array.item - 4.0 / 6) < 1e-12)
        #expect(throws: ShapeError("accuracy: y.shape == (t.shape[0], K) + t.shape[1:] (+ size-1 axes), actual (2, 3) and (3,)")) {
            try F.accuracyChecked(NDArray(zeros: [2, 3]), NDArray([Int32(0), 1, 2]), ignoreLabel: nil)
        }
    }
}
