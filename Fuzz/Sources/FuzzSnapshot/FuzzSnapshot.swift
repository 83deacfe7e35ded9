// libFuzzer target: loading a trainer snapshot (`kusari train --resume`), then training on.
import Foundation
import FuzzSupport
@testable import Kusari

/// A small trainer with the CLI's extensions, one update in (so every parameter and optimizer
/// slot exists), built the same way for every input.
func makeTrainer() -> Trainer {
    seed(0)
    let x = NDArray((0..<40).map { Float($0 % 7) / 7 }, shape: [8, 5])
    let t = NDArray((0..<8).map { Int32($0 % 3) }, shape: [8])
    let model = Classifier(MLP(units: 4, outputs: 3))
    let optimizer = Adam().setup(model)
    let updater = StandardUpdater(iterator: SerialIterator(TupleDataset(x, t), batchSize: 3), optimizer: optimizer)
    let trainer = Trainer(updater, stop: .epochs(3), out: FileManager.default.temporaryDirectory.path)
    trainer.extend(LogReport(filename: nil))
    trainer.extend(PrintReport(["epoch", "main/loss"]))
    trainer.extend(PlotReport(["main/loss"], xKey: "epoch", filename: "loss.svg"))
    trainer.extend(snapshot(nRetains: 2))
    updater.update()
    return trainer
}

/// What a valid snapshot of `makeTrainer()` holds, and its keys in order.
let base: [String: NPYValue] = {
    let serializer = NPZSerializer()
    let trainer = makeTrainer()
    try! trainer.serialize(serializer)
    return serializer.values
}()
let keys = base.keys.sorted()

/// The values the input describes. An even first byte: the rest is a whole `.npz` file
/// (the seeds are real snapshots). An odd one: records `[key index][UInt16 length][.npy
/// bytes]` that replace values of a valid snapshot (an empty record deletes the key), so
/// mutations reach the loaders of every component instead of stopping at a ZIP CRC.
func values(_ bytes: [UInt8]) throws(SerializationError) -> [String: NPYValue] {
    guard let mode = bytes.first else { return base }
    if mode & 1 == 0 { return try NPZ.decode(Array(bytes.dropFirst())) }
    var values = base
    var reader = ByteReader(bytes, at: 1, context: "fuzz record")
    while reader.position < bytes.count {
        let key = keys[Int(try reader.u8()) % keys.count]
        let length = Int(try reader.u16())
        guard length > 0 else { values[key] = nil; continue }
        let record = Array(try reader.bytes(min(length, bytes.count - reader.position)))
        if let value = try? NPY.decode(record) { values[key] = value }
    }
    return values
}

/// Loads the input into a fresh trainer as `--resume` does. A bad snapshot must throw with a
/// message; one that loads must be good enough to train on and to save again.
func fuzzOne(_ bytes: [UInt8]) {
    guard let stored = try? values(bytes) else { return }
    let trainer = makeTrainer()
    do {
        try trainer.serialize(NPZDeserializer(stored, strict: true))
    } catch {
        precondition(!"\(error)".isEmpty, "snapshot error without a message")
        return
    }
    trainer.updater.update()
    try! trainer.serialize(NPZSerializer())
}

@main enum Main {
    static func main() { runFuzzer { fuzzOne(bytes($0, $1)); return 0 } }
}
