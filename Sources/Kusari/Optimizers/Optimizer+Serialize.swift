// Saving and loading an optimizer's counters and per-parameter state (Chainer's keys).

extension Optimizer: Serializable {
    /// Saves or loads `t`, `epoch`, and each parameter's rule under the parameter's name
    /// without the leading `/` (`conv1/W/t`, `conv1/W/m`, ...), as Chainer's
    /// `Optimizer.serialize` does. A rule whose state does not exist yet (no update so far)
    /// creates it before loading, so a fresh optimizer resumes from a snapshot.
    public func serialize(_ serializer: any Serializer) throws {
        try serializer("t", &t)
        try serializer("epoch", &epoch)
        for (name, parameter) in requireTarget().namedParams() {
            guard let rule = parameter.updateRule else { continue }
            try rule.serialize(serializer[String(name.dropFirst())], parameter: parameter)
        }
    }
}

extension UpdateRule {
    /// Saves or loads `t` and every state array.
    func serialize(_ serializer: any Serializer, parameter: Parameter) throws {
        try serializer("t", &t)
        if state.isEmpty, parameter.isInitialized, serializer.isLoading { initState(parameter) }
        for key in state.keys.sorted() {
            var value = state[key]!
            try serializer(key, &value)
            state[key] = value
        }
    }
}
