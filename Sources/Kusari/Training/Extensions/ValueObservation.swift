// Chainer's `extensions.observe_value` and `observe_lr`: put a computed value into the observation.

/// An extension that reports `body(trainer)` under `key` (unweighted), so LogReport and
/// PrintReport show it. Priority: writer, so readers of the same iteration see it.
/// Chainer: `observe_value(observation_key, target_func)`, trigger (1, 'epoch').
public func observeValue(_ key: String, trigger: Interval = .epochs(1),
                         _ body: @escaping (Trainer) -> Double) -> Extension {
    LambdaExtension(name: "observe_" + key, trigger: trigger, priority: ExtensionPriority.writer) { trainer in
        trainer.reporter.report([key: Observed(body(trainer))])
    }
}

/// An extension that reports the learning rate of the optimizer `optimizerName` (see
/// `Optimizer.learningRate`; Adam's is its bias-corrected step) under `observationKey`.
/// Chainer: `observe_lr(optimizer_name='main', observation_key='lr')`, trigger (1, 'epoch').
public func observeLR(optimizerName: String = "main", observationKey: String = "lr",
                      trigger: Interval = .epochs(1)) -> Extension {
    observeValue(observationKey, trigger: trigger) { trainer in
        guard let optimizer = trainer.updater.optimizers[optimizerName] else {
            preconditionFailure("observeLR: the updater has no optimizer named \"\(optimizerName)\"")
        }
        guard let lr = optimizer.learningRate else {
            preconditionFailure("observeLR: \(type(of: optimizer)) has no learning rate (AdaDelta has none; Adam has none before its first update)")
        }
        return lr
    }
}
