import Crypto
import Foundation
import Gateway
import Logging
import LucidAssertion
import Testing

/// The bearer-token suite: every accepted algorithm verifies, and every forged, expired, confused or
/// malformed token is refused with its own reason.
@Suite struct AccessTokenTests {
    static let roles = ["admin", "service", "node_operator", "end_user", "compliance"]

    static func verifier(_ keys: [TestKeys.Key] = TestKeys.all, limits: AccessTokenVerifier.Limits = .init())
        async throws -> AccessTokenVerifier
    {
        try await AccessTokenVerifier(
            issuers: [
                TrustedIssuer(issuer: "https://idp.test", audiences: ["lucid-api"], jwks: [TestKeys.jwks(keys)]),
                TrustedIssuer(
                    issuer: "https://other.test", audiences: ["other-api"],
                    jwks: [TestKeys.jwks([.hmac(kid: "other", alg: "HS256", secret: Array(repeating: 7, count: 32))])]),
            ], roles: roles, limits: limits, logger: Logger(label: "test"))
    }

    static func refusal(_ v: AccessTokenVerifier, _ token: String) async -> TokenRefusal? {
        do {
            _ = try await v.verify(token)
            return nil
        } catch { return error }
    }

    @Test(arguments: TestKeys.all.map(\.kid))
    func everyAcceptedAlgorithmVerifies(kid: String) async throws {
        let key = TestKeys.all.first { $0.kid == kid }!
        let v = try await Self.verifier()
        let who = try await v.verify(TestKeys.token(key, claims: TestKeys.claims(extra: #""node_ids":["n-1"]"#)))
        #expect(who.subject == "user-1")
        #expect(who.role == "service")
        #expect(who.nodeIDs == ["n-1"])
    }

    @Test func forgedSignatureIsRefused() async throws {
        let v = try await Self.verifier()
        let good = TestKeys.token(TestKeys.es256, claims: TestKeys.claims())
        let parts = good.split(separator: ".")
        let forgedClaims = Base64URL.encode(Array(TestKeys.claims(role: "admin").utf8))
        #expect(await Self.refusal(v, "\(parts[0]).\(forgedClaims).\(parts[2])") == .badSignature)
        // Signed by a key with the right kid but the wrong secret.
        let impostor = TestKeys.Key.hmac(kid: "hs256", alg: "HS256", secret: Array(repeating: 0x99, count: 32))
        #expect(await Self.refusal(v, TestKeys.token(impostor, claims: TestKeys.claims())) == .badSignature)
    }

    @Test func algNoneIsRefused() async throws {
        let v = try await Self.verifier()
        let header = Base64URL.encode(Array(#"{"alg":"none","kid":"hs256"}"#.utf8))
        let claims = Base64URL.encode(Array(TestKeys.claims().utf8))
        #expect(await Self.refusal(v, "\(header).\(claims).") == .malformed)
        #expect(await Self.refusal(v, "\(header).\(claims).c2ln") == .algorithmNotAllowed)
        let upper = Base64URL.encode(Array(#"{"alg":"NONE","kid":"hs256"}"#.utf8))
        #expect(await Self.refusal(v, "\(upper).\(claims).c2ln") == .algorithmNotAllowed)
    }

    /// The classic confusion: an HS256 token whose secret is the RSA public key, naming the RSA kid.
    @Test func hmacRSAConfusionIsRefused() async throws {
        let v = try await Self.verifier()
        guard case .rsa(_, _, let rsa) = TestKeys.rs256 else { return }
        let confused = TestKeys.Key.hmac(
            kid: "rs256", alg: "HS256", secret: Array(rsa.publicKey.pemRepresentation.utf8))
        #expect(await Self.refusal(v, TestKeys.token(confused, claims: TestKeys.claims())) == .algorithmNotAllowed)
        // And RS256 naming an HMAC kid.
        let header = #"{"alg":"RS256","kid":"hs256"}"#
        #expect(
            await Self.refusal(v, TestKeys.token(TestKeys.rs256, header: header, claims: TestKeys.claims()))
                == .algorithmNotAllowed)
        // PS256 and RS256 share a key type but not a pin.
        let ps = #"{"alg":"PS256","kid":"rs256"}"#
        #expect(
            await Self.refusal(v, TestKeys.token(TestKeys.ps256, header: ps, claims: TestKeys.claims()))
                == .algorithmNotAllowed)
    }

    @Test func unknownAndMissingKidAreRefused() async throws {
        let v = try await Self.verifier()
        let stranger = TestKeys.Key.hmac(kid: "nobody", alg: "HS256", secret: Array(repeating: 1, count: 32))
        #expect(await Self.refusal(v, TestKeys.token(stranger, claims: TestKeys.claims())) == .unknownKey)
        let noKid = #"{"alg":"HS256","typ":"JWT"}"#
        #expect(
            await Self.refusal(v, TestKeys.token(TestKeys.hs256, header: noKid, claims: TestKeys.claims()))
                == .unknownKey)
    }

    @Test func headerSuppliedKeysAndCritAreRefused() async throws {
        let v = try await Self.verifier()
        for extra in [
            #""jku":"https://evil.test/jwks""#, #""x5u":"https://evil.test/c""#, #""jwk":{"kty":"oct","k":"AA"}"#,
            #""x5c":["AA"]"#,
        ] {
            let h = #"{"alg":"HS256","kid":"hs256",\#(extra)}"#
            #expect(
                await Self.refusal(v, TestKeys.token(TestKeys.hs256, header: h, claims: TestKeys.claims()))
                    == .headerKeyRefused)
        }
        let crit = #"{"alg":"HS256","kid":"hs256","crit":["exp"],"exp":1}"#
        #expect(
            await Self.refusal(v, TestKeys.token(TestKeys.hs256, header: crit, claims: TestKeys.claims()))
                == .criticalHeader)
    }

    @Test func timeClaimsAreEnforced() async throws {
        let v = try await Self.verifier()
        let k = TestKeys.es256
        #expect(await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(exp: -120, iat: -400))) == .expired)
        #expect(await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(exp: nil))) == .missingExpiry)
        #expect(await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(nbf: 600))) == .notYetValid)
        #expect(
            await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(exp: 900, iat: 600))) == .issuedInFuture)
        #expect(
            await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(exp: 200_000, iat: 0))) == .lifetimeTooLong)
        // Within the 60 s leeway: accepted.
        #expect(await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(exp: -30, iat: -100))) == nil)
        #expect(await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(iat: 30, nbf: 30))) == nil)
    }

    @Test func issuerAudienceAndKeyBindingAreEnforced() async throws {
        let v = try await Self.verifier()
        let k = TestKeys.es256
        #expect(
            await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(iss: "https/evil.test")))
                == .untrustedIssuer)
        #expect(
            await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(aud: "someone-else"))) == .wrongAudience)
        // A trusted issuer's key cannot vouch for another trusted issuer.
        #expect(
            await Self.refusal(
                v, TestKeys.token(k, claims: TestKeys.claims(iss: "https://other.test", aud: "other-api")))
                == .unknownKey)
    }

    @Test func refreshAndIDTokensAndUnknownRolesAreRefused() async throws {
        let v = try await Self.verifier()
        let k = TestKeys.hs256
        #expect(
            await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(extra: #""token_use":"refresh""#)))
                == .notAnAccessToken)
        #expect(
            await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(extra: #""typ":"Refresh""#)))
                == .notAnAccessToken)
        let h = #"{"alg":"HS256","kid":"hs256","typ":"refresh+jwt"}"#
        #expect(await Self.refusal(v, TestKeys.token(k, header: h, claims: TestKeys.claims())) == .notAnAccessToken)
        #expect(await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(role: "root"))) == .unknownRole)
        #expect(await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(role: nil))) == .unknownRole)
        #expect(
            await Self.refusal(v, TestKeys.token(k, claims: TestKeys.claims(extra: #""node_ids":"n-1""#)))
                == .invalidClaims)
    }

    @Test func oversizedAndMalformedTokensAreRefused() async throws {
        let v = try await Self.verifier()
        let big = TestKeys.token(
            TestKeys.hs256, claims: TestKeys.claims(extra: #""pad":"\#(String(repeating: "x", count: 9000))""#))
        #expect(await Self.refusal(v, big) == .tooLarge)
        for junk in ["", "abc", "a.b", "a.b.c.d", "!!!.???.###", "eyJhbGciOiJIUzI1NiJ9.e30", "e30.e30.e30"] {
            let r = await Self.refusal(v, junk)
            #expect(r != nil, "\(junk) must be refused")
        }
        let notJSON = Base64URL.encode(Array("not json".utf8))
        #expect(await Self.refusal(v, "\(notJSON).\(notJSON).c2ln") == .malformed)
    }

    @Test func signingKeyCannotBeAnInsecureAlgorithm() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await AccessTokenVerifier(
                issuers: [
                    TrustedIssuer(
                        issuer: "i", audiences: ["a"],
                        jwks: [#"{"keys":[{"kty":"oct","kid":"x","alg":"none","k":"AAAA"}]}"#])
                ],
                roles: Self.roles, logger: Logger(label: "test"))
        }
        await #expect(throws: (any Error).self) {
            // An RSA key without alg cannot be pinned (RS256 or PS256?).
            guard case .rsa(_, _, let key) = TestKeys.rs256 else { return }
            let p = try key.publicKey.getKeyPrimitives()
            let jwk = #"{"kty":"RSA","kid":"r","n":"\#(Base64URL.encode(Array(p.modulus)))","e":"AQAB"}"#
            _ = try await AccessTokenVerifier(
                issuers: [TrustedIssuer(issuer: "i", audiences: ["a"], jwks: [#"{"keys":[\#(jwk)]}"#])],
                roles: Self.roles,
                logger: Logger(label: "test"))
        }
    }

    @Test func gatewayIssuedTokensVerify() async throws {
        let issuer = try TokenIssuer(pem: TokenIssuer.generatePEM(), issuer: "lucid-gateway", audience: "lucid-api")
        let v = try await AccessTokenVerifier(issuers: [issuer.trusted], roles: Self.roles, logger: Logger(label: "t"))
        let who = try await v.verify(issuer.issue(subject: "sa_1", role: "service", nodeIDs: nil, ttlSeconds: 600))
        #expect(
            who
                == Identity(
                    subject: "sa_1", role: "service", nodeIDs: nil, issuer: "lucid-gateway", expiresAt: who.expiresAt))
        #expect(!issuer.description.contains("BEGIN"))
    }
}
