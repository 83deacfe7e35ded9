// The one copy loop behind every operation that moves elements without changing them:
// transpose, slicing, concatenation, stacking and padding.
import Foundation

enum StridedCopy {
    /// Side of the square tiles a transposing copy works in: two 32×32 tiles of 8-byte
    /// elements (16 KiB) stay in L1 while one is read by columns and the other written by rows.
    static let tile = 32

    /// Copies a `shape`-shaped block of `elementSize`-byte elements: the element at index
    /// (i₀, i₁, …) moves from `source + Σ iₖ·sourceStrides[k]` to
    /// `destination + Σ iₖ·destinationStrides[k]` (strides counted in elements).
    ///
    /// Axes that are contiguous in both layouts are merged first, so most copies become runs
    /// of `memcpy`; a copy that reads by columns and writes by rows (a transpose) goes through
    /// cache-sized tiles. Large copies are split over threads.
    static func copy(
        shape: [Int], elementSize: Int,
        from source: UnsafeRawPointer, strides sourceStrides: [Int],
        to destination: UnsafeMutableRawPointer, strides destinationStrides: [Int]
    ) {
        let total = shape.reduce(1, *)
        guard total > 0 else { return }
        var axes = merged(shape: shape, sourceStrides, destinationStrides)
        guard let inner = axes.popLast() else {
            destination.copyMemory(from: source, byteCount: elementSize)
            return
        }
        let outer = Odometer(axes)
        let grainChunks = Threading.chunkCount(total, grain: NDArray.elementwiseGrain)
        if let plane = outer.axes.last, plane.source == 1, inner.destination == 1, inner.source != 1 {
            // Tiled transpose of the last two axes: rows of `plane` read contiguously,
            // columns of `inner` written contiguously.
            let batches = Odometer(Array(axes.dropLast()))
            let rowTiles = (plane.size + tile - 1) / tile
            let units = batches.count * rowTiles, chunks = min(grainChunks, units)
            Threading.parallelFor(chunks) { chunk in
                for unit in Threading.range(of: chunk, in: chunks, count: units) {
                    let (s, d) = batches.offsets(of: unit / rowTiles)
                    let rows = (unit % rowTiles * tile)..<min(plane.size, (unit % rowTiles + 1) * tile)
                    transposeTile(rows: rows, columns: inner.size, elementSize: elementSize,
                                  from: source + (s + rows.lowerBound) * elementSize, rowStride: inner.source,
                                  to: destination + (d + rows.lowerBound * plane.destination) * elementSize,
                                  destinationRowStride: plane.destination)
                }
            }
            return
        }
        let units = outer.count, chunks = min(grainChunks, units)
        Threading.parallelFor(chunks) { chunk in
            let range = Threading.range(of: chunk, in: chunks, count: units)
            guard !range.isEmpty else { return }
            var (s, d) = outer.offsets(of: range.lowerBound)
            var index = outer.index(of: range.lowerBound)
            for _ in range {
                copyRow(count: inner.size, elementSize: elementSize,
                        from: source + s * elementSize, stride: inner.source,
                        to: destination + d * elementSize, stride: inner.destination)
                outer.advance(&index, &s, &d)
            }
        }
    }

    /// One axis of a copy: its length and its stride in each layout.
    struct Axis {
        var size: Int, source: Int, destination: Int
    }

    /// The axes with length-1 axes dropped and neighbours that are contiguous in both layouts
    /// merged into one.
    static func merged(shape: [Int], _ sourceStrides: [Int], _ destinationStrides: [Int]) -> [Axis] {
        var axes: [Axis] = []
        for k in shape.indices where shape[k] != 1 {
            let axis = Axis(size: shape[k], source: sourceStrides[k], destination: destinationStrides[k])
            if let last = axes.last, last.source == axis.source * axis.size,
               last.destination == axis.destination * axis.size {
                axes[axes.count - 1] = Axis(size: last.size * axis.size, source: axis.source, destination: axis.destination)
            } else {
                axes.append(axis)
            }
        }
        return axes
    }

    /// Copies `count` elements, one every `stride` elements on each side.
    static func copyRow(count: Int, elementSize: Int,
                        from source: UnsafeRawPointer, stride sourceStride: Int,
                        to destination: UnsafeMutableRawPointer, stride destinationStride: Int) {
        if sourceStride == 1 && destinationStride == 1 {
            destination.copyMemory(from: source, byteCount: count * elementSize)
            return
        }
        func run<W: FixedWidthInteger>(_ word: W.Type) {
            let s = sourceStride * elementSize, d = destinationStride * elementSize
            for i in 0..<count {
                destination.storeBytes(of: source.load(fromByteOffset: i * s, as: W.self), toByteOffset: i * d, as: W.self)
            }
        }
        switch elementSize {
        case 1: run(UInt8.self)
        case 4: run(UInt32.self)
        default: run(UInt64.self)
        }
    }

    /// Writes `destination[r·destinationRowStride + c] = source[r + c·rowStride]` for `r` in
    /// `rows` (relative to their start) and `c` in `0..<columns`, tile by tile.
    static func transposeTile(rows: Range<Int>, columns: Int, elementSize: Int,
                              from source: UnsafeRawPointer, rowStride: Int,
                              to destination: UnsafeMutableRawPointer, destinationRowStride: Int) {
        func run<W: FixedWidthInteger>(_ word: W.Type) {
            let size = elementSize
            for c0 in stride(from: 0, to: columns, by: tile) {
                let c1 = min(columns, c0 + tile)
                for r in 0..<rows.count {
                    for c in c0..<c1 {
                        let value = source.load(fromByteOffset: (r + c * rowStride) * size, as: W.self)
                        destination.storeBytes(of: value, toByteOffset: (r * destinationRowStride + c) * size, as: W.self)
                    }
                }
            }
        }
        switch elementSize {
        case 1: run(UInt8.self)
        case 4: run(UInt32.self)
        default: run(UInt64.self)
        }
    }
}

/// Walks the multi-indices of the outer axes of a copy in row-major order, keeping the
/// element offset on each side.
struct Odometer {
    let axes: [StridedCopy.Axis]
    var count: Int { axes.reduce(1) { $0 * $1.size } }

    init(_ axes: [StridedCopy.Axis]) { self.axes = axes }

    /// The multi-index of the `flat`-th position.
    func index(of flat: Int) -> [Int] {
        var rest = flat
        var index = [Int](repeating: 0, count: axes.count)
        for k in axes.indices.reversed() {
            index[k] = rest % axes[k].size
            rest /= axes[k].size
        }
        return index
    }

    /// The source and destination offsets of the `flat`-th position.
    func offsets(of flat: Int) -> (Int, Int) {
        let index = index(of: flat)
        var s = 0, d = 0
        for k in axes.indices {
            s += index[k] * axes[k].source
            d += index[k] * axes[k].destination
        }
        return (s, d)
    }

    /// Steps `index` to the next position, updating both offsets.
    func advance(_ index: inout [Int], _ s: inout Int, _ d: inout Int) {
        var k = axes.count - 1
        while k >= 0 {
            index[k] += 1
            s += axes[k].source
            d += axes[k].destination
            if index[k] < axes[k].size { return }
            s -= axes[k].source * axes[k].size
            d -= axes[k].destination * axes[k].size
            index[k] = 0
            k -= 1
        }
    }
}
