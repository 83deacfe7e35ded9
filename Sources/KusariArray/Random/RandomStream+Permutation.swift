// Random permutations by sorting random keys, the form a GPU sort can reproduce exactly.

extension RandomStream {
    /// A random permutation of `0 ..< n` as an int64 array, as NumPy's `random.permutation(n)`.
    ///
    /// Index i gets the 64-bit key `x64(w_2s, w_2s+1)` of draw element i (the same words
    /// `randint` uses); the result lists the indices in ascending order of `(key, index)`.
    /// Every order is equally likely except for key ties, which have probability below
    /// n² / 2⁶⁵.
    public mutating func permutation(_ n: Int) -> NDArray {
        precondition(n >= 0, "permutation: n must be non-negative, got \(n)")
        var keys = [UInt64](repeating: 0, count: n)
        keys.withUnsafeMutableBufferPointer { fill($0, perBlock: 2) { w0, w1, w2, w3 in
            (Self.x64(w0, w1), Self.x64(w2, w3), 0, 0)
        } }
        var order = Array(Int64(0) ..< Int64(n))
        keys.withUnsafeBufferPointer { keys in
            order.sort { a, b in
                let ka = keys[Int(a)], kb = keys[Int(b)]
                return ka != kb ? ka < kb : a < b
            }
        }
        return NDArray(order, shape: [n])
    }
}
