import Crypto
import Foundation

/// Mints `Lucid-Assertion` tokens synchronously: a compact HS256 JWS whose header and claims are
/// written directly (no Codable, no actor hop), so the gateway can sign one per request cheaply.
/// The wallet verifies them with jwt-kit (`AssertionVerifier`), which keeps this encoder honest.
///
/// ```swift
/// let signer = AssertionSigner(key: key)
/// let token = signer.sign(principal, method: "GET", pathAndQuery: "/api/v1/payouts", body: [])
/// ```
public struct AssertionSigner: Sendable {
    private let key: SymmetricKey
    private let encodedHeader: String

    public init(key: AssertionKey) {
        self.key = SymmetricKey(data: key.secret)
        var header = #"{"alg":"HS256","typ":"JWT","kid":"#
        JSONText.appendQuoted(key.kid, to: &header)
        header += "}"
        encodedHeader = Base64URL.encode(Array(header.utf8))
    }

    /// The compact JWS for one request; `lifetime` is capped at 30 s.
    public func sign(
        _ principal: Principal, method: String, pathAndQuery: String, body: some Collection<UInt8>,
        now: Date = Date(), lifetime: TimeInterval = 20
    ) -> String {
        let iat = Int64(now.timeIntervalSince1970.rounded(.down))
        let exp = iat + Int64(min(lifetime, InternalAssertion.maxLifetime))
        var claims = #"{"iss":"lucid-gateway","aud":["lucid-wallet"],"sub":"#
        claims.reserveCapacity(320 + pathAndQuery.utf8.count)
        JSONText.appendQuoted(principal.subject, to: &claims)
        claims += #","role":"#
        JSONText.appendQuoted(principal.role, to: &claims)
        claims += #","perms":"#
        JSONText.appendArray(principal.permissions.sorted(), to: &claims)
        if let nodes = principal.nodeIDs {
            claims += #","node_ids":"#
            JSONText.appendArray(nodes, to: &claims)
        }
        claims += #","rid":"#
        JSONText.appendQuoted(principal.requestID, to: &claims)
        claims += #","htm":"#
        JSONText.appendQuoted(method, to: &claims)
        claims += #","htu":"#
        JSONText.appendQuoted(pathAndQuery, to: &claims)
        claims += #","bh":""#
        claims += InternalAssertion.bodyHash(body)
        claims += #"","iat":\#(iat),"exp":\#(exp)}"#
        let signingInput = encodedHeader + "." + Base64URL.encode(Array(claims.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: key)
        return signingInput + "." + Base64URL.encode(Array(mac))
    }
}

/// base64url without padding (RFC 7515 §2).
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var it = bytes.makeIterator()
        while let a = it.next() {
            let b = it.next()
            let c = it.next()
            out.append(alphabet[Int(a >> 2)])
            out.append(alphabet[Int((a & 0x03) << 4 | (b ?? 0) >> 4)])
            if let b { out.append(alphabet[Int((b & 0x0f) << 2 | (c ?? 0) >> 6)]) }
            if let c { out.append(alphabet[Int(c & 0x3f)]) }
        }
        return String(decoding: out, as: UTF8.self)
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
    public static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                out += "\\u00"
                out += String(u.value, radix: 16).count == 1 ? "0" : ""
                out += String(u.value, radix: 16)
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }

    public static func quoted(_ s: String) -> String {
        var out = ""
        appendQuoted(s, to: &out)
        return out
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
