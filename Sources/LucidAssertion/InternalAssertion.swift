import Crypto
import Foundation
import JWTKit
import LucidJSON

/// Mints and verifies the gateway → wallet assertion: a compact HS256 JWS with a required `kid`,
/// bound to the request's method, path-and-query and body hash, valid ≤ 30 s, used once.
///
/// ```swift
/// let token = try await InternalAssertion.mint(principal, method: "POST", pathAndQuery: "/api/v1/payouts",
///                                              body: body, key: key)
/// let verifier = AssertionVerifier(keys: [key])
/// let who = try await verifier.verify(token, method: "POST", pathAndQuery: "/api/v1/payouts", body: body)
/// ```
public enum InternalAssertion {
    public static let header = "Lucid-Assertion"
    public static let issuer = "lucid-gateway"
    public static let audience = "lucid-wallet"
    public static let maxLifetime: TimeInterval = 30

    /// base64url (no padding) of SHA-256 of `body`.
    public static func bodyHash(_ body: some Collection<UInt8>) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bodyHashLength) { out in
            let n = writeBodyHash(body, to: out.baseAddress!)
            return String(decoding: UnsafeBufferPointer(rebasing: out[..<n]), as: UTF8.self)
        }
    }

    /// The length of `bodyHash`'s text.
    static let bodyHashLength = Base64URL.encodedLength(SHA256.byteCount)
    private static let emptyBodyHash = SHA256.hash(data: [UInt8]()).withUnsafeBytes { Base64URL.encodeBytes($0) }

    /// Writes `bodyHash(body)` at `dst` (room for `bodyHashLength` bytes) and returns its length.
    static func writeBodyHash(_ body: some Collection<UInt8>, to dst: UnsafeMutablePointer<UInt8>) -> Int {
        guard !body.isEmpty else {
            emptyBodyHash.withUnsafeBufferPointer { dst.initialize(from: $0.baseAddress!, count: $0.count) }
            return emptyBodyHash.count
        }
        var hasher = SHA256()
        if body.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) == nil {
            hasher.update(data: Array(body))
        }
        return hasher.finalize().withUnsafeBytes { Base64URL.encode($0, to: dst) }
    }

    /// Signs an assertion for one request (see `AssertionSigner`).
    public static func mint(
        _ principal: Principal, method: String, pathAndQuery: String, body: [UInt8], key: AssertionKey,
        now: Date = Date(), lifetime: TimeInterval = 20
    ) async throws -> String {
        AssertionSigner(key: key).sign(
            principal, method: method, pathAndQuery: pathAndQuery, body: body, now: now, lifetime: lifetime)
    }
}

/// Verifies assertions against the current and previous keys, with a replay cache.
public actor AssertionVerifier {
    private let keys = JWTKeyCollection()
    private let kids: Set<String>
    private var seen: [String: Date] = [:]
    private let leeway: TimeInterval = 5
    private let maxSeen = 200_000

    public init(keys: [AssertionKey]) async {
        kids = Set(keys.map(\.kid))
        for k in keys {
            await self.keys.add(
                hmac: HMACKey(key: SymmetricKey(data: k.secret)), digestAlgorithm: .sha256,
                kid: JWKIdentifier(string: k.kid))
        }
    }

    /// Returns the principal when `token` is valid for exactly this request; throws the reason otherwise.
    public func verify(_ token: String?, method: String, pathAndQuery: String, body: [UInt8], now: Date = Date())
        async throws(AssertionError) -> Principal
    {
        guard let token, !token.isEmpty else { throw .missing }
        guard token.utf8.count <= 8192 else { throw .malformed("too large") }
        try checkHeader(token)
        let claims: AssertionClaims
        do { claims = try await keys.verify(token, as: AssertionClaims.self) } catch let e as JWTError
            where e.errorType == .signatureVerificationFailed
        {
            throw .badSignature
        } catch {
            throw .malformed("claims do not decode")
        }
        guard claims.iss.value == InternalAssertion.issuer, claims.aud.value.contains(InternalAssertion.audience) else {
            throw .wrongIssuerOrAudience
        }
        let iat = claims.iat.value
        let exp = claims.exp.value
        guard exp.timeIntervalSince(iat) <= InternalAssertion.maxLifetime else { throw .lifetimeTooLong }
        guard exp > now.addingTimeInterval(-leeway), iat <= now.addingTimeInterval(leeway) else { throw .expired }
        guard claims.htm == method else { throw .mismatch("method") }
        guard claims.htu == pathAndQuery else { throw .mismatch("path") }
        guard claims.bh == InternalAssertion.bodyHash(body) else { throw .mismatch("body") }
        guard !claims.rid.isEmpty, claims.rid.utf8.count <= 128 else { throw .malformed("rid") }
        if seen.count > maxSeen { seen = seen.filter { $0.value > now } }
        guard seen[claims.rid] == nil else { throw .replayed }
        seen[claims.rid] = exp.addingTimeInterval(leeway)
        guard Principal.isValidIssuer(claims.idp) else { throw .malformed("idp") }
        guard let scope = Principal.Scope(name: claims.scope, nodeIDs: claims.node_ids) else {
            throw .malformed("scope")
        }
        return Principal(
            issuer: claims.idp, subject: claims.sub.value, role: claims.role, permissions: Set(claims.perms),
            scope: scope, requestID: claims.rid)
    }

    /// Only HS256 with a known `kid`; no header-supplied keys, no critical extensions.
    private func checkHeader(_ token: String) throws(AssertionError) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]), Base64URL.decode(parts[2]) != nil else {
            throw .malformed("not a compact JWS in canonical base64url")
        }
        do { _ = try JSONValue.parse(payload) } catch .duplicateMember {
            throw .malformed("claims name a member twice")
        } catch {
            throw .malformed("claims")
        }
        guard let bytes = Base64URL.decode(parts[0]), let header = try? JSONValue.parse(bytes), header.object != nil
        else { throw .malformed("header") }
        guard header["alg"]?.string == "HS256" else { throw .malformed("alg must be HS256") }
        guard let kid = header["kid"]?.string else { throw .malformed("kid required") }
        guard kids.contains(kid) else { throw .unknownKey }
        for forbidden in ["crit", "jku", "jwk", "x5u", "x5c"] where header[forbidden] != nil {
            throw .malformed("\(forbidden) is not allowed")
        }
    }
}
