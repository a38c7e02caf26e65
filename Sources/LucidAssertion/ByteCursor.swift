import LucidJSON

/// Writes bytes at a pointer whose room the caller has already made sure of — the assertion's
/// request claims, built on the stack for each request.
///
///     var claims = ByteCursor(buffer.baseAddress!)
///     claims.append(#","iat":"#)
///     claims.append(decimal: 1_795_300_000)
struct ByteCursor {
    let start: UnsafeMutablePointer<UInt8>
    var count = 0

    init(_ start: UnsafeMutablePointer<UInt8>) { self.start = start }

    /// Where the next byte goes.
    var end: UnsafeMutablePointer<UInt8> { start + count }

    mutating func append(_ byte: UInt8) {
        start[count] = byte
        count += 1
    }

    mutating func append(_ text: StaticString) {
        end.initialize(from: text.utf8Start, count: text.utf8CodeUnitCount)
        count += text.utf8CodeUnitCount
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        end.initialize(from: base, count: bytes.count)
        count += bytes.count
    }

    /// An integer in decimal, digit by digit (at most 20 bytes).
    mutating func append(decimal: Int64) {
        if decimal < 0 { append(UInt8(ascii: "-")) }
        var v = decimal.magnitude
        var digits = 0
        repeat {
            digits += 1
            v /= 10
        } while v > 0
        v = decimal.magnitude
        for i in stride(from: digits - 1, through: 0, by: -1) {
            start[count + i] = UInt8(truncatingIfNeeded: v % 10) + 0x30
            v /= 10
        }
        count += digits
    }

    /// `s` as a JSON string literal (RFC 8259 §7): at most 2 + 6 × its UTF-8 length bytes.
    mutating func appendQuoted(_ s: String) {
        append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            if !bytes.contains(where: JSONText.needsEscape) { return append(bytes) }
            for b in bytes {
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    append(UInt8(ascii: "\\"))
                    append(b)
                case 0x0A: append(#"\n"#)
                case 0x0D: append(#"\r"#)
                case 0x09: append(#"\t"#)
                case 0..<0x20:
                    append(#"\u00"#)
                    append(JSONText.hex[Int(b >> 4)])
                    append(JSONText.hex[Int(b & 15)])
                default: append(b)
                }
            }
        }
        append(UInt8(ascii: "\""))
    }
}
