/// Checks that a JSON text names no member twice in any object, comparing names after unescaping
/// (`"a"` and `"\u0061"` are the same name). RFC 8259 §4 leaves duplicates to the reader, and
/// Foundation's `JSONSerialization` and `Codable` (which jwt-kit decodes with) silently keep one of
/// them; a token or body whose meaning depends on which one is kept is refused instead. Written by
/// hand because no available JSON reader reports duplicates.
///
///     UniqueMembers.check(Array(#"{"role":"admin","role":"end_user"}"#.utf8))  // .duplicate("role")
public enum UniqueMembers {
    /// The outcome of a check.
    public enum Outcome: Equatable, Sendable {
        case unique
        /// The first name that appears twice in one object.
        case duplicate(String)
        /// Not a JSON text (the caller's own parser reports the details).
        case malformed
    }

    static let maxDepth = 64

    public static func check(_ bytes: some Collection<UInt8>) -> Outcome {
        let bytes = Array(bytes)
        var scanner = Scanner(bytes: bytes)
        do {
            scanner.skipSpace()
            try scanner.value(depth: 0)
            scanner.skipSpace()
            return scanner.at == bytes.count ? .unique : .malformed
        } catch let stop {
            return stop.outcome
        }
    }

    private struct Stop: Error {
        let outcome: Outcome
    }

    private struct Scanner {
        let bytes: [UInt8]
        var at = 0

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[at]) { at += 1 }
        }

        func peek() throws(Stop) -> UInt8 {
            guard at < bytes.count else { throw Stop(outcome: .malformed) }
            return bytes[at]
        }

        mutating func value(depth: Int) throws(Stop) {
            guard depth <= UniqueMembers.maxDepth else { throw Stop(outcome: .malformed) }
            switch try peek() {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): _ = try string()
            default: try scalar()
            }
        }

        mutating func object(depth: Int) throws(Stop) {
            at += 1
            var names = Set<[UInt8]>()
            skipSpace()
            if try peek() == UInt8(ascii: "}") {
                at += 1
                return
            }
            while true {
                skipSpace()
                guard try peek() == UInt8(ascii: "\"") else { throw Stop(outcome: .malformed) }
                let name = try string()
                guard names.insert(name).inserted else {
                    throw Stop(outcome: .duplicate(String(decoding: name, as: UTF8.self)))
                }
                skipSpace()
                guard try peek() == UInt8(ascii: ":") else { throw Stop(outcome: .malformed) }
                at += 1
                skipSpace()
                try value(depth: depth + 1)
                skipSpace()
                let next = try peek()
                at += 1
                if next == UInt8(ascii: "}") { return }
                guard next == UInt8(ascii: ",") else { throw Stop(outcome: .malformed) }
            }
        }

        mutating func array(depth: Int) throws(Stop) {
            at += 1
            skipSpace()
            if try peek() == UInt8(ascii: "]") {
                at += 1
                return
            }
            while true {
                skipSpace()
                try value(depth: depth + 1)
                skipSpace()
                let next = try peek()
                at += 1
                if next == UInt8(ascii: "]") { return }
                guard next == UInt8(ascii: ",") else { throw Stop(outcome: .malformed) }
            }
        }

        /// A literal or number: its characters are taken as a run (their syntax is the caller's
        /// parser's to judge; only names matter here).
        mutating func scalar() throws(Stop) {
            let start = at
            while at < bytes.count,
                bytes[at] == UInt8(ascii: "-") || bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: ".")
                    || (bytes[at] >= UInt8(ascii: "0") && bytes[at] <= UInt8(ascii: "9"))
                    || (bytes[at] >= UInt8(ascii: "a") && bytes[at] <= UInt8(ascii: "z"))
                    || bytes[at] == UInt8(ascii: "E")
            {
                at += 1
            }
            guard at > start else { throw Stop(outcome: .malformed) }
        }

        /// A string's value as UTF-8 (escapes resolved; a lone surrogate kept as its code unit's
        /// escape text, so two different lone surrogates stay different).
        mutating func string() throws(Stop) -> [UInt8] {
            at += 1
            var out = [UInt8]()
            while true {
                let c = try peek()
                at += 1
                switch c {
                case UInt8(ascii: "\""): return out
                case UInt8(ascii: "\\"):
                    let e = try peek()
                    at += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0c)
                    case UInt8(ascii: "n"): out.append(0x0a)
                    case UInt8(ascii: "r"): out.append(0x0d)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"): try unicodeEscape(into: &out)
                    default: throw Stop(outcome: .malformed)
                    }
                case 0..<0x20: throw Stop(outcome: .malformed)
                default: out.append(c)
                }
            }
        }

        mutating func hex4() throws(Stop) -> UInt32 {
            guard at + 4 <= bytes.count else { throw Stop(outcome: .malformed) }
            var v: UInt32 = 0
            for c in bytes[at..<at + 4] {
                guard let d = Character(UnicodeScalar(c)).hexDigitValue else { throw Stop(outcome: .malformed) }
                v = v << 4 | UInt32(d)
            }
            at += 4
            return v
        }

        mutating func unicodeEscape(into out: inout [UInt8]) throws(Stop) {
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar), at + 6 <= bytes.count, bytes[at] == UInt8(ascii: "\\"),
                bytes[at + 1] == UInt8(ascii: "u")
            {
                let save = at
                at += 2
                let low = try hex4()
                if (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    at = save
                }
            }
            if let s = Unicode.Scalar(scalar) {
                out.append(contentsOf: Array(String(Character(s)).utf8))
            } else {
                out.append(contentsOf: Array("\\u\(String(scalar, radix: 16))".utf8))
            }
        }
    }
}
