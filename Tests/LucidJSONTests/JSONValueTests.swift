import LucidJSON
import Testing

/// The one JSON value type: exact numbers, strict syntax, one meaning per object.
@Suite struct JSONValueTests {
    @Test("JSON keeps numbers exact and rejects malformed documents")
    func json() throws {
        let v = try JSONValue.parse(
            #"{"a": 0.1, "b": 123456789012345678901234567890, "c": "\u00e9\ud83d\ude00", "d": [true, null]}"#)
        #expect(v["a"]?.numberText == "0.1")
        #expect(v["b"]?.numberText == "123456789012345678901234567890")
        #expect(v["b"]?.int64 == nil)
        #expect(v["c"]?.string == "é😀")
        #expect(try JSONValue.parse(v.serialized) == v)
        for bad in [
            "", "{", "{\"a\":}", "[1,]", "01", "1.", "-", "\"\\x\"", "\"\u{01}\"", "{\"a\" 1}", "nul", "[1] 2",
            "\"\\ud800\"",
        ] {
            #expect(throws: JSONError.self, "\(bad)") { try JSONValue.parse(bad) }
        }
        // Serialization escapes what JSON requires (and U+2028/9) and round-trips exactly.
        let tricky = JSONValue.object([
            ("s", .string("quote \" backslash \\ nl \n cr \r tab \t nul \u{0} bell \u{7} ls \u{2028} ps \u{2029} é😀")),
            ("n", .number("-12.5e3")), ("a", .array([.null, .bool(false)])),
        ])
        #expect(try JSONValue.parse(tricky.serialized) == tricky)
        #expect(tricky.serialized.contains("\\u2028") && tricky.serialized.contains("\\u0007"))
        #expect(!tricky.serialized.unicodeScalars.contains { $0.value < 0x20 })
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONError.self) { try JSONValue.parse(deep) }
    }

    @Test("an object naming a member twice is refused, names compared after unescaping")
    func duplicateMembers() throws {
        #expect(try JSONValue.parse(#"{"a":1,"b":{"a":2}}"#)["b"]?["a"]?.int64 == 2)
        #expect(try JSONValue.parse(#"{"a":[{"x":1},{"x":2}]}"#)["a"]?.array?.count == 2)
        #expect(throws: JSONError.duplicateMember("x")) { try JSONValue.parse(#"{"a":{"x":1,"x":2}}"#) }
        #expect(throws: JSONError.duplicateMember("😀")) { try JSONValue.parse(#"{"\ud83d\ude00":1,"😀":2}"#) }
        #expect(throws: JSONError.duplicateMember("a")) { try JSONValue.parse(#"{"a":1,"\u0061":2}"#) }
    }
}
