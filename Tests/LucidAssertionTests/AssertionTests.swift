import Crypto
import Foundation
import LucidAssertion
import Testing

/// The gateway-to-wallet assertion on its own: base64url, the resumable HMAC against swift-crypto's,
/// and signed assertions (plain and templated) verified as the wallet verifies them.
@Suite struct AssertionTests {
    @Test func base64URLMatchesFoundationForEveryLength() {
        for n in 0..<100 {
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255) }
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == expected, "length \(n)")
            #expect(Base64URL.decode(expected) == bytes)
        }
    }

    @Test func assertionSignerOutputVerifiesInTheWallet() async throws {
        // Covered end to end too; here the encoder's escaping of odd subjects and paths.
        let key = try LucidAssertionKey.make()
        let signer = AssertionSigner(key: key)
        let p = Principal(
            issuer: "lucid-gateway", subject: "we\"ird\\sub\u{1}", role: "service", permissions: ["payment:read"],
            scope: .all, requestID: "r-1")
        let token = signer.sign(p, method: "GET", pathAndQuery: "/api/v1/payouts?x=\"y\"", body: [UInt8]())
        let v = await AssertionVerifier(keys: [key])
        let who = try await v.verify(token, method: "GET", pathAndQuery: "/api/v1/payouts?x=\"y\"", body: [])
        #expect(who == p)
    }

    @Test("rotation: during it the wallet takes the new and the previous key; after it, only the new")
    func rotation() async throws {
        let old = try AssertionKey(kid: "k1", secret: Array(repeating: 1, count: 32))
        let new = try AssertionKey(kid: "k2", secret: Array(repeating: 2, count: 32))
        let p = Principal(
            issuer: "lucid-gateway", subject: "svc", role: "service", permissions: [], scope: .all, requestID: "r")
        func token(_ key: AssertionKey, _ rid: String) -> String {
            var q = p
            q.requestID = rid
            return AssertionSigner(key: key).sign(q, method: "GET", pathAndQuery: "/api/v1/stats", body: [UInt8]())
        }
        let during = await AssertionVerifier(keys: [new, old])
        for (key, rid) in [(old, "a"), (new, "b")] {
            _ = try await during.verify(token(key, rid), method: "GET", pathAndQuery: "/api/v1/stats", body: [])
        }
        let after = await AssertionVerifier(keys: [new])
        _ = try await after.verify(token(new, "c"), method: "GET", pathAndQuery: "/api/v1/stats", body: [])
        await #expect(throws: AssertionError.self) {
            try await after.verify(token(old, "d"), method: "GET", pathAndQuery: "/api/v1/stats", body: [])
        }
    }

    @Test(arguments: [0, 1, 32, 64, 65, 200])
    func resumableHMACMatchesSwiftCryptoWhateverTheKeyLength(keyLength: Int) {
        let key = (0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let prefix = Array("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdmMifQ".utf8)
        let rest = Array(repeating: UInt8(ascii: "x"), count: 150)
        var resumed = ResumableHMAC(key: key)
        resumed.update(prefix)
        let kept = resumed
        resumed.update(rest)
        let expected = HMAC<SHA256>.authenticationCode(for: prefix + rest, using: SymmetricKey(data: key))
        #expect(Array(resumed.finalize()) == Array(expected))
        // The kept state resumes independently of the copy that went on.
        var again = kept
        again.update(Array("y".utf8))
        #expect(
            Array(again.finalize())
                == Array(HMAC<SHA256>.authenticationCode(for: prefix + Array("y".utf8), using: SymmetricKey(data: key)))
        )
    }

    @Test(arguments: ["s", "su", "sub"])
    func templatedAssertionsVerifyInTheWalletWhateverTheirPadding(subject: String) async throws {
        // The fixed claims are padded to a whole base64 group: each subject length hits another
        // remainder. One template signs several requests, each bound to its own id, target and body.
        let key = try LucidAssertionKey.make()
        let signer = AssertionSigner(key: key)
        let base = Principal(
            issuer: "lucid-gateway", subject: subject, role: "node_operator",
            permissions: ["payment:read", "payment:create"],
            scope: .ownNodes(["node-1", "node-2"]), requestID: "")
        let template = signer.template(for: base)
        let v = await AssertionVerifier(keys: [key])
        let body = Array(#"{"amount_usdt":"1.5"}"#.utf8)
        for (rid, method, target, payload) in [
            ("r-1", "GET", "/api/v1/payouts/po_1", [UInt8]()), ("r-2", "POST", "/api/v1/payouts", body),
        ] {
            let token = String(
                decoding: signer.sign(template, requestID: rid, method: method, pathAndQuery: target, body: payload),
                as: UTF8.self)
            await #expect(throws: AssertionError.mismatch("path")) {
                try await v.verify(token, method: method, pathAndQuery: target + "x", body: payload)
            }
            var expected = base
            expected.requestID = rid
            #expect(try await v.verify(token, method: method, pathAndQuery: target, body: payload) == expected)
        }
    }
}

enum LucidAssertionKey {
    static func make() throws -> AssertionKey { try AssertionKey(kid: "k1", secret: Array(repeating: 9, count: 32)) }
}
