// The IDX format of MNIST-style files: a magic number, big-endian dimensions, raw bytes.

enum IDX {
    /// The array stored in an IDX file of unsigned bytes with `ndim` dimensions.
    ///
    /// Layout (LeCun's MNIST page): bytes 0–1 are zero, byte 2 is the data type (0x08,
    /// unsigned byte), byte 3 the number of dimensions; then one big-endian UInt32 per
    /// dimension; then the elements in row-major order. So labels start 0x00000801 and images
    /// 0x00000803. The file length must equal header plus data exactly.
    ///
    /// The elements go from `stream` straight into the array, so the file is never held
    /// whole. Every error waits until the stream was read to its end: a damaged source (a
    /// gzip checksum) is reported before what its bytes seem to say, and a length mismatch
    /// names the file's true length.
    static func read(from stream: inout some ByteStream, ndim: Int, source: String) throws(DatasetError) -> NDArray {
        let expectedMagic = UInt32(0x0800 | ndim)
        let header = 4 + 4 * ndim
        let head = try stream.read(header)
        func fail(_ error: DatasetError) throws(DatasetError) -> Never {
            _ = try stream.skipToEnd()
            throw error
        }
        guard head.count >= 4 else {
            throw .sizeMismatch(source: source, dimensions: [], expected: header, found: head.count)
        }
        let magic = bigEndianUInt32(head, at: 0)
        guard head[0] == 0, head[1] == 0 else { try fail(.badMagic(source: source, expected: expectedMagic, found: magic)) }
        guard head[2] == 0x08 else { try fail(.badDataType(source: source, found: head[2])) }
        guard magic == expectedMagic else { try fail(.badMagic(source: source, expected: expectedMagic, found: magic)) }
        guard head.count == header else {
            throw .sizeMismatch(source: source, dimensions: [], expected: header, found: head.count)
        }

        let dimensions = (0..<ndim).map { Int(bigEndianUInt32(head, at: 4 + 4 * $0)) }
        // Damaged headers can promise more than Int holds, even with a zero dimension later
        // on (the array's own size arithmetic would overflow on the way): refuse them.
        var elements = 1
        for dimension in dimensions {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                try fail(.unexpectedShape(source: source, expected: "dimensions whose product fits in 64 bits", found: dimensions))
            }
            elements = product
        }
        let expected = header + min(elements, Int.max - header)
        guard elements <= stream.remainingBound else {
            throw .sizeMismatch(source: source, dimensions: dimensions, expected: expected, found: header + (try stream.skipToEnd()))
        }
        var array = NDArray(uninitialized: dimensions, dtype: .uint8)
        let filled = array.withUnsafeMutableBytes { elementBytes in
            Result { () throws(DatasetError) in try stream.read(into: elementBytes) }
        }
        let found = header + (try filled.get()) + (try stream.skipToEnd())
        guard found == expected else {
            throw .sizeMismatch(source: source, dimensions: dimensions, expected: expected, found: found)
        }
        return array
    }

    /// `read(from:)` on a file already in memory.
    static func parse(_ bytes: [UInt8], ndim: Int, source: String) throws(DatasetError) -> NDArray {
        var stream = ByteArrayStream(bytes)
        return try read(from: &stream, ndim: ndim, source: source)
    }

    private static func bigEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
