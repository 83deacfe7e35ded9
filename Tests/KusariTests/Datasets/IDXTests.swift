// Gzip decoding and IDX parsing, including every kind of damaged input.
import Foundation
import Testing
@testable import Kusari

/// Everything in `data`'s gzip member, read through `GzipStream` in pieces of `piece` bytes.
private func inflated(_ data: Data, source: String, piece: Int = 1000) throws(DatasetError) -> [UInt8] {
    var stream = try GzipStream(data, source: source)
    var bytes: [UInt8] = []
    while true {
        let next = try stream.read(piece)
        bytes += next
        if next.count < piece { return bytes }
    }
}

@Suite struct GzipTests {
    @Test func roundTripsThroughZlib() throws {
        let payload: [UInt8] = (0..<5000).map { (i: Int) -> UInt8 in UInt8((i * 37 + i / 7) % 251) }
        for piece in [1, 777, 5000, 8192] {
            #expect(try inflated(DatasetFixtures.gzip(payload), source: "p.gz", piece: piece) == payload)
        }
        #expect(try inflated(DatasetFixtures.gzip([]), source: "empty.gz") == [])
    }

    @Test func readsStopAtTheEnd() throws {
        var stream = try GzipStream(DatasetFixtures.gzip([1, 2, 3, 4, 5]), source: "s.gz")
        #expect(try stream.read(2) == [1, 2])
        #expect(try stream.read(10) == [3, 4, 5])
        #expect(try stream.read(10) == [])
        #expect(stream.remainingBound == 0)
    }

    @Test func boundCoversTheDensestData() throws {
        // 1 MB of zeros deflates about 1000:1, close to deflate's limit of 1032:1; a bound
        // below the true length would make the IDX reader refuse a valid file.
        let payload = [UInt8](repeating: 0, count: 1_000_000) + [1, 2, 3]
        let data = DatasetFixtures.gzip(payload)
        var stream = try GzipStream(data, source: "z.gz")
        #expect(stream.remainingBound >= payload.count)
        #expect(try stream.read(16).count == 16)
        #expect(stream.remainingBound >= payload.count - 16)
        #expect(stream.remainingBound <= (data.count + 8) * 1032)
        #expect(try stream.skipToEnd() == payload.count - 16)
    }

    @Test func rejectsDataWithoutSignature() {
        #expect(throws: DatasetError.corruptGzip(source: "page.gz", reason: "expected the signature 1f 8b, found \"3c 68\"")) {
            try GzipStream(Data("<html>".utf8), source: "page.gz")
        }
        #expect(throws: DatasetError.corruptGzip(source: "nothing.gz", reason: "expected the signature 1f 8b, found \"\"")) {
            try GzipStream(Data(), source: "nothing.gz")
        }
    }

    @Test func rejectsTruncatedStream() {
        let whole = DatasetFixtures.gzip((0..<4000).map { UInt8($0 % 256) })
        #expect(throws: DatasetError.corruptGzip(source: "cut.gz", reason: "the stream ends early (truncated after 20 bytes)")) {
            try inflated(whole.prefix(20), source: "cut.gz")
        }
        // Cut inside the 8-byte trailer: the data is whole but its checksum is not.
        #expect(throws: DatasetError.self) { try inflated(whole.dropLast(3), source: "cut.gz") }
    }

    @Test func rejectsDamagedData() throws {
        var damaged = DatasetFixtures.gzip((0..<4000).map { UInt8($0 % 256) })
        for i in 12..<20 { damaged[i] ^= 0xFF }
        let error = #expect(throws: DatasetError.self) { try inflated(damaged, source: "bad.gz") }
        guard case let .corruptGzip(source, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(source == "bad.gz")
    }

    @Test func rejectsTrailingBytes() {
        let data = DatasetFixtures.gzip([1, 2, 3]) + Data([0, 0, 0])
        #expect(throws: DatasetError.corruptGzip(source: "t.gz", reason: "3 unexpected bytes after the end of the stream")) {
            try inflated(data, source: "t.gz")
        }
    }
}

@Suite struct IDXTests {
    @Test func parsesLabelsAndImages() throws {
        let labels = try IDX.parse([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9], ndim: 1, source: "l")
        #expect(labels.dtype == .uint8 && labels.shape == [3] && labels.toArray(as: UInt8.self) == [7, 8, 9])
        let images = try IDX.parse(DatasetFixtures.idx(dims: [2, 2, 3], payload: Array(0..<12)), ndim: 3, source: "i")
        #expect(images.shape == [2, 2, 3] && images[1, 0, 2] == 8)
        // A dimension above 255 checks the big-endian reading: 0x00000102 = 258.
        let long = try IDX.parse([0, 0, 8, 1, 0, 0, 1, 2] + [UInt8](repeating: 5, count: 258), ndim: 1, source: "l")
        #expect(long.shape == [258])
    }

