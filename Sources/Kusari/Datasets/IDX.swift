// The IDX format of MNIST-style files: a magic number, big-endian dimensions, raw bytes.

enum IDX {
    /// The array stored in an IDX file of unsigned bytes with `ndim` dimensions.
    ///
    /// Layout (LeCun's MNIST page): bytes 0–1 are zero, byte 2 is the data type (0x08,
    /// unsigned byte), byte 3 the number of dimensions; then one big-endian UInt32 per
    /// dimension; then the elements in row-major order. So labels start 0x00000801 and images
    /// 0x00000803. The file length must equal header plus data exactly.
    static func parse(_ bytes: [UInt8], ndim: Int, source: String) throws(DatasetError) -> NDArray {
        let expectedMagic = UInt32(0x0800 | ndim)
        guard bytes.count >= 4 else {
            throw .sizeMismatch(source: source, dimensions: [], expected: 4 + 4 * ndim, found: bytes.count)
        }
        let magic = bigEndianUInt32(bytes, at: 0)
        guard bytes[0] == 0, bytes[1] == 0 else { throw .badMagic(source: source, expected: expectedMagic, found: magic) }
        guard bytes[2] == 0x08 else { throw .badDataType(source: source, found: bytes[2]) }
        guard magic == expectedMagic else { throw .badMagic(source: source, expected: expectedMagic, found: magic) }

        let header = 4 + 4 * ndim
        guard bytes.count >= header else {
            throw .sizeMismatch(source: source, dimensions: [], expected: header, found: bytes.count)
        }
        let dimensions = (0..<ndim).map { Int(bigEndianUInt32(bytes, at: 4 + 4 * $0)) }
        // Damaged headers can promise more than Int holds, even with a zero dimension later
        // on (the array's own size arithmetic would overflow on the way): refuse them.
        var elements = 1
        for dimension in dimensions {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw .unexpectedShape(source: source, expected: "dimensions whose product fits in 64 bits", found: dimensions)
            }
            elements = product
        }
        let expected = header + min(elements, Int.max - header)
        guard bytes.count == expected else {
            throw .sizeMismatch(source: source, dimensions: dimensions, expected: expected, found: bytes.count)
        }
        return bytes.withUnsafeBytes { raw in
            NDArray(shape: dimensions, dtype: .uint8, bytes: UnsafeRawBufferPointer(rebasing: raw[header...]))
        }
    }

    private static func bigEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
