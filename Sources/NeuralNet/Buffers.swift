// Raw-pointer access to `[Double]` storage for the layer kernels, without force unwraps.

extension Array where Element == Double {
    /// An array of `count` Doubles whose every element `body` writes through the pointer.
    ///
    /// The storage is not zeroed first: `body` must write all `count` elements.
    @inline(__always)
    static func filled(_ count: Int, _ body: (UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        guard count > 0 else { return [] }
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            body(base)
            initialized = count
        }
    }

    /// Calls `body` with a pointer to the first element (to a lone 0 when the array is empty).
    @inline(__always)
    func withBase<R>(_ body: (UnsafePointer<Double>) -> R) -> R {
        withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { return body(base) }
            var zero = 0.0
            return withUnsafePointer(to: &zero) { body($0) }
        }
    }

    /// Calls `body` with a mutable pointer to the first element (to a scratch 0 when empty).
    @inline(__always)
    mutating func withMutableBase<R>(_ body: (UnsafeMutablePointer<Double>) -> R) -> R {
        withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { return body(base) }
            var zero = 0.0
            return withUnsafeMutablePointer(to: &zero) { body($0) }
        }
    }
}
