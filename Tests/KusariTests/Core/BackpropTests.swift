import Testing
import Kusari
import KusariTesting

@Suite struct BackpropTests {
    @Test func gradientOfPolynomial() {
        // y = x² + 3x at x = 2: dy/dx = 2x + 3 = 7.
        let x = Variable(NDArray([2.0], shape: []))
        let y = x * x + 3 * x
        y.backward()
        #expect(y.array.item == 10)
        #expect(x.grad?.item == 7)
    }

    @Test func gradientsAccumulateOverBranchesAndCalls() {
        // y = a·b + a: dy/da = b + 1, dy/db = a.
        let a = Variable(NDArray([3.0], shape: [])), b = Variable(NDArray([5.0], shape: []))
        (a * b + a).backward()
        #expect(a.grad?.item == 6)
        #expect(b.grad?.item == 3)
        (a * b + a).backward()
        #expect(a.grad?.item == 12, "leaf gradients accumulate across backward calls, as in Chainer")
        a.cleargrad()
        #expect(a.grad == nil)
    }

    @Test func broadcastGradientSumsOverStretchedAxes() {
        let x = Variable(NDArray([1.0, 2, 3, 4, 5, 6], shape: [2, 3]))
        let b = Variable(NDArray([1.0, 1, 1], shape: [3]))
        F.sum((x + b) * x).backward()
        // d/db Σ (x + b)·x = Σ over rows of x.
        #expect(b.grad?.toArray(as: Double.self) == [5, 7, 9])
        #expect(x.grad?.toArray(as: Double.self) == [3, 5, 7, 9, 11, 13])
    }

    @Test func retainGradKeepsIntermediateGradients() {
        let x = Variable(NDArray([2.0], shape: []))
        let h = x * x
        let y = h * 3
        y.backward()
        #expect(h.grad == nil)
        let h2 = x * x
        (h2 * 3).backward(retainGrad: true)
        #expect(h2.grad?.item == 3)
    }

    @Test func doubleBackprop() {
        // y = x³: dy/dx = 3x², d²y/dx² = 6x = 12 at x = 2.
        let x = Variable(NDArray([2.0], shape: []))
        let y = x * x * x
        y.backward(createGraph: true)
        let gx = x.gradVariable!
        #expect(gx.array.item == 12)
        x.cleargrad()
        gx.backward()
        #expect(x.grad?.item == 12)
    }

    @Test func noBackpropBuildsNoGraph() {
        let x = Variable(NDArray([2.0], shape: []))
        let y = noBackprop { x * x }
        #expect(y.creator == nil)
        #expect(Config.enableBackprop)
        let z = using(train: false) { noBackprop { (Config.train, Config.enableBackprop) } }
        #expect(z == (false, false))
        #expect(Config.train)
    }

    @Test func unchainBackwardCutsTheGraph() {
        let x = Variable(NDArray([2.0], shape: []))
        let y = (x * x) * x
        y.unchainBackward()
        #expect(y.creator == nil)
        y.backward()
        #expect(x.grad == nil)
    }

    @Test func matmulGradientsMatchNumerical() throws {
        var random = SplitMix64(seed: 1)
        for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = random.uniform(transA ? [4, 3] : [3, 4]), b = random.uniform(transB ? [5, 4] : [4, 5])
            try checkBackward({ [F.matmul($0[0], $0[1], transA: transA, transB: transB)] }, [a, b])
        }
    }

    @Test func arithmeticGradientsMatchNumerical() throws {
        var random = SplitMix64(seed: 2)
        let a = random.uniform([2, 3]), b = random.uniform([3], 0.5, 2)
        try checkBackward({ [$0[0] * $0[1] - $0[0] / $0[1] + F.pow($0[1], $0[0] * 0 + 2)] }, [a, b])
        try checkBackward({ [F.exp($0[0]) + F.log($0[1])] }, [a, b])
        try checkBackward({ [F.mean($0[0], axes: [1], keepdims: true) * $0[0]] }, [a])
        try checkDoubleBackward({ [$0[0] * $0[0] * $0[1]] }, [a, b], gradOutputs: [random.uniform([2, 3])])
    }
}

@Suite struct GraphMemoryTests {
    @Test func theGraphIsFreedWhenNothingReachesIt() {
        weak var node: FunctionNode?
        weak var intermediate: Variable?
        do {
            let x = Variable(NDArray([2.0], shape: []))
            let h = x * x
            let y = h * 3
            node = y.creator
            intermediate = h
            y.backward()
            #expect(node != nil && intermediate != nil)
        }
        #expect(node == nil, "the nodes go with the last variable that reaches them")
        #expect(intermediate == nil)
    }

    @Test func unchainBackwardReleasesTheNodesBehind() {
        let x = Variable(NDArray([2.0], shape: []))
        weak var first: FunctionNode?
        let y: Variable
        do {
            let h = x * x
            first = h.creator
            y = h + 1
        }
        #expect(first != nil)
        y.unchainBackward()
        #expect(first == nil)
    }
}
