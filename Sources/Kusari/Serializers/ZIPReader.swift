// Reads a ZIP archive through its central directory, checking every bound and every CRC.

/// One member of a ZIP archive, decompressed and CRC-checked.
struct ZIPMember {
    var name: String
    var data: [UInt8]
}

/// Reads the members of a ZIP archive (PKWARE APPNOTE 6.3): stored (method 0) and deflated
/// (method 8) members, ZIP64 sizes and offsets. Refuses, with a `SerializationError`, anything
/// it cannot read exactly: missing or bad signatures, truncation, CRC mismatches, encryption,
/// other compression methods, multi-disk archives.
enum ZIPReader {
    private static let endRecordSize = 22
    /// Deflate cannot expand data by more than about 1032:1; a larger declared size is a lie
    /// that would otherwise make us allocate gigabytes for a few corrupt bytes.
    private static let maxDeflateRatio = 1100

    static func read(_ bytes: [UInt8]) throws(SerializationError) -> [ZIPMember] {
        let end = try findEndRecord(bytes)
        var reader = ByteReader(bytes, at: end + 4, context: "end of central directory record")
        let disk = try reader.u16(), directoryDisk = try reader.u16()
        _ = try reader.u16()
        var entries = UInt64(try reader.u16())
        var directorySize = UInt64(try reader.u32()), directoryOffset = UInt64(try reader.u32())
        guard disk == 0, directoryDisk == 0 else {
            throw SerializationError("unsupported multi-disk ZIP archive (disk \(disk)), expected a single file")
        }
        var directoryEnd = end
        if end >= 20, try signature(bytes, at: end - 20) == ZIPSignature.zip64Locator {
            var locator = ByteReader(bytes, at: end - 12, context: "ZIP64 end of central directory locator")
            let recordOffset = try checkedInt(try locator.u64(), "ZIP64 record offset")
            guard recordOffset < end - 20, try signature(bytes, at: recordOffset) == ZIPSignature.zip64End else {
                throw SerializationError("bad ZIP64 end of central directory record at offset \(recordOffset): expected signature 50 4b 06 06")
            }
            var record = ByteReader(bytes, at: recordOffset + 4 + 8 + 2 + 2, context: "ZIP64 end of central directory record")
            guard try record.u32() == 0, try record.u32() == 0 else {
                throw SerializationError("unsupported multi-disk ZIP64 archive, expected a single file")
            }
            _ = try record.u64()
            entries = try record.u64()
            directorySize = try record.u64()
            directoryOffset = try record.u64()
            directoryEnd = recordOffset
        }
        let start = try checkedInt(directoryOffset, "central directory offset")
        let size = try checkedInt(directorySize, "central directory size")
        guard start <= directoryEnd, size <= directoryEnd - start else {
            throw SerializationError("truncated archive: central directory of \(size) bytes at offset \(start) does not fit before offset \(directoryEnd)")
        }
        // Each central record is at least 46 bytes, which bounds a believable entry count.
        guard entries <= UInt64(size / 46) else {
            throw SerializationError("corrupt archive: \(entries) entries cannot fit in a central directory of \(size) bytes")
        }
        var directory = ByteReader(bytes, at: start, context: "central directory")
        var members: [ZIPMember] = []
        for _ in 0..<entries {
            members.append(try readEntry(&directory, bytes))
        }
        return members
    }

    /// The offset of the end of central directory record: the last signature whose comment
    /// length reaches exactly to the end of the file.
    private static func findEndRecord(_ bytes: [UInt8]) throws(SerializationError) -> Int {
        guard bytes.count >= endRecordSize else {
            throw SerializationError("not a ZIP archive: \(bytes.count) bytes is shorter than the \(endRecordSize)-byte end of central directory record")
        }
        let lowest = max(0, bytes.count - endRecordSize - Int(UInt16.max))
        for offset in stride(from: bytes.count - endRecordSize, through: lowest, by: -1)
        where try signature(bytes, at: offset) == ZIPSignature.end {
            let comment = Int(bytes[offset + 20]) | Int(bytes[offset + 21]) << 8
            if offset + endRecordSize + comment == bytes.count { return offset }
        }
        throw SerializationError("not a ZIP archive: no end of central directory record (signature 50 4b 05 06) found, last bytes are \(hex(bytes.suffix(4)))")
    }

