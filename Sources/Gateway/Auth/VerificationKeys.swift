import Foundation
import JWTKit
import LucidAssertion

/// One issuer's verification keys: a jwt-kit key collection and, per `kid`, the single algorithm
/// that key may be used with (pinned from the JWK's `alg`, or its curve where that decides it).
struct VerificationKeys: Sendable {
    let collection: JWTKeyCollection
    let algorithms: [String: String]

    static let allowed: Set<String> = [
        "HS256", "HS384", "HS512", "RS256", "PS256", "ES256", "ES384", "EdDSA",
    ]

    /// Builds the set from JWKS documents; a key that cannot be pinned or loaded is an error.
    static func build(_ documents: [String]) async throws -> VerificationKeys {
        let collection = JWTKeyCollection()
        var algorithms: [String: String] = [:]
        for document in documents {
            guard let root = try? JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any],
                let keys = root["keys"] as? [[String: Any]]
            else { throw KeyError("a JWKS is a JSON object with a keys array") }
            for key in keys {
                guard let kid = key["kid"] as? String, !kid.isEmpty else { throw KeyError("every key needs a kid") }
                guard algorithms[kid] == nil else { throw KeyError("kid \(kid) appears twice") }
                let kty = key["kty"] as? String ?? ""
                let alg = try pin(key, kty: kty, kid: kid)
                if kty == "oct" {
                    guard let k = (key["k"] as? String).flatMap({ Base64URL.decode($0) }), k.count >= 32 else {
                        throw KeyError("oct key \(kid): k must hold at least 32 bytes")
                    }
                    let digest: DigestAlgorithm =
                        switch alg {
                        case "HS384": .sha384
                        case "HS512": .sha512
                        default: .sha256
                        }
                    await collection.add(
                        hmac: HMACKey(from: k), digestAlgorithm: digest, kid: JWKIdentifier(string: kid))
                } else {
                    var pinned = key
                    pinned["alg"] = alg
                    let data = try JSONSerialization.data(withJSONObject: pinned)
                    do {
                        let jwk = try JSONDecoder().decode(JWK.self, from: data)
                        try await collection.add(jwk: jwk)
                    } catch {
                        throw KeyError("key \(kid) does not load: \(error)")
                    }
                }
                algorithms[kid] = alg
            }
        }
        return VerificationKeys(collection: collection, algorithms: algorithms)
    }

    private static func pin(_ key: [String: Any], kty: String, kid: String) throws -> String {
        if let alg = key["alg"] as? String {
            guard allowed.contains(alg) else { throw KeyError("key \(kid): algorithm \(alg) is not accepted") }
            let fits: Bool =
                switch kty {
                case "oct": alg.hasPrefix("HS")
                case "RSA": alg == "RS256" || alg == "PS256"
                case "EC":
                    (alg == "ES256" && key["crv"] as? String == "P-256")
                        || (alg == "ES384" && key["crv"] as? String == "P-384")
                case "OKP": alg == "EdDSA" && key["crv"] as? String == "Ed25519"
                default: false
                }
            guard fits else { throw KeyError("key \(kid): alg \(alg) does not fit kty \(kty)") }
            return alg
        }
        switch (kty, key["crv"] as? String) {
        case ("EC", "P-256"): return "ES256"
        case ("EC", "P-384"): return "ES384"
        case ("OKP", "Ed25519"): return "EdDSA"
        default: throw KeyError("key \(kid): alg is required to pin a \(kty) key to one algorithm")
        }
    }

    struct KeyError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}
