// getMNIST / getFashionMNIST on generated cache folders: arguments, lookup order, bad files.
import Foundation
import Testing
@testable import Kusari

/// A base URL nothing listens on, so any download attempt fails at once.
private func deadURL() throws -> URL {
    URL(string: "http://127.0.0.1:\(try LocalHTTPServer.freePort())/")!
}

/// Runs `body` with a dataset root whose `mnist/` folder holds `files`.
private func withMNISTRoot<R>(_ files: [String: Data] = DatasetFixtures.mnistFiles(), _ body: (URL) throws -> R) throws -> R {
    try DatasetFixtures.withTemporaryDirectory { root in
        try DatasetFixtures.write(files, to: root.appendingPathComponent("mnist"))
        return try body(root)
    }
}

@Suite struct MNISTTests {
    @Test func defaultsMatchChainer() throws {
        try withMNISTRoot { root in
            let (train, test) = try getMNIST(root: root, baseURL: try deadURL(), showProgress: false)
            #expect(train.count == 3 && test.count == 2)
            let example = train[1]
            #expect(example.count == 2)
            #expect(example[0].dtype == .float32 && example[0].shape == [784])
            #expect(example[1].dtype == .int32 && example[1].shape == [])
            // Pixel 2 of image 1 is 31 + 14 = 45; Chainer's `images *= scale / 255.` in float32.
            let pixel = example[0].toArray(as: Float.self)[2]
            #expect(pixel == Float(45) * Float(1.0 / 255.0))
            #expect(abs(Double(pixel) - 45.0 / 255.0) < 1e-7)
            #expect(train.arrays[1].toArray(as: Int32.self) == [1, 4, 7])
            #expect(test.arrays[1].toArray(as: Int32.self) == [1, 4])
            // Test image 1 pixel 783: (31 + 7·783) mod 256 = 5512 − 21·256 = 136.
            #expect(test[1][0].toArray(as: Float.self)[783] == Float(136) * Float(1.0 / 255.0))
        }
    }

    @Test func ndimShapesTheImages() throws {
        try withMNISTRoot { root in
            let base = try deadURL()
            let flat = try getMNIST(ndim: 1, root: root, baseURL: base, showProgress: false).train.arrays[0]
            let square = try getMNIST(ndim: 2, root: root, baseURL: base, showProgress: false).train.arrays[0]
            let channel = try getMNIST(ndim: 3, root: root, baseURL: base, showProgress: false).train.arrays[0]
            let rgb = try getMNIST(ndim: 3, rgbFormat: true, root: root, baseURL: base, showProgress: false).train.arrays[0]
            #expect(flat.shape == [3, 784] && square.shape == [3, 28, 28] && channel.shape == [3, 1, 28, 28])
            #expect(rgb.shape == [3, 3, 28, 28])
            // Row r, column c of image n is pixel 28·r + c.
            #expect(square[2, 1, 3] == Double(Float(Int(DatasetFixtures.pixel(2, 31))) * Float(1.0 / 255.0)))
            #expect(square.toArray(as: Float.self) == flat.toArray(as: Float.self))
            #expect(channel.toArray(as: Float.self) == flat.toArray(as: Float.self))
            #expect(rgb[1, 0, 5, 6] == channel[1, 0, 5, 6] && rgb[1, 2, 5, 6] == channel[1, 0, 5, 6])
        }
    }

    @Test func scaleDTypeAndLabels() throws {
        try withMNISTRoot { root in
            let (train, _) = try getMNIST(scale: 2, dtype: .float64, labelDType: .int64, root: root,
                                          baseURL: try deadURL(), showProgress: false)
            #expect(train.arrays[0].dtype == .float64 && train.arrays[1].dtype == .int64)
            #expect(train[1][0].toArray(as: Double.self)[2] == 45.0 * (2.0 / 255.0))
            #expect(train.arrays[1].toArray(as: Int64.self) == [1, 4, 7])
            let imagesOnly = try getMNIST(withLabel: false, root: root, baseURL: try deadURL(), showProgress: false)
            #expect(imagesOnly.train.arrays.count == 1 && imagesOnly.train[0].count == 1)
            #expect(imagesOnly.test.arrays[0].shape == [2, 784])
        }
    }

