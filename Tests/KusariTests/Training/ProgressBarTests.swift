// ProgressBar: Chainer's layout, the update interval, the time throttle (with an injected
// clock) and the terminal escapes.
import Testing
@testable import Kusari

@Suite struct ProgressBarTests {
    /// The draws of a bar on a run of `updates` where each update takes `secondsPerUpdate`.
    func draws(updateInterval: Int, secondsPerUpdate: Double, updates: Int, terminal: Bool = false)
        throws -> (iterations: [Int], texts: [String]) {
        let updater = FakeUpdater()
        var now = 0.0
        updater.step = { _ in now += secondsPerUpdate }
        var texts: [String] = [], iterations: [Int] = []
        let bar = ProgressBar(updateInterval: updateInterval, barLength: 10,
                              write: { texts.append($0); iterations.append(updater.iteration) },
                              isTerminal: terminal, clock: { now })
        let trainer = makeTrainer(updater, stop: .iterations(updates))
        trainer.extend(bar)
        try trainer.run()
        return (iterations, texts)
    }

    @Test func drawsEveryUpdateIntervalWhenSlow() throws {
        #expect(try draws(updateInterval: 2, secondsPerUpdate: 0.0625, updates: 8).iterations == [2, 4, 6, 8])
    }

    @Test func drawsAtMostTenTimesASecond() throws {
        // 1/16 s an update: draws 2/16 s apart. 1/32 s: 4/32 s apart (3/32 < 0.1).
        #expect(try draws(updateInterval: 1, secondsPerUpdate: 0.0625, updates: 8).iterations == [1, 3, 5, 7])
        #expect(try draws(updateInterval: 1, secondsPerUpdate: 0.03125, updates: 10).iterations == [1, 5, 9])
    }

    @Test func linesFollowChainersLayout() throws {
        // Second draw at iteration 3 (t = 3/16 s), first at 1 (t = 1/16): 2 iterations in 1/8 s
        // = 16 iters/sec; 5 left of 8 → 0.3125 s; total 3/8 → 3 of 10 marks; epoch 3/4 → 7.
        let texts = try draws(updateInterval: 1, secondsPerUpdate: 0.0625, updates: 8).texts
        #expect(texts[1] == """
                 total [###.......] 37.50%
            this epoch [#######...] 75.00%
                     3 iter, 0 epoch / 8 iterations
                    16 iters/sec. Estimated time to finish: 0:00:00.312500.

            """)
        #expect(texts[0].hasSuffix("       inf iters/sec. Estimated time to finish: 0:00:00.\n"))
    }

    @Test func terminalDrawsInPlaceAndClearsAtTheEnd() throws {
        let texts = try draws(updateInterval: 4, secondsPerUpdate: 1, updates: 4, terminal: true).texts
        #expect(texts.count == 2)
        #expect(texts[0].hasPrefix("\u{1b}[J     total [##########] 100.00%\n"))
        #expect(texts[0].hasSuffix("\u{1b}[4A"))
        #expect(texts[1] == "\u{1b}[J")
    }

    @Test func epochLengthIsNamedInEpochs() throws {
        let updater = FakeUpdater()
        var texts: [String] = []
        let trainer = makeTrainer(updater, stop: .epochs(2))
        trainer.extend(ProgressBar(updateInterval: 2, barLength: 4, write: { texts.append($0) }, clock: { 0 }))
        try trainer.run()
        #expect(texts == ["""
                 total [#...] 25.00%
            this epoch [##..] 50.00%
                     2 iter, 0 epoch / 2 epochs
                   inf iters/sec. Estimated time to finish: 0:00:00.

            """])
    }

    @Test func durationsReadAsPythonTimedeltas() {
        #expect(ProgressBar.duration(0) == "0:00:00")
        #expect(ProgressBar.duration(3723.25) == "1:02:03.250000")
        #expect(ProgressBar.duration(90061.5) == "1 day, 1:01:01.500000")
        #expect(ProgressBar.duration(2 * 86400 + 59) == "2 days, 0:00:59")
        #expect(ProgressBar.duration(.infinity) == "unknown")
    }
}
