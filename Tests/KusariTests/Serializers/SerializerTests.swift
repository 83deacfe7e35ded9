// The serializer visitor: keys and hierarchy, save/load round trips, strict mode, unused keys,
// shape and dtype checks, path prefixes, and the Chainer-written model and optimizer files.
import Foundation
import Testing
@testable import Kusari

/// Minimal `Serializable` objects that save their state the way Chainer's `Linear`, `Chain` and
/// `Adam` do, so these tests exercise the serializer alone, apart from the real links.
private final class TinyLinear: Serializable {
    var W: NDArray
    var b: NDArray
    init(_ inSize: Int, _ outSize: Int, fill: Float = 0) {
        W = NDArray([Float](repeating: fill, count: inSize * outSize), shape: [outSize, inSize])
        b = NDArray([Float](repeating: fill, count: outSize), shape: [outSize])
    }
    func serialize(_ serializer: any Serializer) throws {
        try serializer("W", &W)
        try serializer("b", &b)
    }
}

private final class TinyMLP: Serializable {
    let l1: TinyLinear, l2: TinyLinear
    init(fill: Float = 0) {
        l1 = TinyLinear(4, 8, fill: fill)
        l2 = TinyLinear(8, 3, fill: fill)
    }
    func serialize(_ serializer: any Serializer) throws {
        try l1.serialize(serializer["l1"])
        try l2.serialize(serializer["l2"])
    }

    /// l2(relu(l1(x))) in float64 with naive loops, the reference for Chainer's prediction.
    func predict(_ x: [Double], batch: Int) -> [Double] {
        func linear(_ layer: TinyLinear, _ input: [Double], _ inSize: Int) -> [Double] {
            let outSize = layer.b.count, w = layer.W.toArray(as: Float.self), b = layer.b.toArray(as: Float.self)
            var out = [Double](repeating: 0, count: batch * outSize)
            for n in 0..<batch {
                for o in 0..<outSize {
                    var sum = Double(b[o])
                    for i in 0..<inSize { sum += Double(w[o * inSize + i]) * input[n * inSize + i] }
                    out[n * outSize + o] = sum
                }
            }
            return out
        }
        return linear(l2, linear(l1, x, 4).map { max(0, $0) }, 8)
    }
}

private final class Classifier: Serializable {
    let predictor: TinyMLP
    var t = 0
    var lr = 0.001
    var flag = false
    var name = ""
    init(_ predictor: TinyMLP) { self.predictor = predictor }
    func serialize(_ serializer: any Serializer) throws {
        try predictor.serialize(serializer["predictor"])
        try serializer("t", &t)
        try serializer("lr", &lr)
        try serializer("flag", &flag)
        try serializer("name", &name)
    }
}

/// Adam's state as Chainer saves an optimizer: counters at the root, moments per parameter.
private final class AdamState: Serializable {
    var t = 0, epoch = -1
    var m = NDArray(zeros: [8, 4])
    func serialize(_ serializer: any Serializer) throws {
        try serializer("t", &t)
        try serializer("epoch", &epoch)
        try serializer["predictor/l1/W"]("m", &m)
    }
}

@Suite struct SerializerTests {
    private static func filledModel() -> Classifier {
        let model = Classifier(TinyMLP())
        model.predictor.l1.W = sampleArray(.float32, [8, 4])
        model.predictor.l2.b = NDArray([Float(1), -2, 3])
        model.t = 3_600
        model.lr = 0.25
        model.flag = true
        model.name = "鎖"
        return model
    }

