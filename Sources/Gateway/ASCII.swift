import HTTPWire

/// Allocation-free ASCII helpers for header names and values on the request path.
enum ASCII {
    /// Whether `s` equals `lowercase` ignoring ASCII case (`lowercase` must be lower-case).
    @inline(__always)
    static func equalsIgnoringCase(_ s: String, _ lowercase: StaticString) -> Bool {
        var s = s
        return s.withUTF8 { ASCIIBytes.equalsIgnoringCase(UnsafeRawBufferPointer($0), lowercase) }
    }

    /// Whether every UTF-8 byte of `text` passes `ok`, read from contiguous storage where the
    /// string has it (native strings do), without an iterator per byte.
    static func all(_ text: some StringProtocol, _ ok: (UInt8) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(ok) } ?? text.utf8.allSatisfy(ok)
    }
}
