import Testing
import Kusari
import KusariTesting

@Suite struct ConnectionLinkTests {
    static func names(_ link: Link) -> [String] { link.namedParams().map(\.0) }

    @Test func convolutionShapesAndNames() {
        let conv = Convolution2D(1, 20, ksize: 5)
        #expect(conv.W.shape == [20, 1, 5, 5] && conv.b?.shape == [20])
        #expect(Self.names(conv) == ["/W", "/b"])
        let y = conv(Variable(NDArray(zeros: [2, 1, 28, 28])))
        #expect(y.shape == [2, 20, 24, 24])
        #expect(y.array.toArray(as: Float.self).allSatisfy { $0 == 0 }, "zero input plus the zero bias")
    }

    @Test func lazyConvolutionTakesChannelsFromTheFirstInput() {
        let conv = Convolution2D(6, ksize: [3, 2], stride: 2, pad: 1, groups: 2)
        #expect(!conv.W.isInitialized)
        var random = SplitMix64(seed: 1)
        let x = random.uniform([2, 4, 7, 6], dtype: .float32)
        let y = conv(Variable(x))
        #expect(conv.W.shape == [6, 2, 3, 2])
        #expect(y.shape == [2, 6, 4, 4])
        let direct = F.convolution2D(Variable(x), conv.W, conv.b, stride: 2, pad: 1, groups: 2)
        #expect(y.array == direct.array)
    }

    @Test func nobiasAndInitializers() {
        let conv = Convolution2D(3, 4, ksize: 3, nobias: true, initialW: Constant(0.5))
        #expect(conv.b == nil && Self.names(conv) == ["/W"])
        #expect(conv.W.array.toArray(as: Float.self) == [Float](repeating: 0.5, count: 4 * 3 * 9))
        let biased = Convolution2D(3, 4, ksize: 3, initialBias: Constant(2))
        #expect(biased.b?.array.toArray(as: Float.self) == [2, 2, 2, 2])
    }

    @Test func deconvolutionShapes() {
        let deconv = Deconvolution2D(nil, 3, ksize: 4, stride: 2, pad: 1)
        let y = deconv(Variable(NDArray(zeros: [2, 5, 6, 6])))
        #expect(deconv.W.shape == [5, 3, 4, 4] && deconv.b?.shape == [3])
        #expect(y.shape == [2, 3, 12, 12])
        #expect(Self.names(deconv) == ["/W", "/b"])
        let sized = Deconvolution2D(5, 4, ksize: 3, stride: 2, nobias: true, outsize: Pair(14, 13), groups: 1)
        #expect(sized(Variable(NDArray(zeros: [1, 5, 6, 6]))).shape == [1, 4, 14, 13])
        #expect(Self.names(sized) == ["/W"])
    }

    @Test func embedIDDefaultsAndLookup() {
        let embed = EmbedID(100, 50, ignoreLabel: -1)
        #expect(embed.W.shape == [100, 50] && Self.names(embed) == ["/W"])
        // Chainer's default for EmbedID is N(0, 1).
        let values = embed.W.array.toArray(as: Float.self).map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        #expect(abs(mean) < 0.05 && abs(std - 1) < 0.05)
        let y = embed(Variable(NDArray([Int32(7), -1], shape: [2]))).array.toArray(as: Float.self)
        let row7 = embed.W.array.toArray(as: Float.self)[350..<400]
        #expect(Array(y[..<50]) == Array(row7))
        #expect(y[50...].allSatisfy { $0 == 0 })
    }
}