    @Test func keysAreSlashJoinedAndScalarsAreZeroDArrays() throws {
        let serializer = NPZSerializer()
        try Self.filledModel().serialize(serializer)
        let values = serializer.values
        #expect(values.keys.sorted() == ["flag", "lr", "name", "predictor/l1/W", "predictor/l1/b",
                                         "predictor/l2/W", "predictor/l2/b", "t"])
        guard case .array(let t)? = values["t"], case .array(let lr)? = values["lr"],
              case .array(let flag)? = values["flag"], case .string(let name)? = values["name"] else {
            Issue.record("wrong kinds of values"); return
        }
        #expect(t.dtype == .int64 && t.shape == [] && t.item == 3_600)
        #expect(lr.dtype == .float64 && lr.shape == [] && lr.item == 0.25)
        #expect(flag.dtype == .bool && flag.shape == [] && flag.item == 1)
        #expect(name == "鎖")

        let nested = NPZSerializer()
        var x = NDArray(scalar: Float(1))
        try nested["/a/"]["b"]("/x", &x)
        #expect(nested.values.keys.sorted() == ["a/b/x"])
    }

    @Test(arguments: [false, true])
    func saveThenLoadRestoresEveryValue(compression: Bool) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let saved = Self.filledModel()
        try saveNPZ(scratch.path("m.npz"), saved, compression: compression)
        let loaded = Classifier(TinyMLP(fill: 9))
        let unused = try loadNPZ(scratch.path("m.npz"), into: loaded)
        #expect(unused.isEmpty)
        #expect(identical(loaded.predictor.l1.W, saved.predictor.l1.W))
        #expect(identical(loaded.predictor.l2.b, saved.predictor.l2.b))
        #expect(identical(loaded.predictor.l1.b, NDArray(zeros: [8])))
        #expect(loaded.t == 3_600 && loaded.lr == 0.25 && loaded.flag && loaded.name == "鎖")
    }

    @Test func strictModeThrowsOnMissingKeysAndLenientModeKeepsValues() throws {
        let partial = NPZDeserializer(arrays: ["predictor/l1/W": sampleArray(.float32, [8, 4])], file: "m.npz")
        let model = Classifier(TinyMLP(fill: 9))
        let error = serializationError { try model.serialize(partial) }
        #expect(error?.description == "m.npz: 'predictor/l1/b': missing, expected an array of shape (8,), found no such key")

        let lenient = NPZDeserializer(arrays: ["predictor/l1/W": sampleArray(.float32, [8, 4]), "extra": NDArray(scalar: Float(0))],
                                      strict: false)
        let kept = Classifier(TinyMLP(fill: 9))
        try kept.serialize(lenient)
        #expect(identical(kept.predictor.l1.W, sampleArray(.float32, [8, 4])))
        #expect(kept.predictor.l1.b.toArray(as: Float.self) == [Float](repeating: 9, count: 8))
        #expect(kept.t == 0)
        #expect(lenient.unusedKeys == ["extra"])
    }

    @Test func unusedKeysReportWhatTheFileHadBeyondTheModel() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try saveNPZ(scratch.path("m.npz"), Self.filledModel())
        let unused = try loadNPZ(scratch.path("m.npz"), into: TinyMLP(), path: "predictor")
        #expect(unused.isEmpty, "keys outside the loaded sub-tree are not reported")
        let onlyFirst = TinyLinear(4, 8)
        let extra = try loadNPZ(scratch.path("m.npz"), into: onlyFirst, path: "/predictor/l1/")
        #expect(extra.isEmpty)
        let wholeFile = NPZDeserializer(try NPZ.readValues(scratch.path("m.npz")))
        try onlyFirst.serialize(wholeFile["predictor"]["l1"])
        #expect(wholeFile.unusedKeys == ["flag", "lr", "name", "predictor/l2/W", "predictor/l2/b", "t"])
    }

    @Test func shapeMismatchNamesTheKeyAndBothShapes() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try NPZ.write(scratch.path("m.npz"), ["W": NDArray(zeros: [4, 8]), "b": NDArray(zeros: [8])])
        let error = serializationError { try loadNPZ(scratch.path("m.npz"), into: TinyLinear(4, 8)) }
        #expect(error?.description == "\(scratch.path("m.npz")): 'W': shape mismatch, expected (8, 4), found (4, 8)")
        #expect(error?.key == "W")
    }

    @Test func dtypesConvertUnderNumPysSameKindRule() throws {
        let stored: [String: NDArray] = [
            "f64": NDArray([0.1, -2.5], shape: [2]), "f32": NDArray([Float(1.5), 2], shape: [2]),
            "i64": NDArray([Int64(-3), 4], shape: [2]), "big": NDArray([Int64(1) << 40, 0], shape: [2]),
            "u8": NDArray([UInt8(200), 1], shape: [2]), "flag": NDArray([true, false], shape: [2]),
        ]
        let loader = NPZDeserializer(arrays: stored, file: "c.npz")
        func load(_ key: String, into dtype: DType) throws -> NDArray {
            var value = NDArray(zeros: [2], dtype: dtype)
            try loader(key, &value)
            #expect(value.dtype == dtype)
            return value
        }
        #expect(try load("f64", into: .float32).toArray(as: Float.self) == [Float(0.1), -2.5])
        #expect(try load("i64", into: .int32).toArray(as: Int32.self) == [-3, 4])
        #expect(try load("i64", into: .float64).toArray(as: Double.self) == [-3, 4])
        #expect(try load("u8", into: .int64).toArray(as: Int64.self) == [200, 1])
        #expect(try load("flag", into: .float32).toArray(as: Float.self) == [1, 0])
        let narrowing = serializationError { _ = try load("f32", into: .int32) }
        #expect(narrowing?.description == "c.npz: 'f32': dtype mismatch, expected int32, found float32, which does not convert under NumPy's same_kind rule")
        #expect(serializationError { _ = try load("i64", into: .uint8) }?.reason.contains("expected uint8, found int64") == true)
        #expect(serializationError { _ = try load("big", into: .int32) }?.reason.contains("outside the int32 range") == true)

        var counter = 0.0
        try NPZDeserializer(arrays: ["t": NDArray(scalar: Int64(5))])("t", &counter)
        #expect(counter == 5)
        var text = ""
        #expect(serializationError { try loader("f32", &text) }?.reason == "expected a string, found an array")
        var array = NDArray(zeros: [1])
        #expect(serializationError { try NPZDeserializer(["s": .string("x")])("s", &array) }?.reason
            == "expected an array of shape (1,), found a string")
    }

    @Test func savingOneKeyTwiceThrows() throws {
        let serializer = NPZSerializer()
        var x = NDArray(scalar: Float(1))
        try serializer["a"]("x", &x)
        #expect(serializationError { try serializer("a/x", &x) }?.description == "'a/x': saved twice")
    }

    /// chainer.serializers.save_npz of L.Classifier(MLP 4-8-3), loaded at the dictionary level
    /// and into a model, which then predicts exactly what Chainer predicted.
    @Test func loadsAModelChainerSaved() throws {
        let path = Fixtures.path("chainer_mlp.npz")
        let arrays = try NPZ.read(path)
        let expected = Fixtures.expectedMembers("chainer_mlp.npz")
        #expect(arrays.keys.sorted() == ["predictor/l1/W", "predictor/l1/b", "predictor/l2/W", "predictor/l2/b"])
        #expect(arrays["predictor/l1/W"]?.shape == [8, 4])
        for (key, array) in arrays { Fixtures.check(array, expected[key]) }

        let model = TinyMLP()
        #expect(try loadNPZ(path, into: model, path: "predictor").isEmpty)
        let prediction = Fixtures.expectedMembers("chainer_mlp_prediction")
        let x = prediction["x"]?.values.compactMap(Double.init) ?? []
        let chainerY = prediction["y"]?.values.compactMap(Double.init) ?? []
        #expect(x.count == 8 && chainerY.count == 6)
        let y = model.predict(x, batch: 2)
        #expect(y.count == chainerY.count)
        for (ours, chainers) in zip(y, chainerY) { #expect(abs(ours - chainers) < 1e-6, "\(ours) vs \(chainers)") }
    }

    /// chainer.serializers.save_npz of an Adam optimizer after one update: counters are 0-d int64.
    @Test func loadsOptimizerCountersChainerSaved() throws {
        let state = AdamState()
        let unused = try loadNPZ(Fixtures.path("chainer_adam.npz"), into: state)
        #expect(state.t == 1 && state.epoch == 0)
        Fixtures.check(state.m, Fixtures.expectedMembers("chainer_adam.npz")["predictor/l1/W/m"])
        #expect(unused.count == 11 && unused.contains("predictor/l1/W/v") && !unused.contains("t"))
    }
}
