import Crypto
import Foundation
import Gateway
import Logging
import LucidAssertion
import Testing

/// A token or assertion means one thing or nothing: no duplicate member names, one base64url
/// spelling per byte string, and an issuer grants only the roles it is trusted for.
@Suite struct OneMeaningTests {
    static let key = TestKeys.hs256

    static func token(header: String? = nil, _ claims: String) -> String {
        TestKeys.token(key, header: header, claims: claims)
    }

    @Test("a claim named twice is refused, whichever copy would be the harmful one")
    func duplicateClaimsAreRefused() async throws {
        let v = try await AccessTokenTests.verifier()
        let now = Int64(Date().timeIntervalSince1970)
        let base = #""iss":"https://idp.test","sub":"u","exp":\#(now + 300),"iat":\#(now)"#
        let cases = [
            #"{\#(base),"aud":"lucid-api","role":"service","role":"end_user"}"#,
            #"{\#(base),"aud":"lucid-api","role":"end_user","exp":\#(now - 3600)}"#,
            #"{\#(base),"role":"service","aud":"lucid-api","aud":"other-api"}"#,
            // The same name spelled with an escape is the same name.
            #"{\#(base),"aud":"lucid-api","role":"service","r\u006fle":"end_user"}"#,
        ]
        for claims in cases {
            #expect(await AccessTokenTests.refusal(v, Self.token(claims)) == .duplicateMember, "\(claims)")
        }
        // The same claims without the duplicate verify.
        let good = #"{\#(base),"aud":"lucid-api","role":"service"}"#
        #expect(await AccessTokenTests.refusal(v, Self.token(good)) == nil)
        let header = #"{"alg":"HS256","kid":"hs256","kid":"hs384"}"#
        #expect(await AccessTokenTests.refusal(v, Self.token(header: header, good)) == .duplicateMember)
    }

    @Test("padding or set unused bits make another spelling of a token: refused")
    func base64urlIsCanonical() async throws {
        let v = try await AccessTokenTests.verifier()
        let good = Self.token(TestKeys.claims())
        #expect(await AccessTokenTests.refusal(v, good) == nil)
        let parts = good.split(separator: ".").map(String.init)
        // HS256's 32-byte MAC is 43 characters: the last one carries 4 data bits and 2 unused ones.
        let last = parts[2].last!
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let index = alphabet.firstIndex(of: last)!
        let sibling = alphabet[index ^ 1]
        let variants = [
            "\(parts[0]).\(parts[1]).\(parts[2].dropLast())\(sibling)",
            "\(parts[0]).\(parts[1]).\(parts[2])=",
            "\(parts[0])=.\(parts[1]).\(parts[2])",
        ]
        for token in variants {
            #expect(await AccessTokenTests.refusal(v, token) == .malformed, "\(token)")
        }
        #expect(Base64URL.decode("aGk") == Array("hi".utf8))
        #expect(Base64URL.decode("aGl") == nil, "unused bits set")
        #expect(Base64URL.decode("aGk=") == nil, "padding")
        #expect(Base64URL.decode("a") == nil, "a lone character")
        #expect(Base64URL.decode("a+k") == nil, "outside the alphabet")
        for n in 0..<40 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }

