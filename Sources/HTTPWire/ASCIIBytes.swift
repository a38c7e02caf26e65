/// Byte-level ASCII helpers shared by the request and response parsers and the gateway's bearer
/// check: a case-insensitive compare, hexadecimal digits, and word-at-a-time byte tests.
///
///     ASCIIBytes.equalsIgnoringCase(UnsafeRawBufferPointer(bytes), "content-length")
public enum ASCIIBytes {
    /// Whether `bytes` equal `lowercase` ignoring ASCII case (`lowercase` must be lower-case); only
    /// the letters A–Z fold, so no other byte can pass for one of `lowercase`'s.
    @inlinable
    public static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        equalsIgnoringCase(
            bytes, lowercase: UnsafeRawBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount))
    }

    /// The same, for a lower-case text known only at run time (an allow-list entry, say).
    @inlinable
    public static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, lowercase: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == lowercase.count else { return false }
        for i in 0..<bytes.count {
            let c = bytes[i]
            let lower = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
            if lower != lowercase[i] { return false }
        }
        return true
    }

    /// Whether some byte of the word `w` is `b` (exact as to whether; eight bytes per test).
    @inlinable
    public static func hasByte(_ w: UInt64, _ b: UInt8) -> Bool {
        let x = w ^ (0x0101_0101_0101_0101 &* UInt64(b))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }

    /// Whether `bytes` hold the byte `b`, tested eight bytes at a time.
    @inlinable
    public static func contains(_ bytes: UnsafeRawBufferPointer, _ b: UInt8) -> Bool {
        var i = 0
        while i + 8 <= bytes.count {
            if hasByte(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self), b) { return true }
            i += 8
        }
        while i < bytes.count {
            if bytes[i] == b { return true }
            i += 1
        }
        return false
    }

    /// Whether some byte of the word `w` is below `n` (`n` ≤ 0x80; exact as to whether).
    @inlinable
    public static func hasByteBelow(_ w: UInt64, _ n: UInt8) -> Bool {
        (w &- 0x0101_0101_0101_0101 &* UInt64(n)) & ~w & 0x8080_8080_8080_8080 != 0
    }

    /// The value of a hexadecimal digit (either case), or nil.
    @inlinable
    public static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case 0x30...0x39: Int(b - 0x30)
        case 0x41...0x46: Int(b - 0x41 + 10)
        case 0x61...0x66: Int(b - 0x61 + 10)
        default: nil
        }
    }
}
