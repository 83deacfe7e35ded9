// Writes a ZIP archive (PKWARE APPNOTE 6.3): stored or deflated members, ZIP64 when needed.

/// Builds a ZIP archive in memory, member by member, in the order they are added.
///
/// Sizes and offsets that do not fit in 32 bits go to ZIP64 records (extra field 0x0001, the
/// ZIP64 end of central directory record and its locator), as Python's `zipfile` writes them.
/// Timestamps are fixed at 1980-01-01 00:00 so the same arrays always give the same bytes.
struct ZIPWriter {
    /// Writes ZIP64 records even when everything fits in 32 bits, so tests can exercise the
    /// ZIP64 paths without writing 4 GiB.
    var forceZIP64 = false
    private var archive: [UInt8] = []
    private var centralDirectory: [UInt8] = []
    private var entryCount = 0

    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1  // 1980-01-01
    private static let limit32 = Int(UInt32.max)

    init(forceZIP64: Bool = false) { self.forceZIP64 = forceZIP64 }

    /// Appends a member named `name` holding `data`, deflated when `compress` is true.
    mutating func add(_ name: String, _ data: [UInt8], compress: Bool) throws(SerializationError) {
        let crc = Deflate.crc32(data)
        let payload = compress ? try Deflate.compress(data) : data
        let offset = archive.count
        let zip64 = forceZIP64 || data.count >= ZIPWriter.limit32 || payload.count >= ZIPWriter.limit32
            || offset >= ZIPWriter.limit32
        let nameBytes = Array(name.utf8)
        let common = Common(version: zip64 ? 45 : 20, flags: nameBytes.allSatisfy { $0 < 0x80 } ? 0 : 0x800,
                            method: compress ? 8 : 0, crc: crc)

        archive.appendLittleEndian(ZIPSignature.localFile)
        common.write(to: &archive)
        archive.appendLittleEndian(zip64 ? UInt32.max : UInt32(payload.count))
        archive.appendLittleEndian(zip64 ? UInt32.max : UInt32(data.count))
        archive.appendLittleEndian(UInt16(nameBytes.count))
        archive.appendLittleEndian(UInt16(zip64 ? 20 : 0))
        archive += nameBytes
        if zip64 {
            archive.appendLittleEndian(UInt16(1))
            archive.appendLittleEndian(UInt16(16))
            archive.appendLittleEndian(UInt64(data.count))
            archive.appendLittleEndian(UInt64(payload.count))
        }
        archive += payload

        centralDirectory.appendLittleEndian(ZIPSignature.centralFile)
        centralDirectory.appendLittleEndian(common.version)  // version made by: MS-DOS host
        common.write(to: &centralDirectory)
        centralDirectory.appendLittleEndian(zip64 ? UInt32.max : UInt32(payload.count))
        centralDirectory.appendLittleEndian(zip64 ? UInt32.max : UInt32(data.count))
        centralDirectory.appendLittleEndian(UInt16(nameBytes.count))
        centralDirectory.appendLittleEndian(UInt16(zip64 ? 28 : 0))
        centralDirectory.appendLittleEndian(UInt16(0))  // comment length
        centralDirectory.appendLittleEndian(UInt16(0))  // disk number start
        centralDirectory.appendLittleEndian(UInt16(0))  // internal attributes
        centralDirectory.appendLittleEndian(UInt32(0))  // external attributes
        centralDirectory.appendLittleEndian(zip64 ? UInt32.max : UInt32(offset))
        centralDirectory += nameBytes
        if zip64 {
            centralDirectory.appendLittleEndian(UInt16(1))
            centralDirectory.appendLittleEndian(UInt16(24))
            centralDirectory.appendLittleEndian(UInt64(data.count))
            centralDirectory.appendLittleEndian(UInt64(payload.count))
            centralDirectory.appendLittleEndian(UInt64(offset))
        }
        entryCount += 1
    }

    /// The finished archive: the members, the central directory and the end records.
    consuming func finish() -> [UInt8] {
        let directoryOffset = archive.count, directorySize = centralDirectory.count
        archive += centralDirectory
        let zip64 = forceZIP64 || entryCount >= Int(UInt16.max) || directoryOffset >= ZIPWriter.limit32
            || directorySize >= ZIPWriter.limit32
        if zip64 {
            let recordOffset = archive.count
            archive.appendLittleEndian(ZIPSignature.zip64End)
            archive.appendLittleEndian(UInt64(44))  // size of the rest of this record
            archive.appendLittleEndian(UInt16(45))  // version made by
            archive.appendLittleEndian(UInt16(45))  // version needed
            archive.appendLittleEndian(UInt32(0))  // this disk
            archive.appendLittleEndian(UInt32(0))  // disk holding the central directory
            archive.appendLittleEndian(UInt64(entryCount))
            archive.appendLittleEndian(UInt64(entryCount))
            archive.appendLittleEndian(UInt64(directorySize))
            archive.appendLittleEndian(UInt64(directoryOffset))
            archive.appendLittleEndian(ZIPSignature.zip64Locator)
            archive.appendLittleEndian(UInt32(0))  // disk holding the ZIP64 record
            archive.appendLittleEndian(UInt64(recordOffset))
            archive.appendLittleEndian(UInt32(1))  // total disks
        }
        archive.appendLittleEndian(ZIPSignature.end)
        archive.appendLittleEndian(UInt16(0))  // this disk
        archive.appendLittleEndian(UInt16(0))  // disk holding the central directory
        let entries = zip64 ? UInt16.max : UInt16(entryCount)
        archive.appendLittleEndian(entries)
        archive.appendLittleEndian(entries)
        archive.appendLittleEndian(zip64 ? UInt32.max : UInt32(directorySize))
        archive.appendLittleEndian(zip64 ? UInt32.max : UInt32(directoryOffset))
        archive.appendLittleEndian(UInt16(0))  // comment length
        return archive
    }

    /// The header fields the local and central records share, from "version needed" to the CRC.
    private struct Common {
        var version: UInt16, flags: UInt16, method: UInt16, crc: UInt32

        func write(to bytes: inout [UInt8]) {
            bytes.appendLittleEndian(version)
            bytes.appendLittleEndian(flags)
            bytes.appendLittleEndian(method)
            bytes.appendLittleEndian(UInt16(0))  // modification time 00:00:00
            bytes.appendLittleEndian(ZIPWriter.dosDate)
            bytes.appendLittleEndian(crc)
        }
    }
}

/// The four-byte record signatures of the ZIP format (little-endian `PK\x03\x04` and so on).
enum ZIPSignature {
    static let localFile: UInt32 = 0x0403_4B50
    static let centralFile: UInt32 = 0x0201_4B50
    static let end: UInt32 = 0x0605_4B50
    static let zip64End: UInt32 = 0x0606_4B50
    static let zip64Locator: UInt32 = 0x0706_4B50
}
