import Foundation

/// `application/x-www-form-urlencoded` bodies and HTTP Basic credentials (RFC 6749 §2.3.1).
enum FormBody {
    /// The named `fields` found; nil when the form is malformed (a bad percent escape, text that
    /// is not UTF-8) or when one of `fields` repeats (RFC 6749 §3.1). Other fields are
    /// unrecognised and ignored, repeated or not, as RFC 6749 §3.1 asks. The size is bounded by
    /// the body limit.
    ///
    ///     FormBody.parse(Array("grant_type=client_credentials&x=1&x=2".utf8), fields: ["grant_type"])
    static func parse(_ bytes: [UInt8], fields: Set<String>) -> [String: String]? {
        var out: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let kv = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let k = decode(kv[0]), let v = decode(kv.count > 1 ? kv[1] : []) else { return nil }
            guard fields.contains(k) else { continue }
            guard out[k] == nil else { return nil }
            out[k] = v
        }
        return out
    }

    static func decode(_ s: ArraySlice<UInt8>) -> String? {
        var bytes: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if c == UInt8(ascii: "%") {
                guard i + 2 < s.endIndex, let h = hex(s[i + 1]), let l = hex(s[i + 2]) else { return nil }
                bytes.append(h << 4 | l)
                i += 2
            } else {
                bytes.append(c)
            }
            i += 1
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }

    /// `Basic base64(id:secret)` with both parts form-decoded (RFC 6749 §2.3.1).
    static func basic(_ header: String) -> (String, String)? {
        guard header.prefix(6).lowercased() == "basic ", let data = Data(base64Encoded: String(header.dropFirst(6))),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":"),
            let id = decode(ArraySlice(Array(text[..<colon].utf8))),
            let secret = decode(ArraySlice(Array(text[text.index(after: colon)...].utf8)))
        else { return nil }
        return (id, secret)
    }
}
