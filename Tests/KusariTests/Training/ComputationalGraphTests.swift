// dumpGraph: the DOT text of a tiny graph, and DumpGraph writing it at iteration 1.
import Foundation
import Testing
@testable import Kusari

@Suite struct ComputationalGraphTests {
    @Test func dumpsVariablesFunctionsAndDataFlowEdges() {
        let x = Variable(NDArray([1.0, 2]), name: "x")
        let y = F.sum(x * x)
        #expect(dumpGraph(y) == """
            digraph graphname{rankdir=TB;
            v0 [label="(), float64",shape="octagon",fillcolor="#E0E0E0",style="filled"];
            f0 [label="Sum",shape="record",fillcolor="#6495ED",style="filled"];
            v1 [label="(2,), float64",shape="octagon",fillcolor="#E0E0E0",style="filled"];
            f1 [label="Multiply",shape="record",fillcolor="#6495ED",style="filled"];
            v2 [label="x: (2,), float64",shape="octagon",fillcolor="#E0E0E0",style="filled"];
            f0 -> v0;
            v1 -> f0;
            f1 -> v1;
            v2 -> f1;
            }

            """)
    }

    @Test func aLeafIsAGraphOfOneNode() {
        #expect(dumpGraph(Variable(NDArray([1.0, 2], shape: [1, 2]))) == """
            digraph graphname{rankdir=TB;
            v0 [label="(1, 2), float64",shape="octagon",fillcolor="#E0E0E0",style="filled"];

            }

            """)
    }

    @Test func dumpGraphWritesTheFirstLossAndStopsKeepingIt() throws {
        let updater = FakeUpdater()
        updater.step = { $0.sgdStep() }
        let trainer = makeTrainer(updater, stop: .iterations(2))
        trainer.extend(DumpGraph())
        try trainer.run()
        let text = try String(contentsOf: trainer.out.appendingPathComponent("cg.dot"), encoding: .utf8)
        #expect(text.hasPrefix("digraph graphname{rankdir=TB;\n"))
        #expect(text.contains("label=\"Sum\"") && text.contains("label=\"Multiply\""))
        #expect(!updater.retainsLoss)
    }
}
