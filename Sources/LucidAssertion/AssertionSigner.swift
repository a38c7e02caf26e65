import Crypto
import Foundation
import LucidJSON

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
        claims += #"{"iss":"lucid-gateway","aud":["lucid-wallet"],"idp":"#.utf8
        JSONText.appendQuoted(principal.issuer, to: &claims)
        claims += #","sub":"#.utf8
        JSONText.appendQuoted(principal.subject, to: &claims)
        claims += #","role":"#.utf8
        JSONText.appendQuoted(principal.role, to: &claims)
        claims += #","perms":["#.utf8
        for (i, p) in principal.permissions.sorted().enumerated() {
            if i > 0 { claims.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(p, to: &claims)
        }
        claims.append(UInt8(ascii: "]"))
        claims += #","scope":"#.utf8
        JSONText.appendQuoted(principal.scope.name, to: &claims)
        if case .ownNodes(let nodes) = principal.scope {
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
        let most = maximumLength(template, requestID: requestID, method: method, pathAndQuery: pathAndQuery)
        return [UInt8](unsafeUninitializedCapacity: most) { token, initialized in
            initialized = sign(
                template, requestID: requestID, method: method, pathAndQuery: pathAndQuery, body: body, now: now,
                lifetime: lifetime, to: token.baseAddress!)
        }
    }

    /// The most bytes `sign(_:requestID:method:pathAndQuery:body:now:lifetime:to:)` writes for
    /// these values (every character of the strings escaped at worst).
    public func maximumLength(
        _ template: AssertionTemplate, requestID: String, method: String, pathAndQuery: String
    ) -> Int {
        let claims = Self.requestClaimsBound(requestID: requestID, method: method, pathAndQuery: pathAndQuery)
        return template.signingInput.count + Base64URL.encodedLength(claims) + 1
            + Base64URL.encodedLength(SHA256.byteCount)
    }

    /// Writes the compact JWS for one request at `dst`, which has room for `maximumLength(…)`
    /// bytes, and returns its length: the request's claims are built on the stack and encoded,
    /// hashed and signed in place, so a request's assertion costs no allocation.
    public func sign(
        _ template: AssertionTemplate, requestID: String, method: String, pathAndQuery: String,
        body: some Collection<UInt8>, now: Date = Date(), lifetime: TimeInterval = 20,
        to dst: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let iat = Int64(now.timeIntervalSince1970.rounded(.down))
        let exp = iat + Int64(min(lifetime, InternalAssertion.maxLifetime))
        let bound = Self.requestClaimsBound(requestID: requestID, method: method, pathAndQuery: pathAndQuery)
        let prefix = template.signingInput
        prefix.withUnsafeBufferPointer { dst.initialize(from: $0.baseAddress!, count: $0.count) }
        var at = prefix.count
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buffer in
            var claims = ByteCursor(buffer.baseAddress!)
            claims.append(#","rid":"#)
            claims.appendQuoted(requestID)
            claims.append(#","htm":"#)
            claims.appendQuoted(method)
            claims.append(#","htu":"#)
            claims.appendQuoted(pathAndQuery)
            claims.append(#","bh":""#)
            claims.count += InternalAssertion.writeBodyHash(body, to: claims.end)
            claims.append(#"","iat":"#)
            claims.append(decimal: iat)
            claims.append(#","exp":"#)
            claims.append(decimal: exp)
            claims.append("}")
            at += Base64URL.encode(UnsafeRawBufferPointer(start: buffer.baseAddress, count: claims.count), to: dst + at)
        }
        var mac = template.mac
        mac.update(UnsafeRawBufferPointer(start: dst + prefix.count, count: at - prefix.count))
        let tag = mac.finalize()
        dst[at] = UInt8(ascii: ".")
        at += 1
        at += tag.withUnsafeBytes { Base64URL.encode($0, to: dst + at) }
        return at
    }

    /// An upper bound of the request's claims' length: the fixed text (about 100 bytes), the body
    /// hash (43), two 20-digit times, and each string escaped at worst (6 bytes a byte).
    private static func requestClaimsBound(requestID: String, method: String, pathAndQuery: String) -> Int {
        192 + 6 * (requestID.utf8.count + method.utf8.count + pathAndQuery.utf8.count)
    }
}
