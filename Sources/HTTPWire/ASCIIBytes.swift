/// Byte-level ASCII comparison shared by the request and response parsers and the gateway's bearer
/// check.
///
///     ASCIIBytes.equalsIgnoringCase(UnsafeRawBufferPointer(bytes), "content-length")
public enum ASCIIBytes {
    /// Whether `bytes` equal `lowercase` ignoring ASCII case (`lowercase` must be lower-case); only
    /// the letters A–Z fold, so no other byte can pass for one of `lowercase`'s.
    @inlinable
    public static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let q = lowercase.utf8Start
        for i in 0..<bytes.count {
            let c = bytes[i]
            let lower = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
            if lower != q[i] { return false }
        }
        return true
    }
}