    @Test func imagesEqualTheFloatsComputedUpFront() throws {
        // getMNIST used to scale every image to floats at load time; the lazily scaled images
        // must read the same bits through examples, batches, iterators and `arrays`.
        func eager<T: NDFloat>(_ n: Int, scale: Double, copies: Int, _: T.Type) -> [UInt64] {
            let factor = T(fromDouble: scale / 255)
            return (0..<copies * 784).map { T(fromDouble: Double(DatasetFixtures.pixel(n, $0 % 784))) * factor }
                .map { $0.doubleValue.bitPattern }
        }
        func bits<T: NDFloat>(_ array: NDArray, _: T.Type) -> [UInt64] { array.toArray(as: T.self).map { $0.doubleValue.bitPattern } }
        func check<T: NDFloat>(_ type: T.Type, root: URL, ndim: Int, rgb: Bool, scale: Double) throws {
            let (train, test) = try getMNIST(ndim: ndim, scale: scale, dtype: T.dtype, rgbFormat: rgb, root: root,
                                             baseURL: try deadURL(), showProgress: false)
            let shape = [1: [784], 2: [28, 28], 3: [rgb ? 3 : 1, 28, 28]][ndim]!
            let copies = rgb ? 3 : 1
            guard let images = train.columns[0] as? ScaledImageColumn else { Issue.record("images are not kept as bytes"); return }
            #expect(images.pixels.dtype == .uint8 && images.pixels.count == 3 * 784)
            for n in 0..<3 {
                #expect(train[n][0].dtype == T.dtype && train[n][0].shape == shape)
                #expect(bits(train[n][0], T.self) == eager(n, scale: scale, copies: copies, T.self))
            }
            let batch = train.batch(at: [2, 0, 2])
            #expect(batch[0].shape == [3] + shape && batch[1].toArray(as: Int32.self) == [7, 1, 7])
            #expect(bits(batch[0], T.self) == [2, 0, 2].flatMap { eager($0, scale: scale, copies: copies, T.self) })
            #expect(bits(concatExamples(train.examples(at: [2, 0, 2]))[0], T.self) == bits(batch[0], T.self))
            let iterated = SerialIterator(test, batchSize: 2, repeat: false, shuffle: false).nextBatch()!
            #expect(bits(iterated[0], T.self) == [0, 1].flatMap { eager($0, scale: scale, copies: copies, T.self) })
            #expect(train.arrays[0].shape == [3] + shape)
            #expect(bits(train.arrays[0], T.self) == (0..<3).flatMap { eager($0, scale: scale, copies: copies, T.self) })
            let first = train.prefix(2)
            #expect(first.columns[0] is ScaledImageColumn && bits(first[1][0], T.self) == bits(train[1][0], T.self))
        }
        try withMNISTRoot { root in
            for (ndim, rgb) in [(1, false), (2, false), (3, false), (3, true)] {
                for scale in [1, 2.5] {
                    try check(Float.self, root: root, ndim: ndim, rgb: rgb, scale: scale)
                    try check(Double.self, root: root, ndim: ndim, rgb: rgb, scale: scale)
                }
            }
        }
    }

