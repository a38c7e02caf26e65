import Crypto
import Foundation

/// Mints `Lucid-Assertion` tokens synchronously: a compact HS256 JWS whose header and claims are
/// written as bytes directly (no Codable, no actor hop, the HMAC key schedule computed once), so the
/// gateway can sign one per request cheaply. The wallet verifies them with jwt-kit
/// (`AssertionVerifier`), which keeps this encoder honest.
///
/// A caller's fixed claims can be prepared once as an `AssertionTemplate`; each request then
/// encodes and hashes only the claims bound to it (request id, method, target, body hash, times).
///
/// ```swift
/// let signer = AssertionSigner(key: key)
/// let token = signer.sign(principal, method: "GET", pathAndQuery: "/api/v1/payouts", body: [])
/// ```
public struct AssertionSigner: Sendable {
    private let keyed: ResumableHMAC
    private let encodedHeader: [UInt8]
    private static let emptyBodyHash = Array(InternalAssertion.bodyHash([UInt8]()).utf8)

    public init(key: AssertionKey) {
        keyed = ResumableHMAC(key: key.secret)
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
        let token = sign(
            template(for: principal), requestID: principal.requestID, method: method, pathAndQuery: pathAndQuery,
            body: body, now: now, lifetime: lifetime)
        return String(decoding: token, as: UTF8.self)
    }

    /// The fixed part of `principal`'s assertions: everything but its `requestID` and the request.
    public func template(for principal: Principal) -> AssertionTemplate {
        var claims = [UInt8]()
        claims.reserveCapacity(256)
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
        // Insignificant whitespace (RFC 8259 §2) up to a whole base64 group.
        while claims.count % 3 != 0 { claims.append(UInt8(ascii: " ")) }
        var input = encodedHeader
        input.append(UInt8(ascii: "."))
        Base64URL.encode(claims, into: &input)
        var mac = keyed
        mac.update(input)
        return AssertionTemplate(signingInput: input, mac: mac)
    }

    /// The compact JWS, as bytes, for one request of the caller `template` was made for.
    public func sign(
        _ template: AssertionTemplate, requestID: String, method: String, pathAndQuery: String,
        body: some Collection<UInt8>, now: Date = Date(), lifetime: TimeInterval = 20
    ) -> [UInt8] {
        let iat = Int64(now.timeIntervalSince1970.rounded(.down))
        let exp = iat + Int64(min(lifetime, InternalAssertion.maxLifetime))
        var claims = [UInt8]()
        claims.reserveCapacity(160 + requestID.utf8.count + pathAndQuery.utf8.count)
        claims += #","rid":"#.utf8
        JSONText.appendQuoted(requestID, to: &claims)
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

        let prefix = template.signingInput
        let tagLength = Base64URL.encodedLength(SHA256.byteCount)
        let total = prefix.count + Base64URL.encodedLength(claims.count) + 1 + tagLength
        return [UInt8](unsafeUninitializedCapacity: total) { token, initialized in
            let base = token.baseAddress!
            prefix.withUnsafeBufferPointer { base.initialize(from: $0.baseAddress!, count: $0.count) }
            let encoded = claims.withUnsafeBytes { Base64URL.encode($0, to: base + prefix.count) }
            var mac = template.mac
            mac.update(UnsafeRawBufferPointer(start: base + prefix.count, count: encoded))
            let tag = mac.finalize()
            var at = prefix.count + encoded
            base[at] = UInt8(ascii: ".")
            at += 1
            at += tag.withUnsafeBytes { Base64URL.encode($0, to: base + at) }
            initialized = at
        }
    }
}
