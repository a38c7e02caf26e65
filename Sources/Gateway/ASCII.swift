/// Allocation-free ASCII helpers for header names and values on the request path.
enum ASCII {
    /// Whether `s` equals `lowercase` ignoring ASCII case (`lowercase` must be lower-case).
    @inline(__always)
    static func equalsIgnoringCase(_ s: String, _ lowercase: StaticString) -> Bool {
        var s = s
        return s.withUTF8 { equalsIgnoringCase($0, lowercase) }
    }

    /// Whether the bytes `p` equal `lowercase` ignoring ASCII case (`lowercase` must be lower-case).
    @inline(__always)
    static func equalsIgnoringCase(_ p: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard p.count == lowercase.utf8CodeUnitCount else { return false }
        let q = lowercase.utf8Start
        for i in 0..<p.count {
            let c = p[i]
            let lower = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
            if lower != q[i] { return false }
        }
        return true
    }

    /// Whether every UTF-8 byte of `text` passes `ok`, read from contiguous storage where the
    /// string has it (native strings do), without an iterator per byte.
    static func all(_ text: some StringProtocol, _ ok: (UInt8) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(ok) } ?? text.utf8.allSatisfy(ok)
    }
}
