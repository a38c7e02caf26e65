/// Minimal JSON text writing for hand-built documents (strings escaped per RFC 8259 §7).
public enum JSONText {
    static let hex = Array("0123456789abcdef".utf8)

    /// Whether a byte must be escaped inside a JSON string.
    static func needsEscape(_ b: UInt8) -> Bool { b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") }

    /// Appends `s` as a JSON string literal to UTF-8 bytes.
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: 2 + 6 * s.utf8.count))
        let written = out.withUnsafeMutableBufferPointer { all in
            var cursor = ByteCursor(all.baseAddress! + start)
            cursor.appendQuoted(s)
            return cursor.count
        }
        out.removeLast(out.count - start - written)
    }

    /// Appends `s` as a JSON string literal (the access log's path: a string with nothing to
    /// escape is appended as it is).
    public static func appendQuoted(_ s: String, to out: inout String) {
        guard s.utf8.contains(where: needsEscape) else {
            out += "\""
            out += s
            out += "\""
            return
        }
        var bytes: [UInt8] = []
        appendQuoted(s, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func appendArray(_ items: [String], to out: inout String) {
        out += "["
        for (i, item) in items.enumerated() {
            if i > 0 { out += "," }
            appendQuoted(item, to: &out)
        }
        out += "]"
    }
}