    @Test("an issuer grants only its roles: admin by default from no outside issuer, and an explicit list")
    func rolesPerIssuer() async throws {
        let narrow = TestKeys.Key.hmac(kid: "narrow", alg: "HS256", secret: Array(repeating: 5, count: 32))
        let own = try TokenIssuer(pem: TokenIssuer.generatePEM(), issuer: "lucid-gateway", audience: "lucid-api")
        let v = try await AccessTokenVerifier(
            issuers: [
                TrustedIssuer(issuer: "https://idp.test", audiences: ["lucid-api"], jwks: [TestKeys.jwks([Self.key])]),
                TrustedIssuer(
                    issuer: "https://users.test", audiences: ["lucid-api"], jwks: [TestKeys.jwks([narrow])],
                    roles: .only(["end_user"])),
                own.trusted,
            ], roles: AccessTokenTests.roles, logger: Logger(label: "t"))
        #expect(await AccessTokenTests.refusal(v, Self.token(TestKeys.claims(role: "admin"))) == .roleNotGrantable)
        #expect(await AccessTokenTests.refusal(v, Self.token(TestKeys.claims(role: "service"))) == nil)
        let users = { (role: String) in
            TestKeys.token(narrow, claims: TestKeys.claims(iss: "https://users.test", role: role))
        }
        #expect(await AccessTokenTests.refusal(v, users("service")) == .roleNotGrantable)
        #expect(await AccessTokenTests.refusal(v, users("end_user")) == nil)
        let admin = try await own.issue(subject: "root", role: "admin", nodeIDs: nil, ttlSeconds: 300)
        #expect(try await v.verify(admin).role == "admin")
    }

    @Test("an issuer that could make principal ids ambiguous is refused at start-up")
    func issuerNamesAreChecked() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await AccessTokenVerifier(
                issuers: [
                    TrustedIssuer(issuer: "https://idp.test#x", audiences: ["a"], jwks: [TestKeys.jwks([Self.key])])
                ],
                roles: AccessTokenTests.roles, logger: Logger(label: "t"))
        }
    }

    @Test("a refused token is remembered: refused again without another signature check")
    func refusedTokensAreRemembered() async throws {
        var limits = AccessTokenVerifier.Limits()
        limits.refusedTTLSeconds = 60
        let v = try await AccessTokenTests.verifier(limits: limits)
        let impostor = TestKeys.Key.hmac(kid: "hs256", alg: "HS256", secret: Array(repeating: 0x99, count: 32))
        let forged = TestKeys.token(impostor, claims: TestKeys.claims())
        let now = Date()
        #expect(await AccessTokenTests.refusal(v, forged) == .badSignature)
        #expect(v.recentRefusal(forged, now: now) == .badSignature)
        #expect(v.recentRefusal(forged, now: now.addingTimeInterval(61)) == nil, "forgotten after its time")
        #expect(v.recentRefusal(Self.token(TestKeys.claims()), now: now) == nil)
    }

    @Test("the wallet's assertion: issuer and scope travel; a member named twice is refused")
    func assertionCarriesIssuerAndScope() async throws {
        let key = try LucidAssertionKey.make()
        let signer = AssertionSigner(key: key)
        let verifier = await AssertionVerifier(keys: [key])
        for scope in [Principal.Scope.all, .ownUser, .ownNodes(["n-1", "n-2"]), .ownNodes([])] {
            let p = Principal(
                issuer: "https://idp.example", subject: "s", role: "custom", permissions: ["payment:read"],
                scope: scope, requestID: UUID().uuidString)
            let token = signer.sign(p, method: "GET", pathAndQuery: "/api/v1/payouts", body: [UInt8]())
            #expect(try await verifier.verify(token, method: "GET", pathAndQuery: "/api/v1/payouts", body: []) == p)
        }
        // A hand-made assertion whose claims name `sub` twice, signed with the key `LucidAssertionKey.make()` holds.
        let now = Int64(Date().timeIntervalSince1970)
        let claims =
            #"{"iss":"lucid-gateway","aud":["lucid-wallet"],"idp":"lucid-gateway","sub":"a","sub":"b","role":"r","perms":[],"scope":"all","rid":"x1","htm":"GET","htu":"/","bh":"\#(InternalAssertion.bodyHash([UInt8]()))","iat":\#(now),"exp":\#(now + 10)}"#
        let input =
            Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT","kid":"k1"}"#.utf8)) + "."
            + Base64URL.encode(Array(claims.utf8))
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(input.utf8), using: SymmetricKey(data: Array(repeating: UInt8(9), count: 32)))
        let token = input + "." + Base64URL.encode(Array(mac))
        await #expect(throws: AssertionError.malformed("claims name a member twice")) {
            _ = try await verifier.verify(token, method: "GET", pathAndQuery: "/", body: [])
        }
    }
}
