/// Tokens of the ACL language: identifiers, strings, `{ } [ ] = ,`; `#` and `//` comments.
struct PolicyToken: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        case string(String)
        case symbol(UInt8)
        case end
    }

    var kind: Kind
    var line: Int
    var column: Int
}

/// Turns bytes into tokens; any byte it cannot place is a syntax error with its position.
struct PolicyLexer {
    static let maxStringBytes = 4096

    let file: String
    let bytes: [UInt8]
    var i = 0
    var line = 1
    var column = 1

    init(file: String, text: String) {
        self.file = file
        self.bytes = Array(text.utf8)
    }

    func error(_ message: String) -> PolicyError { .syntax(file: file, line: line, column: column, message: message) }

    mutating func advance() {
        if bytes[i] == 0x0a {
            line += 1
            column = 1
        } else if bytes[i] & 0xC0 != 0x80 {
            column += 1
        }
        i += 1
    }

    mutating func next() throws(PolicyError) -> PolicyToken {
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d {
                advance()
            } else if c == UInt8(ascii: "#")
                || (c == UInt8(ascii: "/") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "/"))
            {
                while i < bytes.count, bytes[i] != 0x0a { advance() }
            } else {
                break
            }
        }
        guard i < bytes.count else { return PolicyToken(kind: .end, line: line, column: column) }
        let (l, col) = (line, column)
        let c = bytes[i]
        switch c {
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "="),
            UInt8(ascii: ","):
            advance()
            return PolicyToken(kind: .symbol(c), line: l, column: col)
        case UInt8(ascii: "\""):
            advance()
            var out: [UInt8] = []
            while true {
                guard i < bytes.count, bytes[i] != 0x0a else {
                    throw .syntax(file: file, line: l, column: col, message: "unterminated string")
                }
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    advance()
                    break
                }
                if b == UInt8(ascii: "\\") {
                    advance()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "\\") else {
                        throw error("only \\\" and \\\\ escapes are allowed in strings")
                    }
                }
                guard bytes[i] >= 0x20 || bytes[i] == 0x09 else { throw error("control character in string") }
                out.append(bytes[i])
                advance()
                guard out.count <= Self.maxStringBytes else {
                    throw error("string longer than \(Self.maxStringBytes) bytes")
                }
            }
            guard let s = String(validating: out, as: UTF8.self) else { throw error("string is not valid UTF-8") }
            return PolicyToken(kind: .string(s), line: l, column: col)
        default:
            let isIdentStart =
                (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || c == UInt8(ascii: "_")
            guard isIdentStart else {
                let shown =
                    c >= 0x21 && c < 0x7f ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x" + String(c, radix: 16)
                throw error("unexpected \(shown)")
            }
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                let ok =
                    (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
                    || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                    || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
                guard ok, out.count < 64 else { break }
                out.append(b)
                advance()
            }
            return PolicyToken(kind: .identifier(String(decoding: out, as: UTF8.self)), line: l, column: col)
        }
    }
}
