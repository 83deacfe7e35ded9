// Loading a model file written by Kusari or by Chainer's `save_npz`.
import Foundation
import Kusari

/// Loads `path` into `predictor`, accepting keys with or without a Classifier's
/// `predictor/` prefix (Chainer saves `L.Classifier` models with it).
func loadPredictor(_ predictor: Link, from path: String) throws {
    let arrays: [String: NDArray]
    do { arrays = try NPZ.read(path) } catch { throw UsageError("\(error)") }
    let prefixed = arrays.keys.contains { $0.hasPrefix("predictor/") }
    do {
        let unused = try loadNPZ(path, into: predictor, path: prefixed ? "predictor" : "")
        if !unused.isEmpty {
            standardError("warning: \(path) holds keys the model does not use: \(unused.joined(separator: ", "))")
        }
    } catch let error as SerializationError {
        throw UsageError("\(error). Is this a model file for --model of the same architecture?")
    }
}

/// Reads one array from an `.npz` file for `predict`.
func readInput(_ path: String, key: String) throws -> NDArray {
    let arrays: [String: NDArray]
    do { arrays = try NPZ.read(path) } catch { throw UsageError("predict: \(error)") }
    guard let array = arrays[key] else {
        throw UsageError("predict: \(path) has no array '\(key)'; it holds \(arrays.keys.sorted().joined(separator: ", ")). Choose one with --key")
    }
    return array
}
