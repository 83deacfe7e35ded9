// The optimizer's hyperparameters as plain numbers, for run records and comparisons.

extension Optimizer {
    /// Every numeric or boolean hyperparameter by name (`alpha`, `beta1`, `amsgrad` as 0/1).
    public var hyperparameterSummary: [String: Double] {
        guard let method = self as? HyperparameterSummarizing else { return [:] }
        return method.summarizedHyperparameters
    }
}

/// An optimizer whose hyperparameters can be listed.
protocol HyperparameterSummarizing {
    var summarizedHyperparameters: [String: Double] { get }
}

extension GradientMethod: HyperparameterSummarizing {
    var summarizedHyperparameters: [String: Double] {
        var result: [String: Double] = [:]
        for child in Mirror(reflecting: hyperparam.values).children {
            guard let name = child.label else { continue }
            switch child.value {
            case let number as Double: result[name] = number
            case let flag as Bool: result[name] = flag ? 1 : 0
            case let number as Int: result[name] = Double(number)
            default: break
            }
        }
        return result
    }
}
