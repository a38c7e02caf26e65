import Foundation
import Gateway
import Hummingbird
import Logging
import Synchronization
import TestSupport
import Testing

/// JWKS URLs: fetched at start-up, refetched when a token names an unknown `kid` (with backoff), and
/// the keys already loaded keep working while the URL fails.
@Suite struct JWKSRefetchTests {
    final class Server: Sendable {
        let state = Mutex<(keys: [TestKeys.Key], failing: Bool, fetches: Int)>(([], false, 0))
    }

    @Test func refetchesOnUnknownKidAndKeepsOldKeysWhileFailing() async throws {
        let server = Server()
        server.state.withLock { $0.keys = [TestKeys.es256] }
        let router = Router()
        router.get("/jwks.json") { _, _ -> Response in
            let (keys, failing) = server.state.withLock { s in
                s.fetches += 1
                return (s.keys, s.failing)
            }
            if failing { return Response(status: .internalServerError) }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: TestKeys.jwks(keys))))
        }
        let jwksServer = try await TestHTTPServer.start(router)
        defer { jwksServer.stop() }
        let port = jwksServer.port

        var limits = AccessTokenVerifier.Limits()
        limits.refetchMinIntervalSeconds = 0
        limits.refetchBackoffSeconds = 3600
        let v = try await AccessTokenVerifier(
            issuers: [
                TrustedIssuer(
                    issuer: "https://idp.test", audiences: ["lucid-api"],
                    jwksURLs: ["http://127.0.0.1:\(port)/jwks.json"])
            ], roles: ["service"], limits: limits, logger: Logger(label: "test"))
        #expect(server.state.withLock { $0.fetches } == 1)
        _ = try await v.verify(TestKeys.token(TestKeys.es256, claims: TestKeys.claims()))

        // Rotation: a new key appears at the URL; the first token naming it triggers one refetch.
        server.state.withLock { $0.keys = [TestKeys.es256, TestKeys.eddsa] }
        let rotated = try await v.verify(TestKeys.token(TestKeys.eddsa, claims: TestKeys.claims(sub: "after-rotation")))
        #expect(rotated.subject == "after-rotation")
        #expect(server.state.withLock { $0.fetches } == 2)

        // The URL fails: known keys keep working; an unknown kid is refused, and within the backoff
        // no further fetch is made however many unknown kids arrive.
        server.state.withLock { $0.failing = true }
        let stranger = TestKeys.Key.hmac(kid: "stranger", alg: "HS256", secret: Array(repeating: 5, count: 32))
        await #expect(throws: TokenRefusal.unknownKey) {
            try await v.verify(TestKeys.token(stranger, claims: TestKeys.claims()))
        }
        let fetchesAfterFailure = server.state.withLock { $0.fetches }
        for _ in 0..<5 {
            await #expect(throws: TokenRefusal.unknownKey) {
                try await v.verify(TestKeys.token(stranger, claims: TestKeys.claims(sub: UUID().uuidString)))
            }
        }
        #expect(server.state.withLock { $0.fetches } == fetchesAfterFailure)
        let still = try await v.verify(TestKeys.token(TestKeys.es256, claims: TestKeys.claims(sub: "still-works")))
        #expect(still.subject == "still-works")
    }
}
