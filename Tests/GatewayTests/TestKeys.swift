import Crypto
import CryptoExtras
import Foundation
import LucidAssertion

/// Signing keys of every accepted algorithm, and a hand-rolled compact-JWS signer (swift-crypto
/// directly, independent of jwt-kit), so the verifier is tested against tokens it did not make.
struct TestKeys: Sendable {
    enum Key: Sendable {
        case hmac(kid: String, alg: String, secret: [UInt8])
        case rsa(kid: String, alg: String, key: _RSA.Signing.PrivateKey)
        case p256(kid: String, key: P256.Signing.PrivateKey)
        case p384(kid: String, key: P384.Signing.PrivateKey)
        case ed25519(kid: String, key: Curve25519.Signing.PrivateKey)

        var kid: String {
            switch self {
            case .hmac(let k, _, _), .rsa(let k, _, _), .p256(let k, _), .p384(let k, _), .ed25519(let k, _): k
            }
        }

        var alg: String {
            switch self {
            case .hmac(_, let a, _), .rsa(_, let a, _): a
            case .p256: "ES256"
            case .p384: "ES384"
            case .ed25519: "EdDSA"
            }
        }

        /// The public JWK (the secret for oct keys).
        var jwk: String {
            switch self {
            case .hmac(let kid, let alg, let secret):
                return #"{"kty":"oct","kid":"\#(kid)","alg":"\#(alg)","k":"\#(Base64URL.encode(secret))"}"#
            case .rsa(let kid, let alg, let key):
                let p = try! key.publicKey.getKeyPrimitives()
                return
                    #"{"kty":"RSA","kid":"\#(kid)","alg":"\#(alg)","n":"\#(Base64URL.encode(Array(p.modulus)))","e":"\#(Base64URL.encode(Array(p.publicExponent)))"}"#
            case .p256(let kid, let key):
                let raw = Array(key.publicKey.rawRepresentation)
                return
                    #"{"kty":"EC","crv":"P-256","kid":"\#(kid)","x":"\#(Base64URL.encode(raw[0..<32]))","y":"\#(Base64URL.encode(raw[32...]))"}"#
            case .p384(let kid, let key):
                let raw = Array(key.publicKey.rawRepresentation)
                return
                    #"{"kty":"EC","crv":"P-384","kid":"\#(kid)","x":"\#(Base64URL.encode(raw[0..<48]))","y":"\#(Base64URL.encode(raw[48...]))"}"#
            case .ed25519(let kid, let key):
                return
                    #"{"kty":"OKP","crv":"Ed25519","kid":"\#(kid)","x":"\#(Base64URL.encode(Array(key.publicKey.rawRepresentation)))"}"#
            }
        }

        func signature(_ input: [UInt8]) -> [UInt8] {
            switch self {
            case .hmac(_, let alg, let secret):
                let k = SymmetricKey(data: secret)
                switch alg {
                case "HS384": return Array(HMAC<SHA384>.authenticationCode(for: input, using: k))
                case "HS512": return Array(HMAC<SHA512>.authenticationCode(for: input, using: k))
                default: return Array(HMAC<SHA256>.authenticationCode(for: input, using: k))
                }
            case .rsa(_, let alg, let key):
                let padding: _RSA.Signing.Padding = alg == "PS256" ? .PSS : .insecurePKCS1v1_5
                return Array(try! key.signature(for: SHA256.hash(data: input), padding: padding).rawRepresentation)
            case .p256(_, let key): return Array(try! key.signature(for: input).rawRepresentation)
            case .p384(_, let key): return Array(try! key.signature(for: input).rawRepresentation)
            case .ed25519(_, let key): return Array(try! key.signature(for: input))
            }
        }
    }

    static let hs256 = Key.hmac(kid: "hs256", alg: "HS256", secret: Array(repeating: 0x11, count: 32))
    static let hs384 = Key.hmac(kid: "hs384", alg: "HS384", secret: Array(repeating: 0x22, count: 48))
    static let hs512 = Key.hmac(kid: "hs512", alg: "HS512", secret: Array(repeating: 0x33, count: 64))
    static let rs256 = Key.rsa(kid: "rs256", alg: "RS256", key: try! _RSA.Signing.PrivateKey(keySize: .bits2048))
    static let ps256 = Key.rsa(kid: "ps256", alg: "PS256", key: try! _RSA.Signing.PrivateKey(keySize: .bits2048))
    static let es256 = Key.p256(kid: "es256", key: P256.Signing.PrivateKey())
    static let es384 = Key.p384(kid: "es384", key: P384.Signing.PrivateKey())
    static let eddsa = Key.ed25519(kid: "eddsa", key: Curve25519.Signing.PrivateKey())
    static let all: [Key] = [hs256, hs384, hs512, rs256, ps256, es256, es384, eddsa]

    static func jwks(_ keys: [Key]) -> String { #"{"keys":["# + keys.map(\.jwk).joined(separator: ",") + "]}" }

    /// A compact JWS with `header` and `claims` (raw JSON), signed by `key`.
    static func token(_ key: Key, header: String? = nil, claims: String) -> String {
        let h = header ?? #"{"alg":"\#(key.alg)","typ":"JWT","kid":"\#(key.kid)"}"#
        let input = Base64URL.encode(Array(h.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
        return input + "." + Base64URL.encode(key.signature(Array(input.utf8)))
    }

    static func claims(
        iss: String = "https://idp.test", aud: String = "lucid-api", sub: String = "user-1", role: String? = "service",
        exp: Int64? = 300, iat: Int64? = 0, nbf: Int64? = nil, extra: String = ""
    ) -> String {
        let now = Int64(Date().timeIntervalSince1970)
        var parts = [#""iss":"\#(iss)""#, #""aud":"\#(aud)""#, #""sub":"\#(sub)""#]
        if let role { parts.append(#""role":"\#(role)""#) }
        if let exp { parts.append(#""exp":\#(now + exp)"#) }
        if let iat { parts.append(#""iat":\#(now + iat)"#) }
        if let nbf { parts.append(#""nbf":\#(now + nbf)"#) }
        if !extra.isEmpty { parts.append(extra) }
        return "{" + parts.joined(separator: ",") + "}"
    }
}
