// The backward pass: visits function nodes from the output back to the leaves.

enum Backprop {
    static func run(from output: Variable, retainGrad: Bool, createGraph: Bool) {
        guard let start = output.creator else { return }
        let seed: Variable
        if let grad = output.gradVariable {
            seed = grad
        } else {
            precondition(output.count == 1,
                         "backward: set grad on a non-scalar output first, output shape is \(NDArray.format(output.shape))")
            seed = Variable(NDArray.ones(output.shape, dtype: output.dtype), requiresGrad: false)
        }
        let walk = { walkGraph(from: start, seed: (output, seed), retainGrad: retainGrad) }
        if createGraph { forceBackprop(walk) } else { noBackprop(walk) }
    }

    /// Processes nodes in decreasing rank (ties in the order they were reached), so the
    /// gradients of a variable are summed in one fixed order on every run.
    private static func walkGraph(from start: FunctionNode, seed: (Variable, Variable), retainGrad: Bool) {
        var pending: [ObjectIdentifier: Variable] = [ObjectIdentifier(seed.0): seed.1]
        var queue = NodeQueue()
        queue.push(start)
        while let node = queue.pop() {
            let outputs = node.outputs
            let gradOutputs = outputs.map { output in output.flatMap { pending.removeValue(forKey: ObjectIdentifier($0)) } }
            if retainGrad {
                for (output, grad) in zip(outputs, gradOutputs) where output !== seed.0 { output?.gradVariable = grad }
            }
            guard gradOutputs.contains(where: { $0 != nil }) else { continue }
            let indexes = node.inputs.indices.filter { node.inputs[$0].requiresGrad }
            guard !indexes.isEmpty else { continue }
            let gradInputs = node.backward(indexes, gradOutputs)
            precondition(gradInputs.count == indexes.count,
                         "\(node.label).backward returned \(gradInputs.count) gradients for \(indexes.count) inputs")
            for (index, gradInput) in zip(indexes, gradInputs) {
                guard let gradInput else { continue }
                let input = node.inputs[index]
                precondition(gradInput.shape == input.shape && gradInput.dtype == input.dtype,
                             "\(node.label).backward: gradient of input \(index) has shape \(NDArray.format(gradInput.shape)) "
                                + "\(gradInput.dtype), expected \(NDArray.format(input.shape)) \(input.dtype)")
                if let creator = input.creator {
                    let key = ObjectIdentifier(input)
                    pending[key] = pending[key].map { $0 + gradInput } ?? gradInput
                    queue.push(creator)
                } else {
                    input.gradVariable = input.gradVariable.map { $0 + gradInput } ?? gradInput
                }
            }
        }
    }
}

/// A max-priority queue of nodes by rank; each node enters once.
private struct NodeQueue {
    private var heap: [(rank: Int, order: Int, node: FunctionNode)] = []
    private var seen = Set<ObjectIdentifier>()
    private var counter = 0

    mutating func push(_ node: FunctionNode) {
        guard seen.insert(ObjectIdentifier(node)).inserted else { return }
        heap.append((node.rank, counter, node))
        counter += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> FunctionNode? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast().node
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var best = parent
            if left < heap.count && precedes(heap[left], heap[best]) { best = left }
            if right < heap.count && precedes(heap[right], heap[best]) { best = right }
            if best == parent { break }
            heap.swapAt(parent, best)
            parent = best
        }
        return top
    }

    private func precedes(_ a: (rank: Int, order: Int, node: FunctionNode), _ b: (rank: Int, order: Int, node: FunctionNode)) -> Bool {
        a.rank != b.rank ? a.rank > b.rank : a.order < b.order
    }
}
