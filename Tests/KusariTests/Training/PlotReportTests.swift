// PlotReport: the points it collects, a well-formed SVG written atomically, and its state.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Kusari

@Suite struct PlotReportTests {
    /// Runs 3 epochs of 2 updates with losses 4, 2 | 3, 1 | 1, 1 and a plot of main/loss.
    func run(_ plot: PlotReport) throws -> Trainer {
        let trainer = makeTrainer(FakeUpdater(iterationsPerEpoch: 2, losses: [4, 2, 3, 1, 1, 1]), stop: .epochs(3))
        trainer.extend(plot)
        try trainer.run()
        return trainer
    }

    @Test func collectsPeriodMeansAtTheXKey() throws {
        let plot = PlotReport(["main/loss", "validation/main/loss"], xKey: "epoch")
        _ = try run(plot)
        #expect(plot.data["main/loss"]!.map { [$0.x, $0.y] } == [[1, 3], [2, 2], [3, 1]])
        #expect(plot.data["validation/main/loss"] == nil)
        let byIteration = PlotReport(["main/loss"])
        _ = try run(byIteration)
        #expect(byIteration.data["main/loss"]!.map(\.x) == [2, 4, 6])
    }

    @Test func writesAWellFormedSVGChart() throws {
        let trainer = try run(PlotReport(["main/loss"], xKey: "epoch", filename: "loss.svg"))
        let files = try FileManager.default.contentsOfDirectory(atPath: trainer.out.path)
        #expect(files.sorted() == ["loss.svg", "run.json"], "no temporary file is left behind")
        let data = try Data(contentsOf: trainer.out.appendingPathComponent("loss.svg"))
        let collector = SVGCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        #expect(parser.parse())
        #expect(collector.elements.first == "svg")
        let polylines = collector.attributes.filter { $0.0 == "polyline" }
        #expect(polylines.count == 1)
        #expect(polylines.first?.1["points"]?.split(separator: " ").count == 3)
        #expect(collector.texts.contains("main/loss"))
        #expect(collector.texts.contains("epoch"))
        // y ticks 1, 1.5, ..., 3 (step 0.5 for a range of 2) and x ticks 1, 1.5, ..., 3.
        #expect(collector.texts.contains("1.5") && collector.texts.contains("3"))
    }

    @Test func niceTicksCoverTheRange() {
        // Range 0.84 / 5 = 0.168 → step 0.2, from ⌊0.13 / 0.2⌋ = 0 to ⌈0.97 / 0.2⌉ = 5 steps.
        #expect(SVGLineChart.ticks(0.13, 0.97) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(SVGLineChart.ticks(0, 100) == [0, 20, 40, 60, 80, 100])
        // A single value 5 is padded to [2.5, 7.5]: step 1, from 2 to 8.
        #expect(SVGLineChart.ticks(5, 5) == [2, 3, 4, 5, 6, 7, 8])
        #expect(SVGLineChart.label(0.30000000000000004) == "0.3")
    }

    @Test func stateRoundTripsAsChainersJSON() throws {
        let plot = PlotReport(["main/loss"], xKey: "epoch")
        _ = try run(plot)
        let fresh = PlotReport(["main/loss"], xKey: "epoch")
        let (saved, reloaded) = try roundTrip(plot.serialize, into: fresh.serialize)
        #expect(describe(saved) == describe(reloaded))
        #expect(describe(saved)["_plot_plot.svg"] == "{\"main/loss\": [[1.0, 3.0], [2.0, 2.0], [3.0, 1.0]]}")
        #expect(fresh.data["main/loss"]!.map(\.y) == [3, 2, 1])
    }
}

/// Element names, attributes and text of an XML document.
final class SVGCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var attributes: [(String, [String: String])] = []
    var texts: [String] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        elements.append(name)
        self.attributes.append((name, attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { texts.append(trimmed) }
    }
}

@Suite struct PlotReportNonFiniteTests {
    @Test func nonFiniteMeansAreKeptInTheStateAndLeftOutOfTheChart() throws {
        let plot = PlotReport(["main/loss"], xKey: "epoch")
        let trainer = makeTrainer(FakeUpdater(iterationsPerEpoch: 1, losses: [2, .nan, .infinity, 1]), stop: .epochs(4))
        trainer.extend(plot)
        try trainer.run()
        let fresh = PlotReport(["main/loss"], xKey: "epoch")
        let (saved, _) = try roundTrip(plot.serialize, into: fresh.serialize)
        #expect(describe(saved)["_plot_plot.svg"] == "{\"main/loss\": [[1.0, 2.0], [2.0, NaN], [3.0, Infinity], [4.0, 1.0]]}")
        #expect(fresh.data["main/loss"]!.count == 4 && fresh.data["main/loss"]![1].y.isNaN && fresh.data["main/loss"]![2].y == .infinity)
        let svg = try String(contentsOf: trainer.out.appendingPathComponent("plot.svg"), encoding: .utf8)
        #expect(svg.components(separatedBy: "<polyline points=\"")[1].prefix(while: { $0 != "\"" }).split(separator: " ").count == 2)
    }
}

@Suite struct PlotReportParsingTests {
    @Test func readsNonFiniteTokensOutsideStringsOnly() throws {
        let points = try PlotReport.parsePoints(#"{"a\"NaN": [[1, -Infinity]], "b": []}"#, key: "k")
        #expect(points.keys.sorted() == ["a\"NaN", "b"])
        #expect(points["a\"NaN"]!.map { [$0.x, $0.y] } == [[1, -.infinity]])
        #expect(throws: TrainingError.badState("k must be a JSON object of [x, y] lists, found {\"a\": [[1]]}")) {
            try PlotReport.parsePoints(#"{"a": [[1]]}"#, key: "k")
        }
    }
}
