// Where the MNIST-style files come from: the cache, system folders, or a download that is
// validated before it lands in the cache.
import Foundation

/// The four gzip'd IDX files of an MNIST-style dataset and the places to find them.
///
/// A file is taken from `<root>/<folder>/` (root: the `root` argument, else
/// `KUSARI_DATASET_ROOT`, else `~/.kusari/dataset`), then from `systemDirectories`, else
/// downloaded from each base URL in turn (the `baseURL` argument, else the environment
/// variable `urlVariable`, else `mirrors`). A download is checked (gzip intact, magic
/// number, exact length, 28×28 images, as many images as labels) and written to a hidden
/// temporary name in the cache folder, renamed into place only once both files of its
/// split passed; any failure removes it, so the cache only ever holds valid files.
struct MNISTStore: Sendable {
    let name: String
    let folder: String
    let urlVariable: String
    let mirrors: [URL]
    let systemDirectories: [URL]
    /// The last sentence of the error when a file cannot be obtained.
    let offlineAdvice: String

    static let trainFiles = (images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz")
    static let testFiles = (images: "t10k-images-idx3-ubyte.gz", labels: "t10k-labels-idx1-ubyte.gz")

    static let mnist = MNISTStore(
        name: "MNIST", folder: "mnist", urlVariable: "KUSARI_MNIST_URL",
        mirrors: [URL(string: "https://ossci-datasets.s3.amazonaws.com/mnist/")!,
                  URL(string: "http://yann.lecun.com/exdb/mnist/")!],
        systemDirectories: [],
        offlineAdvice: "Fashion-MNIST works offline from Debian's package (apt-get install dataset-fashion-mnist).")

    static let fashionMNIST = MNISTStore(
        name: "Fashion-MNIST", folder: "fashion-mnist", urlVariable: "KUSARI_FASHION_MNIST_URL",
        mirrors: [URL(string: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")!],
        systemDirectories: [URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist")],
        offlineAdvice: "Debian's package dataset-fashion-mnist installs them in /usr/share/datasets/fashion-mnist, where they are found too.")

    /// `root`, else `KUSARI_DATASET_ROOT`, else `~/.kusari/dataset` (Chainer's
    /// `CHAINER_DATASET_ROOT` and `~/.chainer/dataset`).
    static func datasetRoot(_ root: URL?, environment: [String: String]) -> URL {
        if let root { return root }
        if let path = environment["KUSARI_DATASET_ROOT"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".kusari/dataset")
    }

    /// The base URLs to download from, in order.
    func baseURLs(_ baseURL: URL?, environment: [String: String]) -> [URL] {
        if let baseURL { return [baseURL] }
        if let text = environment[urlVariable], let url = URL(string: text) { return [url] }
        return mirrors
    }

    /// Images `[n, 28, 28]` and labels `[n]`, both uint8, of the train and test splits, each
    /// handed to `prepare` as soon as it is read. A file's compressed bytes are dropped once it
    /// is decoded, so loading holds at most one compressed file beside the arrays.
    func load<Prepared>(root: URL?, baseURL: URL?, showProgress: Bool,
                        environment: [String: String] = ProcessInfo.processInfo.environment,
                        prepare: (_ images: NDArray, _ labels: NDArray) -> Prepared)
    throws(DatasetError) -> (train: Prepared, test: Prepared) {
        let cache = MNISTStore.datasetRoot(root, environment: environment).appendingPathComponent(folder)
        let bases = baseURLs(baseURL, environment: environment)
        func loadAndPrepare(_ files: (images: String, labels: String)) throws(DatasetError) -> Prepared {
            let split = try loadSplit(files, cache: cache, bases: bases, showProgress: showProgress)
            return prepare(split.images, split.labels)
        }
        let train = try loadAndPrepare(MNISTStore.trainFiles)
        return (train, try loadAndPrepare(MNISTStore.testFiles))
    }

    private func loadSplit(_ files: (images: String, labels: String), cache: URL, bases: [URL], showProgress: Bool)
    throws(DatasetError) -> (images: NDArray, labels: NDArray) {
        var downloads: [(temporary: URL, final: URL)] = []
        defer { for file in downloads { try? FileManager.default.removeItem(at: file.temporary) } }
        let images = try obtain(files.images, ndim: 3, cache: cache, bases: bases, showProgress: showProgress, downloads: &downloads)
        let labels = try obtain(files.labels, ndim: 1, cache: cache, bases: bases, showProgress: showProgress, downloads: &downloads)
        guard images.array.shape[0] == labels.array.shape[0] else {
            throw .countMismatch(images: images.source, imageCount: images.array.shape[0],
                                 labels: labels.source, labelCount: labels.array.shape[0])
        }
        // rename(2) replaces atomically: readers see the old file or the whole new one.
        for file in downloads {
            guard rename(file.temporary.path, file.final.path) == 0 else {
                throw .fileSystem(path: file.final.path, reason: "cannot rename the download into place: \(String(cString: strerror(errno)))")
            }
        }
        downloads = []
        return (images.array, labels.array)
    }

    /// The parsed file `name` and where it came from; a download is left at a temporary name
    /// recorded in `downloads`.
    private func obtain(_ name: String, ndim: Int, cache: URL, bases: [URL], showProgress: Bool,
                        downloads: inout [(temporary: URL, final: URL)]) throws(DatasetError) -> (array: NDArray, source: String) {
        for directory in [cache] + systemDirectories {
            let file = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            let data: Data
            do { data = try Data(contentsOf: file) } catch {
                throw .fileSystem(path: file.path, reason: "cannot read: \(error.localizedDescription)")
            }
            return (try MNISTStore.decode(data, ndim: ndim, source: file.path), file.path)
        }
        var attempts: [DatasetError] = []
        for base in bases {
            let url = base.appendingPathComponent(name)
            do {
                let data = try Download.fetch(url, showProgress: showProgress)
                let array = try MNISTStore.decode(data, ndim: ndim, source: url.absoluteString)
                let temporary = try MNISTStore.writeTemporary(data, name: name, in: cache)
                downloads.append((temporary, cache.appendingPathComponent(name)))
                return (array, url.absoluteString)
            } catch {
                attempts.append(error)
            }
        }
        let hint = "To use \(self.name) offline, put \(MNISTStore.trainFiles.images), \(MNISTStore.trainFiles.labels), "
            + "\(MNISTStore.testFiles.images) and \(MNISTStore.testFiles.labels) in \(cache.path) (or set "
            + "KUSARI_DATASET_ROOT to a folder whose \(folder)/ subfolder holds them), or set \(urlVariable) to a mirror "
            + "that serves them. " + offlineAdvice
        throw .unavailable(dataset: self.name, file: name, attempts: attempts, hint: hint)
    }

    /// The uint8 array in a gzip'd IDX file of `ndim` dimensions; images must be 28×28. The
    /// elements are decompressed straight into the array: besides `data`, no copy of the file
    /// is made.
    static func decode(_ data: Data, ndim: Int, source: String) throws(DatasetError) -> NDArray {
        var stream = try GzipStream(data, source: source)
        let array = try IDX.read(from: &stream, ndim: ndim, source: source)
        if ndim == 3 && array.shape[1...] != [28, 28] {
            throw .unexpectedShape(source: source, expected: "images of 28×28 pixels", found: array.shape)
        }
        return array
    }

    /// Writes `data` to a hidden, unique name in `directory`, creating the folder if needed.
    private static func writeTemporary(_ data: Data, name: String, in directory: URL) throws(DatasetError) -> URL {
        let temporary = directory.appendingPathComponent(".\(name).\(UUID().uuidString).part")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .fileSystem(path: temporary.path, reason: "cannot write the download: \(error.localizedDescription)")
        }
        return temporary
    }
}
