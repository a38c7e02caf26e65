import Crypto
import Foundation
import JWTKit
import LucidAssertion

/// The gateway's own token signer (ES256, P-256): short-lived access tokens for service accounts and
/// `lucidctl token issue`, verifiable by anyone with `/.well-known/jwks.json`. The private key never
/// prints.
///
/// ```swift
/// let issuer = try TokenIssuer(pem: keyFileText, issuer: "lucid-gateway", audience: "lucid-api")
/// let token = try await issuer.issue(subject: "sa_1", role: "service", nodeIDs: nil, ttlSeconds: 600)
/// ```
public struct TokenIssuer: Sendable, CustomStringConvertible {
    private let key: P256.Signing.PrivateKey
    public let issuer: String
    public let audience: String
    /// RFC 7638 thumbprint of the public key.
    public let kid: String
    /// Longest lifetime of an issued token (15 minutes for service accounts).
    public static let maxServiceTTL = 900

    public init(pem: String, issuer: String, audience: String) throws {
        let key: P256.Signing.PrivateKey
        do { key = try P256.Signing.PrivateKey(pemRepresentation: pem) } catch {
            throw VerificationKeys.KeyError("the gateway signing key is not a P-256 private key in PEM")
        }
        self.init(key: key, issuer: issuer, audience: audience)
    }

    init(key: P256.Signing.PrivateKey, issuer: String, audience: String) {
        self.key = key
        self.issuer = issuer
        self.audience = audience
        let raw = Array(key.publicKey.rawRepresentation)
        let x = Base64URL.encode(raw[0..<32])
        let y = Base64URL.encode(raw[32..<64])
        let thumbprintInput = #"{"crv":"P-256","kty":"EC","x":"\#(x)","y":"\#(y)"}"#
        kid = Base64URL.encode(Array(SHA256.hash(data: Array(thumbprintInput.utf8))))
    }

    /// A new random key as PEM (for `lucidctl token keygen` and `make dev`).
    public static func generatePEM() -> String { P256.Signing.PrivateKey().pemRepresentation }

    public var description: String { "TokenIssuer(issuer: \(issuer), kid: \(kid), key: <redacted>)" }

    /// The public key as a JWKS document.
    public var jwks: String {
        let raw = Array(key.publicKey.rawRepresentation)
        let x = Base64URL.encode(raw[0..<32])
        let y = Base64URL.encode(raw[32..<64])
        return
            #"{"keys":[{"kty":"EC","crv":"P-256","x":"\#(x)","y":"\#(y)","kid":"\#(kid)","alg":"ES256","use":"sig"}]}"#
    }

    /// Signs an access token for `subject` with `role` valid for `ttlSeconds` (with jwt-kit, which
    /// also verifies these tokens); a failure to sign is an error, never a token without a signature.
    public func issue(
        subject: String, role: String, nodeIDs: [String]?, ttlSeconds: Int, now: Date = Date()
    ) async throws -> String {
        let iat = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let claims = IssuedClaims(
            iss: .init(value: issuer), aud: .init(value: [audience]), sub: .init(value: subject), role: role,
            node_ids: nodeIDs, token_use: "access", jti: Base64URL.encode(SecureRandom.bytes(16)),
            iat: .init(value: iat),
            nbf: .init(value: iat), exp: .init(value: iat.addingTimeInterval(TimeInterval(ttlSeconds))))
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: try ES256PrivateKey(backing: key), kid: JWKIdentifier(string: kid))
        var header = JWTHeader()
        header.typ = "at+jwt"
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid), header: header)
    }

    /// The claims of an issued token.
    struct IssuedClaims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var sub: SubjectClaim
        var role: String
        var node_ids: [String]?
        var token_use: String
        var jti: String
        var iat: IssuedAtClaim
        var nbf: NotBeforeClaim
        var exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// This issuer as a `TrustedIssuer` so the gateway accepts its own tokens.
    public var trusted: TrustedIssuer {
        TrustedIssuer(issuer: issuer, audiences: [audience], jwks: [jwks], roles: .all)
    }
}
