// Chainer's `extensions.snapshot` and `snapshot_object`: the state of training, on disk.
import Foundation

/// Saves `target` (the whole trainer by default) as an `.npz` in the trainer's `out`
/// directory. The file name may contain `{iteration}` and `{epoch}`, Chainer's default
/// being `snapshot_iter_{iteration}`. Files are written to a temporary name, flushed and
/// renamed, so a crash never leaves a partial snapshot; `nRetains` keeps only the newest
/// ones (Chainer's `n_retains`, −1 keeps all).
///
/// Defaults as Chainer: trigger every epoch, priority −100 (after every other extension,
/// so the log and the counters it saves are final for the iteration).
public final class Snapshot: Extension {
    public let filename: String
    public let trigger: Interval
    public var priority: Int { -100 }
    public let defaultName: String
    private let target: (any Serializable)?
    private let nRetains: Int
    private var written: [String] = []

    public init(filename: String = "snapshot_iter_{iteration}", target: (any Serializable)? = nil,
                trigger: Interval = .epochs(1), nRetains: Int = -1, name: String = "snapshot") {
        self.filename = filename
        self.target = target
        self.trigger = trigger
        self.nRetains = nRetains
        defaultName = name
    }

    public func callAsFunction(_ trainer: Trainer) throws {
        let name = filename
            .replacingOccurrences(of: "{iteration}", with: String(trainer.updater.iteration))
            .replacingOccurrences(of: "{epoch}", with: String(trainer.updater.epoch))
        let path = trainer.out.appendingPathComponent(name).path
        try saveNPZ(path, target ?? trainer)
        written.removeAll { $0 == path }
        written.append(path)
        if nRetains >= 0 {
            while written.count > nRetains {
                try? FileManager.default.removeItem(atPath: written.removeFirst())
            }
        }
    }
}

/// A snapshot of the whole trainer. Chainer: `extensions.snapshot()`.
public func snapshot(filename: String = "snapshot_iter_{iteration}", trigger: Interval = .epochs(1), nRetains: Int = -1) -> Snapshot {
    Snapshot(filename: filename, trigger: trigger, nRetains: nRetains)
}

/// A snapshot of one object (a model, an optimizer). Chainer: `extensions.snapshot_object`.
public func snapshotObject(_ target: any Serializable, filename: String, trigger: Interval = .epochs(1)) -> Snapshot {
    Snapshot(filename: filename, target: target, trigger: trigger, name: "snapshot_object")
}
