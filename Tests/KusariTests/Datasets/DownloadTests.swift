// Downloads from a local `python3 -m http.server`: success, and every failure leaving the
// cache empty.
import Foundation
import Testing
@testable import Kusari

/// Serves `files` from a fresh folder and runs `body(baseURL, root)` with an empty dataset root.
private func withServedFiles<R>(_ files: [String: Data], _ body: (URL, URL) throws -> R) throws -> R {
    try DatasetFixtures.withTemporaryDirectory { directory in
        let served = directory.appendingPathComponent("served")
        try DatasetFixtures.write(files, to: served)
        return try LocalHTTPServer.serving(served) { base in try body(base, directory.appendingPathComponent("root")) }
    }
}

/// A damaged file served in place of a good one, and the error its download must give.
struct ServedDamage: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let file: String
    let replacement: @Sendable (Data) -> Data?
    let expected: @Sendable (String) -> DatasetError
    /// zlib words damaged data its own way: then only the kind and the URL are checked.
    var anyReason = false

    static let all: [ServedDamage] = [
        ServedDamage(testDescription: "404", file: "train-images-idx3-ubyte.gz", replacement: { _ in nil }) {
            .httpStatus(url: $0, status: 404)
        },
        ServedDamage(testDescription: "truncated", file: "train-images-idx3-ubyte.gz", replacement: { $0.prefix(40) }) {
            .corruptGzip(source: $0, reason: "the stream ends early (truncated after 40 bytes)")
        },
        ServedDamage(testDescription: "corrupt gzip", file: "train-images-idx3-ubyte.gz", replacement: { data in
            var damaged = data
            for i in 20..<40 { damaged[i] ^= 0x5A }
            return damaged
        }, expected: { .corruptGzip(source: $0, reason: "") }, anyReason: true),
        // The images download is valid; it must not be left behind when the labels fail.
        ServedDamage(testDescription: "wrong magic", file: "train-labels-idx1-ubyte.gz", replacement: { _ in
            DatasetFixtures.gzip(DatasetFixtures.imagesFile(count: 3))
        }) { .badMagic(source: $0, expected: 0x0000_0801, found: 0x0000_0803) },
    ]
}

@Suite(.enabled(if: LocalHTTPServer.isAvailable, "python3 is not on PATH; the download tests need its http.server"))
struct DownloadTests {
    @Test func downloadsValidateAndLandInTheCache() throws {
        try withServedFiles(DatasetFixtures.mnistFiles()) { base, root in
            let (train, test) = try getMNIST(root: root, baseURL: base, showProgress: false)
            #expect(train.count == 3 && test.count == 2)
            #expect(train.arrays[1].toArray(as: Int32.self) == [1, 4, 7])
            #expect(train[1][0].toArray(as: Float.self)[2] == Float(45) * Float(1.0 / 255.0))
            let cache = root.appendingPathComponent("mnist")
            #expect(DatasetFixtures.contents(of: cache) == ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                                                            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"])
            let cached = try Data(contentsOf: cache.appendingPathComponent("train-images-idx3-ubyte.gz"))
            #expect(cached == DatasetFixtures.mnistFiles()["train-images-idx3-ubyte.gz"])
        }
    }

    @Test func cachedFilesAreUsedWithoutTheServer() throws {
        try DatasetFixtures.withTemporaryDirectory { directory in
            let served = directory.appendingPathComponent("served")
            let root = directory.appendingPathComponent("root")
            try DatasetFixtures.write(DatasetFixtures.mnistFiles(train: 5, test: 1), to: served)
            _ = try LocalHTTPServer.serving(served) { base in try getMNIST(root: root, baseURL: base, showProgress: false) }
            let dead = URL(string: "http://127.0.0.1:\(try LocalHTTPServer.freePort())/")!
            #expect(try getMNIST(root: root, baseURL: dead, showProgress: false).train.count == 5)
        }
    }

    @Test(arguments: ServedDamage.all)
    func damagedDownloadIsRejectedAndNothingStays(_ damage: ServedDamage) throws {
        var files = DatasetFixtures.mnistFiles()
        files[damage.file] = damage.replacement(files[damage.file]!)
        try withServedFiles(files) { base, root in
            let url = base.appendingPathComponent(damage.file).absoluteString
            let error = #expect(throws: DatasetError.self) { try getMNIST(root: root, baseURL: base, showProgress: false) }
            guard case let .unavailable(dataset, file, attempts, _)? = error, attempts.count == 1 else {
                Issue.record("expected .unavailable with one attempt, got \(String(describing: error))")
                return
            }
            #expect(dataset == "MNIST" && file == damage.file)
            if damage.anyReason, case let .corruptGzip(source, reason) = attempts[0] {
                #expect(source == url && !reason.isEmpty)
            } else {
                #expect(attempts[0] == damage.expected(url))
            }
            #expect(error?.description.contains(url) == true)
            #expect(DatasetFixtures.contents(of: root.appendingPathComponent("mnist")) == [])
        }
    }

    @Test func countMismatchBetweenDownloadsKeepsNeither() throws {
        var files = DatasetFixtures.mnistFiles()
        files["train-labels-idx1-ubyte.gz"] = DatasetFixtures.gzip(DatasetFixtures.labelsFile(count: 2))
        try withServedFiles(files) { base, root in
            #expect(throws: DatasetError.countMismatch(
                images: base.appendingPathComponent("train-images-idx3-ubyte.gz").absoluteString, imageCount: 3,
                labels: base.appendingPathComponent("train-labels-idx1-ubyte.gz").absoluteString, labelCount: 2)) {
                try getMNIST(root: root, baseURL: base, showProgress: false)
            }
            #expect(DatasetFixtures.contents(of: root.appendingPathComponent("mnist")) == [])
        }
    }

    @Test func aSplitIsKeptOnceBothOfItsFilesAreValid() throws {
        var files = DatasetFixtures.mnistFiles()
        files["t10k-labels-idx1-ubyte.gz"] = nil
        try withServedFiles(files) { base, root in
            #expect(throws: DatasetError.self) { try getMNIST(root: root, baseURL: base, showProgress: false) }
            #expect(DatasetFixtures.contents(of: root.appendingPathComponent("mnist"))
                    == ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"])
        }
    }
}
