/// A JSON document with numbers kept as their exact literal text, so amounts and int64 values
/// never pass through floating point. Objects keep key order (java-tron's output order).
///
/// ```swift
/// let v = try JSONValue.parse(Array(#"{"amount": 12.5, "fee_limit": 10000000}"#.utf8))
/// v["fee_limit"]?.int64     // 10000000
/// v["amount"]?.numberText   // "12.5"
/// ```
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's literal text, validated as JSON number syntax.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// A number from an Int64.
    public static func int(_ v: Int64) -> JSONValue { .number(String(v)) }

    /// A number from an Int.
    public static func int(_ v: Int) -> JSONValue { .number(String(v)) }

    /// The member named `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.0 == key }?.1
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var object: [(String, JSONValue)]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The literal text of a number.
    public var numberText: String? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// An integer number (or a string of digits, as protobuf JSON allows for int64) that fits Int64.
    public var int64: Int64? {
        switch self {
        case .number(let n), .string(let n): Int64(n)
        default: nil
        }
    }

    public var isNull: Bool { if case .null = self { true } else { false } }

    /// An empty object `{}` — java-tron's "not found".
    public var isEmptyObject: Bool { if case .object(let o) = self { o.isEmpty } else { false } }
}

extension JSONValue {
    /// Parses strict RFC 8259 JSON (one value, optional surrounding whitespace, depth ≤ 64, no
    /// object naming a member twice).
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        var p = JSONParser(bytes: bytes)
        return try p.parseDocument()
    }

    /// Parses a UTF-8 string.
    public static func parse(_ text: String) throws(JSONError) -> JSONValue { try parse(Array(text.utf8)) }

    /// Compact serialization.
    public var serialized: String { String(decoding: bytes, as: UTF8.self) }

    /// Compact serialization as UTF-8 bytes (written straight into a byte buffer).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    /// Appends the compact serialization to `out`.
    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .number(let n): out += n.utf8
        case .string(let s): JSONText.appendQuoted(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in o.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendQuoted(k, to: &out)
                out.append(UInt8(ascii: ":"))
                v.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