    private static func signature(_ bytes: [UInt8], at offset: Int) throws(SerializationError) -> UInt32 {
        var reader = ByteReader(bytes, at: offset, context: "record signature")
        return try reader.u32()
    }

    private static func readEntry(_ directory: inout ByteReader, _ bytes: [UInt8]) throws(SerializationError) -> ZIPMember {
        let recordOffset = directory.position
        let found = try directory.u32()
        guard found == ZIPSignature.centralFile else {
            throw SerializationError("bad central directory signature at offset \(recordOffset): expected 50 4b 01 02, found \(hex(bytes[recordOffset..<(recordOffset + 4)]))")
        }
        try directory.skip(4)  // versions made by and needed
        let flags = try directory.u16(), method = try directory.u16()
        try directory.skip(4)  // time and date
        let crc = try directory.u32()
        var compressedSize = UInt64(try directory.u32()), size = UInt64(try directory.u32())
        let nameLength = Int(try directory.u16()), extraLength = Int(try directory.u16())
        let commentLength = Int(try directory.u16())
        try directory.skip(8)  // disk number, internal and external attributes
        var localOffset = UInt64(try directory.u32())
        // Names are read as UTF-8 whether or not flag bit 11 says so: NumPy's keys are ASCII or
        // flagged UTF-8, and a wrong guess can only garble a name, never crash.
        let name = String(decoding: try directory.bytes(nameLength), as: UTF8.self)
        var extra = ByteReader(Array(try directory.bytes(extraLength)), context: "extra field of '\(name)'")
        try directory.skip(commentLength)

        while extra.position < extra.bytes.count {
            let id = try extra.u16(), length = Int(try extra.u16())
            guard id == 0x0001 else { try extra.skip(length); continue }
            var field = ByteReader(Array(try extra.bytes(length)), context: "ZIP64 extra field of '\(name)'")
            if size == UInt64(UInt32.max) { size = try field.u64() }
            if compressedSize == UInt64(UInt32.max) { compressedSize = try field.u64() }
            if localOffset == UInt64(UInt32.max) { localOffset = try field.u64() }
        }
        do throws(SerializationError) {
            guard flags & 0x41 == 0 else {
                throw SerializationError("unsupported encrypted member, expected an unencrypted archive")
            }
            guard method == 0 || method == 8 else {
                throw SerializationError("unsupported compression method \(method), expected 0 (stored) or 8 (deflate)")
            }
            let data = try readData(bytes, at: try checkedInt(localOffset, "local header offset"),
                                    compressedSize: try checkedInt(compressedSize, "compressed size"),
                                    size: try checkedInt(size, "size"), deflated: method == 8)
            let actual = Deflate.crc32(data)
            guard actual == crc else {
                throw SerializationError("CRC mismatch, expected \(hex32(crc)), found \(hex32(actual))")
            }
            return ZIPMember(name: name, data: data)
        } catch {
            throw error.atKey(name)
        }
    }

    private static func readData(_ bytes: [UInt8], at offset: Int, compressedSize: Int, size: Int,
                                 deflated: Bool) throws(SerializationError) -> [UInt8] {
        var local = ByteReader(bytes, at: offset, context: "local file header")
        guard try local.u32() == ZIPSignature.localFile else {
            throw SerializationError("bad local file header signature at offset \(offset): expected 50 4b 03 04, found \(hex(bytes[offset..<(offset + 4)]))")
        }
        try local.skip(22)
        let nameLength = Int(try local.u16()), extraLength = Int(try local.u16())
        try local.skip(nameLength + extraLength)
        guard local.bytes.count - local.position >= compressedSize else {
            throw SerializationError("truncated member: expected \(compressedSize) bytes at offset \(local.position), found \(local.bytes.count - local.position)")
        }
        let payload = try local.bytes(compressedSize)
        guard deflated else {
            guard compressedSize == size else {
                throw SerializationError("corrupt stored member: compressed size \(compressedSize) differs from size \(size)")
            }
            return Array(payload)
        }
        let (bound, overflow) = compressedSize.multipliedReportingOverflow(by: maxDeflateRatio)
        guard overflow || size <= bound + 1024 else {
            throw SerializationError("corrupt member: \(compressedSize) deflated bytes cannot decode to the declared \(size) bytes")
        }
        return try Deflate.decompress(payload, size: size)
    }

    private static func hex32(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
