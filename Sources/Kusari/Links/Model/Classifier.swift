// Chainer's `L.Classifier`: a predictor with a loss and an accuracy, reported as it trains.

/// Wraps a predictor: `callAsFunction(x, t)` returns `lossFun(predictor(x), t)` and reports
/// `loss` and `accuracy` (weighted by the batch size) to the current reporter.
///
/// Defaults as Chainer: `lossFun` softmax cross entropy, `accFun` accuracy, accuracy
/// computed. Serialized keys start with `predictor/`.
public final class Classifier<Predictor: UnaryLink>: Chain, LossLink {
    public let predictor: Predictor
    public var lossFun: (Variable, Variable) -> Variable
    public var accFun: (Variable, Variable) -> Variable
    public var computeAccuracy: Bool

    public init(_ predictor: Predictor,
                lossFun: @escaping (Variable, Variable) -> Variable = { F.softmaxCrossEntropy($0, $1) },
                accFun: @escaping (Variable, Variable) -> Variable = { F.accuracy($0, $1) },
                computeAccuracy: Bool = true) {
        self.predictor = predictor
        self.lossFun = lossFun
        self.accFun = accFun
        self.computeAccuracy = computeAccuracy
        super.init()
    }

    /// The loss on inputs `x` and labels `t`.
    public func callAsFunction(_ x: Variable, _ t: Variable) -> Variable {
        let y = predictor(x)
        let loss = lossFun(y, t)
        if Reporter.current != nil {
            var values = ["loss": loss.array.item]
            if computeAccuracy { values["accuracy"] = accFun(y, t).array.item }
            report(values, observer: self, weight: Double(x.shape.first ?? 1))
        }
        return loss
    }

    /// `batch` = [x, t].
    public func loss(_ batch: [Variable]) -> Variable {
        precondition(batch.count == 2, "Classifier: a batch must hold (x, t), got \(batch.count) arrays")
        return self(batch[0], batch[1])
    }
}