    @Test func rejectsBadArguments() throws {
        #expect(throws: DatasetError.invalidArgument(function: "getMNIST", reason: "ndim must be 1, 2 or 3, got 4")) {
            try getMNIST(ndim: 4, showProgress: false)
        }
        #expect(throws: DatasetError.invalidArgument(function: "getFashionMNIST", reason: "dtype must be float32 or float64, got int32")) {
            try getFashionMNIST(dtype: .int32, showProgress: false)
        }
    }

    @Test func rejectsImageLabelCountMismatch() throws {
        var files = DatasetFixtures.mnistFiles()
        files["train-labels-idx1-ubyte.gz"] = DatasetFixtures.gzip(DatasetFixtures.labelsFile(count: 2))
        try withMNISTRoot(files) { root in
            let folder = root.appendingPathComponent("mnist")
            #expect(throws: DatasetError.countMismatch(
                images: folder.appendingPathComponent("train-images-idx3-ubyte.gz").path, imageCount: 3,
                labels: folder.appendingPathComponent("train-labels-idx1-ubyte.gz").path, labelCount: 2)) {
                try getMNIST(root: root, baseURL: try deadURL(), showProgress: false)
            }
        }
    }

    @Test func rejectsImagesThatAreNot28By28() throws {
        var files = DatasetFixtures.mnistFiles()
        files["t10k-images-idx3-ubyte.gz"] = DatasetFixtures.gzip(DatasetFixtures.imagesFile(count: 2, rows: 27))
        try withMNISTRoot(files) { root in
            let path = root.appendingPathComponent("mnist/t10k-images-idx3-ubyte.gz").path
            #expect(throws: DatasetError.unexpectedShape(source: path, expected: "images of 28×28 pixels", found: [2, 27, 28])) {
                try getMNIST(root: root, baseURL: try deadURL(), showProgress: false)
            }
        }
    }

    @Test func unavailableSaysHowToGetTheFilesOffline() throws {
        try DatasetFixtures.withTemporaryDirectory { root in
            let base = try deadURL()
            let error = #expect(throws: DatasetError.self) { try getMNIST(root: root, baseURL: base, showProgress: false) }
            guard case let .unavailable(dataset, file, attempts, hint)? = error else {
                Issue.record("expected .unavailable, got \(String(describing: error))")
                return
            }
            #expect(dataset == "MNIST" && file == "train-images-idx3-ubyte.gz")
            #expect(attempts.count == 1)
            if case let .transfer(url, _)? = attempts.first {
                #expect(url == base.appendingPathComponent(file).absoluteString)
            } else {
                Issue.record("expected a transfer failure, got \(attempts)")
            }
            #expect(hint.contains(root.appendingPathComponent("mnist").path))
            #expect(hint.contains("KUSARI_DATASET_ROOT") && hint.contains("KUSARI_MNIST_URL"))
            #expect(hint.contains("apt-get install dataset-fashion-mnist"))
            #expect(DatasetFixtures.contents(of: root.appendingPathComponent("mnist")) == [])
        }
    }

    @Test func rootAndBaseURLResolution() {
        let chosen = URL(fileURLWithPath: "/chosen")
        #expect(MNISTStore.datasetRoot(chosen, environment: ["KUSARI_DATASET_ROOT": "/env"]) == chosen)
        #expect(MNISTStore.datasetRoot(nil, environment: ["KUSARI_DATASET_ROOT": "/env"]).path == "/env")
        #expect(MNISTStore.datasetRoot(nil, environment: [:]).path
                == FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".kusari/dataset").path)
        let mirror = URL(string: "http://mirror.example/mnist/")!
        #expect(MNISTStore.mnist.baseURLs(mirror, environment: ["KUSARI_MNIST_URL": "http://env/"]) == [mirror])
        #expect(MNISTStore.mnist.baseURLs(nil, environment: ["KUSARI_MNIST_URL": "http://env/"]) == [URL(string: "http://env/")!])
        #expect(MNISTStore.mnist.baseURLs(nil, environment: [:]).map(\.absoluteString)
                == ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"])
        #expect(MNISTStore.fashionMNIST.baseURLs(nil, environment: ["KUSARI_MNIST_URL": "http://env/"]).map(\.absoluteString)
                == ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"])
    }

    @Test func systemDirectoryIsSearchedAfterTheCache() throws {
        try DatasetFixtures.withTemporaryDirectory { directory in
            let system = directory.appendingPathComponent("system")
            try DatasetFixtures.write(DatasetFixtures.mnistFiles(train: 4, test: 1), to: system)
            let store = MNISTStore(name: "Test", folder: "test", urlVariable: "UNUSED", mirrors: [],
                                   systemDirectories: [system], offlineAdvice: "")
            let root = directory.appendingPathComponent("root")
            let fromSystem = try store.load(root: root, baseURL: try deadURL(), showProgress: false, environment: [:]) { ($0, $1) }
            #expect(fromSystem.train.0.shape == [4, 28, 28] && fromSystem.test.1.shape == [1])
            // The cache wins once it holds the files; nothing was copied into it from the system folder.
            #expect(DatasetFixtures.contents(of: root.appendingPathComponent("test")) == [])
            try DatasetFixtures.write(DatasetFixtures.mnistFiles(train: 2, test: 1), to: root.appendingPathComponent("test"))
            let fromCache = try store.load(root: root, baseURL: try deadURL(), showProgress: false, environment: [:]) { ($0, $1) }
            #expect(fromCache.train.0.shape == [2, 28, 28])
        }
    }

    @Test func progressLineFormat() {
        #expect(Download.progressLine(name: "train-images-idx3-ubyte.gz", received: 4_500_000, expected: 9_912_422)
                == "Downloading train-images-idx3-ubyte.gz: 45% (4.5 MB / 9.9 MB)")
        #expect(Download.progressLine(name: "a.gz", received: 28_881, expected: 28_881) == "Downloading a.gz: 100% (0.0 MB / 0.0 MB)")
        #expect(Download.progressLine(name: "a.gz", received: 1_250_000, expected: -1) == "Downloading a.gz: 1.2 MB")
    }

    static let fashionDirectory = "/usr/share/datasets/fashion-mnist"

    @Test(.enabled(if: FileManager.default.fileExists(atPath: fashionDirectory + "/train-labels-idx1-ubyte.gz"),
                   "Debian's dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)"))
    func fashionMNISTFromTheDebianPackage() throws {
        try DatasetFixtures.withTemporaryDirectory { root in
            let (train, test) = try getFashionMNIST(root: root, baseURL: try deadURL(), showProgress: false)
            #expect(train.count == 60000 && test.count == 10000)
            #expect(train.arrays[0].shape == [60000, 784] && test.arrays[0].shape == [10000, 784])
            for labels in [train.arrays[1], test.arrays[1]] {
                let values = labels.toArray(as: Int32.self)
                #expect(values.min() == 0 && values.max() == 9)
            }
            // Chainer's get_fashion_mnist()[0][0][1] is 9 (ankle boot).
            #expect(train[0][1].item == 9)
            let pixels = train[0][0].toArray(as: Float.self)
            #expect(pixels.min()! >= 0 && pixels.max()! <= 1 && pixels.max()! > 0.5)
        }
    }
}