    @Test func rejectsWrongMagic() {
        #expect(throws: DatasetError.badMagic(source: "f", expected: 0x0000_0801, found: 0x0100_0801)) {
            try IDX.parse([1, 0, 8, 1, 0, 0, 0, 0], ndim: 1, source: "f")
        }
        // A label file where images were expected.
        #expect(throws: DatasetError.badMagic(source: "labels.gz", expected: 0x0000_0803, found: 0x0000_0801)) {
            try IDX.parse([0, 0, 8, 1, 0, 0, 0, 1, 4], ndim: 3, source: "labels.gz")
        }
    }

    @Test func rejectsWrongDataType() {
        #expect(throws: DatasetError.badDataType(source: "f", found: 0x0D)) {
            try IDX.parse([0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0], ndim: 1, source: "f")
        }
    }

    @Test func rejectsLengthMismatch() {
        #expect(throws: DatasetError.sizeMismatch(source: "f", dimensions: [3], expected: 11, found: 10)) {
            try IDX.parse([0, 0, 8, 1, 0, 0, 0, 3, 7, 8], ndim: 1, source: "f")
        }
        #expect(throws: DatasetError.sizeMismatch(source: "f", dimensions: [3], expected: 11, found: 12)) {
            try IDX.parse([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9, 10], ndim: 1, source: "f")
        }
        #expect(throws: DatasetError.sizeMismatch(source: "f", dimensions: [], expected: 8, found: 3)) {
            try IDX.parse([0, 0, 8], ndim: 1, source: "f")
        }
        #expect(throws: DatasetError.sizeMismatch(source: "f", dimensions: [], expected: 16, found: 8)) {
            try IDX.parse([0, 0, 8, 3, 0, 0, 0, 2], ndim: 3, source: "f")
        }
        // Dimensions whose product overflows Int are refused instead of trapping.
        #expect(throws: DatasetError.unexpectedShape(source: "f", expected: "dimensions whose product fits in 64 bits",
                                                     found: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF])) {
            try IDX.parse([0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12), ndim: 3, source: "f")
        }
        // Regression (found by FuzzIDX): a zero last dimension made the product 0 and the
        // size check pass, while the array's own size arithmetic overflowed on the way.
        #expect(throws: DatasetError.unexpectedShape(source: "f", expected: "dimensions whose product fits in 64 bits",
                                                     found: [0xFBFF_FFFE, 0xFFFF_FFFF, 0])) {
            try IDX.parse([0x00, 0x00, 0x08, 0x03, 0xFB, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00],
                          ndim: 3, source: "f")
        }
    }

    @Test func decodesGzipStraightIntoTheArray() throws {
        let file = DatasetFixtures.imagesFile(count: 2)
        let images = try MNISTStore.decode(DatasetFixtures.gzip(file), ndim: 3, source: "i.gz")
        #expect(images.dtype == .uint8 && images.shape == [2, 28, 28])
        #expect(images.toArray(as: UInt8.self) == Array(file[16...]))
    }

    @Test func gzipDamageWinsOverWhatTheBytesSay() {
        // A label file where images are expected, with its CRC-32 broken: the damage is reported.
        var data = DatasetFixtures.gzip(DatasetFixtures.labelsFile(count: 3))
        data[data.count - 5] ^= 0xFF
        let error = #expect(throws: DatasetError.self) { try MNISTStore.decode(data, ndim: 3, source: "l.gz") }
        guard case .corruptGzip(let source, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(source == "l.gz")
    }

    @Test func gzipLengthMismatchNamesTheWholeLength() {
        let long = DatasetFixtures.gzip(DatasetFixtures.idx(dims: [3], payload: [7, 8, 9, 10, 11]))
        #expect(throws: DatasetError.sizeMismatch(source: "l.gz", dimensions: [3], expected: 11, found: 13)) {
            try MNISTStore.decode(long, ndim: 1, source: "l.gz")
        }
        let short = DatasetFixtures.gzip(DatasetFixtures.idx(dims: [3], payload: [7]))
        #expect(throws: DatasetError.sizeMismatch(source: "l.gz", dimensions: [3], expected: 11, found: 9)) {
            try MNISTStore.decode(short, ndim: 1, source: "l.gz")
        }
    }

    @Test func refusesAHeaderPromisingMoreThanTheStreamCanHold() {
        // 2³¹ − 1 images of 28×28 would be 1.7 TB; the reader must refuse before allocating.
        let huge = DatasetFixtures.gzip(DatasetFixtures.idx(dims: [0x7FFF_FFFF, 28, 28], payload: [1, 2, 3]))
        #expect(throws: DatasetError.sizeMismatch(source: "i.gz", dimensions: [0x7FFF_FFFF, 28, 28],
                                                  expected: 16 + 0x7FFF_FFFF * 784, found: 19)) {
            try MNISTStore.decode(huge, ndim: 3, source: "i.gz")
        }
    }

    @Test func messagesSayWhatWasExpectedAndFound() {
        #expect(DatasetError.badMagic(source: "a.gz", expected: 0x803, found: 0x801).description
                == "a.gz: expected IDX magic number 0x00000803, found 0x00000801")
        #expect(DatasetError.badDataType(source: "a.gz", found: 0x0D).description
                == "a.gz: expected IDX data type 0x08 (unsigned byte), found 0x0D")
        #expect(DatasetError.sizeMismatch(source: "a.gz", dimensions: [3], expected: 11, found: 10).description
                == "a.gz: an IDX file of dimensions [3] needs 11 bytes, found 10 (truncated)")
        #expect(DatasetError.httpStatus(url: "http://h/x.gz", status: 404).description
                == "http://h/x.gz: HTTP status 404 (expected 200)")
        #expect(DatasetError.countMismatch(images: "i.gz", imageCount: 3, labels: "l.gz", labelCount: 2).description
                == "i.gz holds 3 images but l.gz holds 2 labels")
    }
}
