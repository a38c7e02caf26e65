import Crypto
import Foundation

/// Mints `Lucid-Assertion` tokens synchronously: a compact HS256 JWS whose header and claims are
/// written as bytes directly (no Codable, no actor hop, the HMAC key schedule computed once), so the
/// gateway can sign one per request cheaply. The wallet verifies them with jwt-kit
/// (`AssertionVerifier`), which keeps this encoder honest.
///
/// ```swift
/// let signer = AssertionSigner(key: key)
/// let token = signer.sign(principal, method: "GET", pathAndQuery: "/api/v1/payouts", body: [])
/// ```
public struct AssertionSigner: Sendable {
    private let keyed: HMAC<SHA256>
    private let encodedHeader: [UInt8]
    private static let emptyBodyHash = Array(InternalAssertion.bodyHash([UInt8]()).utf8)

    public init(key: AssertionKey) {
        keyed = HMAC<SHA256>(key: SymmetricKey(data: key.secret))
        var header = Array(#"{"alg":"HS256","typ":"JWT","kid":"#.utf8)
        JSONText.appendQuoted(key.kid, to: &header)
        header.append(UInt8(ascii: "}"))
        encodedHeader = Base64URL.encodeBytes(header)
    }

    /// The compact JWS for one request; `lifetime` is capped at 30 s.
    public func sign(
        _ principal: Principal, method: String, pathAndQuery: String, body: some Collection<UInt8>,
        now: Date = Date(), lifetime: TimeInterval = 20
    ) -> String {
        let iat = Int64(now.timeIntervalSince1970.rounded(.down))
        let exp = iat + Int64(min(lifetime, InternalAssertion.maxLifetime))
        var claims = [UInt8]()
        claims.reserveCapacity(384 + pathAndQuery.utf8.count)
        claims += #"{"iss":"lucid-gateway","aud":["lucid-wallet"],"sub":"#.utf8
        JSONText.appendQuoted(principal.subject, to: &claims)
        claims += #","role":"#.utf8
        JSONText.appendQuoted(principal.role, to: &claims)
        claims += #","perms":["#.utf8
        for (i, p) in principal.permissions.sorted().enumerated() {
            if i > 0 { claims.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(p, to: &claims)
        }
        claims.append(UInt8(ascii: "]"))
        if let nodes = principal.nodeIDs {
            claims += #","node_ids":["#.utf8
            for (i, n) in nodes.enumerated() {
                if i > 0 { claims.append(UInt8(ascii: ",")) }
                JSONText.appendQuoted(n, to: &claims)
            }
            claims.append(UInt8(ascii: "]"))
        }
        claims += #","rid":"#.utf8
        JSONText.appendQuoted(principal.requestID, to: &claims)
        claims += #","htm":"#.utf8
        JSONText.appendQuoted(method, to: &claims)
        claims += #","htu":"#.utf8
        JSONText.appendQuoted(pathAndQuery, to: &claims)
        claims += #","bh":""#.utf8
        claims += body.isEmpty ? Self.emptyBodyHash : Array(InternalAssertion.bodyHash(body).utf8)
        claims += #"","iat":"#.utf8
        claims += String(iat).utf8
        claims += #","exp":"#.utf8
        claims += String(exp).utf8
        claims.append(UInt8(ascii: "}"))

        var token = encodedHeader
        token.reserveCapacity(encodedHeader.count + claims.count * 4 / 3 + 48)
        token.append(UInt8(ascii: "."))
        Base64URL.encode(claims, into: &token)
        var mac = keyed
        token.withUnsafeBufferPointer { mac.update(data: UnsafeRawBufferPointer($0)) }
        let tag = mac.finalize()
        token.append(UInt8(ascii: "."))
        tag.withUnsafeBytes { Base64URL.encode($0, into: &token) }
        return String(decoding: token, as: UTF8.self)
    }
}

/// base64url without padding (RFC 7515 §2).
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: encodeBytes(bytes), as: UTF8.self)
    }

    public static func encodeBytes(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        encode(bytes, into: &out)
        return out
    }

    /// Appends the encoding of `bytes` to `out`.
    public static func encode(_ bytes: some Collection<UInt8>, into out: inout [UInt8]) {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ encode(UnsafeRawBufferPointer($0), into: &out) }) {
            return done
        }
        Array(bytes).withUnsafeBytes { encode($0, into: &out) }
    }

    /// Appends the encoding of raw bytes to `out` (the one loop every overload ends in).
    public static func encode(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        let n = bytes.count
        let length = n / 3 * 4 + [0, 2, 3][n % 3]
        let encoded = [UInt8](unsafeUninitializedCapacity: length) { dst, initialized in
            alphabet.withUnsafeBufferPointer { table in
                var i = 0
                var o = 0
                while i + 3 <= n {
                    let a = bytes[i]
                    let b = bytes[i + 1]
                    let c = bytes[i + 2]
                    dst[o] = table[Int(a >> 2)]
                    dst[o + 1] = table[Int((a & 0x03) << 4 | b >> 4)]
                    dst[o + 2] = table[Int((b & 0x0f) << 2 | c >> 6)]
                    dst[o + 3] = table[Int(c & 0x3f)]
                    i += 3
                    o += 4
                }
                if n - i == 1 {
                    let a = bytes[i]
                    dst[o] = table[Int(a >> 2)]
                    dst[o + 1] = table[Int((a & 0x03) << 4)]
                } else if n - i == 2 {
                    let a = bytes[i]
                    let b = bytes[i + 1]
                    dst[o] = table[Int(a >> 2)]
                    dst[o + 1] = table[Int((a & 0x03) << 4 | b >> 4)]
                    dst[o + 2] = table[Int((b & 0x0f) << 2)]
                }
            }
            initialized = length
        }
        out += encoded
    }

    /// nil when `text` is not base64url (padding is tolerated).
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map(Array.init)
    }
}

/// Minimal JSON text writing for hand-built documents (strings escaped per RFC 8259 §7).
public enum JSONText {
    private static let hex = Array("0123456789abcdef".utf8)

    /// Appends `s` as a JSON string literal to UTF-8 bytes.
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Fast path: nothing to escape, copy the bytes at once.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s.utf8
            out.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `s` as a JSON string literal.
    public static func appendQuoted(_ s: String, to out: inout String) {
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
