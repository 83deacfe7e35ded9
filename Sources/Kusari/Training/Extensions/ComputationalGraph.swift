// Chainer's `computational_graph.build_computational_graph(...).dump()`: a graph as DOT.

/// The computational graph that `root` depends on, in Graphviz's DOT language.
///
/// Variables are grey octagons labelled `name: (2, 3), float32` (the name when set), function
/// nodes blue records labelled with their `label`; edges follow the data, input → function →
/// output, as Chainer draws them. Nodes are numbered in the order a walk back from `root`
/// meets them, so the same graph always gives the same text. Render with
/// `dot -Tpng cg.dot -o cg.png`. Chainer: `build_computational_graph([root]).dump()` with
/// `dump_graph`'s styles.
public func dumpGraph(_ root: Variable) -> String {
    var variableIDs: [ObjectIdentifier: Int] = [:], functionIDs: [ObjectIdentifier: Int] = [:]
    var nodes: [String] = [], edges: [String] = []
    func id(of variable: Variable) -> (id: String, isNew: Bool) {
        if let known = variableIDs[ObjectIdentifier(variable)] { return ("v\(known)", false) }
        let number = variableIDs.count
        variableIDs[ObjectIdentifier(variable)] = number
        let shape = "(" + variable.shape.map(String.init).joined(separator: ", ") + (variable.ndim == 1 ? ",)" : ")")
        let label = (variable.name.map { $0 + ": " } ?? "") + shape + ", \(variable.dtype)"
        nodes.append("v\(number) [label=\(dotQuote(label)),shape=\"octagon\",fillcolor=\"#E0E0E0\",style=\"filled\"];")
        return ("v\(number)", true)
    }
    var stack = [root]
    _ = id(of: root)
    while let variable = stack.popLast() {
        guard let creator = variable.creator else { continue }
        let output = id(of: variable).id
        let key = ObjectIdentifier(creator)
        if let known = functionIDs[key] {
            edges.append("f\(known) -> \(output);")
            continue
        }
        let number = functionIDs.count
        functionIDs[key] = number
        nodes.append("f\(number) [label=\(dotQuote(creator.label)),shape=\"record\",fillcolor=\"#6495ED\",style=\"filled\"];")
        edges.append("f\(number) -> \(output);")
        for input in creator.inputs {
            let (inputID, isNew) = id(of: input)
            // A variable used twice by one node (x * x) gets one edge, as in Chainer.
            if isNew || !edges.contains("\(inputID) -> f\(number);") { edges.append("\(inputID) -> f\(number);") }
            if isNew { stack.append(input) }
        }
    }
    return "digraph graphname{rankdir=TB;\n" + nodes.joined(separator: "\n") + "\n" + edges.joined(separator: "\n") + "\n}\n"
}

/// `text` as a DOT string literal.
private func dotQuote(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}
