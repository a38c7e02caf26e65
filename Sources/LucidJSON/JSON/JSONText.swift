/// JSON string literals (RFC 8259 §7) for the project's JSON writers: `JSONValue`, the problem
/// body, the access log and the assertion's fixed claims (its per-request claims are written in
/// place by LucidAssertion's `ByteCursor`, with this type's escape table). Escapes `"`, `\`, control characters and U+2028/U+2029;
/// copies every other UTF-8 byte, runs that need no escape in one go.
///
///     JSONText.quoted("a\"b")  // "\"a\\\"b\""
public enum JSONText {
    /// Lower-case hex digits for `\u00XX` escapes.
    public static let hex = Array("0123456789abcdef".utf8)

    /// Whether a byte must be escaped inside a JSON string.
    @inline(__always)
    public static func needsEscape(_ b: UInt8) -> Bool {
        b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\")
    }

    /// Appends `s` as a JSON string literal to UTF-8 bytes.
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { u in
            let backslash = UInt8(ascii: "\\")
            var start = 0
            var i = 0
            while i < u.count {
                let c = u[i]
                let isSeparator =
                    c == 0xE2 && i + 2 < u.count && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9)
                guard needsEscape(c) || isSeparator else {
                    i += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<i]))
                out.append(backslash)
                switch c {
                case UInt8(ascii: "\""), backslash: out.append(c)
                case 0x0a: out.append(UInt8(ascii: "n"))
                case 0x0d: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x00..<0x20:
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    out.append(hex[Int(c >> 4)])
                    out.append(hex[Int(c & 15)])
                default:  // U+2028 / U+2029
                    out.append(contentsOf: "u202".utf8)
                    out.append(u[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                    i += 2
                }
                i += 1
                start = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<u.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `s` as a JSON string literal (a string with nothing to escape is appended as it is:
    /// the access log's and the problem body's common case).
    public static func appendQuoted(_ s: String, to out: inout String) {
        guard s.utf8.contains(where: { needsEscape($0) || $0 == 0xE2 }) else {
            out += "\""
            out += s
            out += "\""
            return
        }
        var bytes: [UInt8] = []
        appendQuoted(s, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// `s` as a JSON string literal.
    public static func quoted(_ s: String) -> String {
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }

    /// Appends a JSON array of strings.
    public static func appendArray(_ items: [String], to out: inout String) {
        out += "["
        for (i, item) in items.enumerated() {
            if i > 0 { out += "," }
            appendQuoted(item, to: &out)
        }
        out += "]"
    }
}
