import Crypto
import Foundation
import LucidAssertion

/// The gateway's own token signer (ES256, P-256): short-lived access tokens for service accounts and
/// `lucidctl token issue`, verifiable by anyone with `/.well-known/jwks.json`. The private key never
/// prints.
///
/// ```swift
/// let issuer = try TokenIssuer(pem: keyFileText, issuer: "lucid-gateway", audience: "lucid-api")
/// let token = issuer.issue(subject: "sa_1", role: "service", nodeIDs: nil, ttlSeconds: 600)
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

    /// Signs an access token for `subject` with `role` valid for `ttlSeconds`.
    public func issue(
        subject: String, role: String, nodeIDs: [String]?, ttlSeconds: Int, now: Date = Date()
    ) -> String {
        let iat = Int64(now.timeIntervalSince1970)
        var header = #"{"alg":"ES256","typ":"at+jwt","kid":"#
        JSONText.appendQuoted(kid, to: &header)
        header += "}"
        var claims = #"{"iss":"#
        JSONText.appendQuoted(issuer, to: &claims)
        claims += #","aud":"#
        JSONText.appendQuoted(audience, to: &claims)
        claims += #","sub":"#
        JSONText.appendQuoted(subject, to: &claims)
        claims += #","role":"#
        JSONText.appendQuoted(role, to: &claims)
        if let nodeIDs {
            claims += #","node_ids":"#
            JSONText.appendArray(nodeIDs, to: &claims)
        }
        let jti = Base64URL.encode(SecureRandom.bytes(16))
        claims +=
            #","token_use":"access","jti":"\#(jti)","iat":\#(iat),"nbf":\#(iat),"exp":\#(iat + Int64(ttlSeconds))}"#
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
        let signature = (try? key.signature(for: Array(input.utf8)).rawRepresentation) ?? Data()
        return input + "." + Base64URL.encode(Array(signature))
    }

    /// This issuer as a `TrustedIssuer` so the gateway accepts its own tokens.
    public var trusted: TrustedIssuer { TrustedIssuer(issuer: issuer, audiences: [audience], jwks: [jwks]) }
}
