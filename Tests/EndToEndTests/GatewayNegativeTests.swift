import Foundation
import LucidJSON
import TestSupport
import Testing
import TronKit

/// What the gateway refuses at the HTTP level, checked on the wire: path tricks, smuggling
/// framings, Host and Origin, spoofed identity headers, sizes, rate limits with their headers, and
/// the PROXY-protocol listener's per-circuit limits.
@Suite struct GatewayNegativeTests {
    static func get(_ path: String, host: String = "127.0.0.1", extra: String = "") -> [UInt8] {
        rawRequest("GET \(path) HTTP/1.1\nHost: \(host)\n\(extra)Connection: close\n\n")
    }

    @Test func requestsThatAreRefusedBeforeAnyAuthWork() async throws {
        let g = try await GatewayStack()
        defer { g.stop() }
        let p = g.port

        // 404 and 405 come from the spec's operation table, before any token is asked for.
        #expect(try await rawHTTP(port: p, Self.get("/api/v1/nothing")).status == 404)
        let wrongMethod = try await rawHTTP(
            port: p, rawRequest("DELETE /api/v1/payouts HTTP/1.1\nHost: localhost\nConnection: close\n\n"))
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "GET, POST")
        let noToken = try await rawHTTP(port: p, Self.get("/api/v1/payouts"))
        #expect(noToken.status == 401)
        #expect(noToken.header("WWW-Authenticate") == "Bearer")
        #expect(noToken.header("Content-Type") == "application/problem+json")

        // Path tricks: refused with 400, never normalised.
        for path in [
            "/api/v1/../v1/payouts", "/api/v1//payouts", "/api/v1/payouts/%2e%2e/stats", "/api/v1%2fpayouts",
            "/api/v1/payouts/%2F", "/api/v1/payouts/./x", "/api/v1/payouts/", "/api/v1/payouts/\u{e9}",
            "/api/v1/payouts\\x", "/api/v1/payouts/%00",
        ] {
            let r = try await rawHTTP(port: p, Self.get(path))
            #expect(r.status == 400, "\(path) → \(r.status)")
        }

        // Host allow-list.
        #expect(try await rawHTTP(port: p, Self.get("/health", host: "evil.example")).status == 421)
        #expect(try await rawHTTP(port: p, Self.get("/health", host: "localhost:8080")).status == 200)
        let twoHosts = try await rawHTTP(
            port: p, rawRequest("GET /health HTTP/1.1\nHost: localhost\nHost: evil.example\n\n"))
        #expect(twoHosts.status == 400)
        #expect(try await rawHTTP(port: p, rawRequest("GET /health HTTP/1.1\nConnection: close\n\n")).status == 400)

        // Header names with underscores, and smuggling framings: 400 and the connection closes.
        #expect(try await rawHTTP(port: p, Self.get("/health", extra: "X_Forwarded_For: 1.2.3.4\n")).status == 400)
        let framings: [(String, [UInt8])] = [
            (
                "CL+TE",
                rawRequest(
                    "POST /auth/token HTTP/1.1\nHost: localhost\nContent-Length: 4\nTransfer-Encoding: chunked\n\n0\n\n"
                )
            ),
            (
                "CL, CL",
                rawRequest("POST /auth/token HTTP/1.1\nHost: localhost\nContent-Length: 3\nContent-Length: 4\n\nabcd")
            ),
            ("CL list", rawRequest("POST /auth/token HTTP/1.1\nHost: localhost\nContent-Length: 4, 4\n\nabcd")),
            (
                "TE gzip",
                rawRequest("POST /auth/token HTTP/1.1\nHost: localhost\nTransfer-Encoding: gzip, chunked\n\n0\n\n")
            ),
            ("obs-fold", rawRequest("GET /health HTTP/1.1\nHost: localhost\nX-A: a\n folded\n\n")),
            ("bare LF", rawRequest("GET /health HTTP/1.1\nHost: localhost\nX-A: b\n\n", raw: true)),
            (
                "big head",
                rawRequest("GET /health HTTP/1.1\nHost: localhost\nX-Big: \(String(repeating: "a", count: 20_000))\n\n")
            ),
            ("space before colon", rawRequest("GET /health HTTP/1.1\nHost : localhost\n\n")),
        ]
        for (name, bytes) in framings {
            let r = try await rawHTTP(port: p, bytes)
            #expect(r.status == 400 || r.status == 431, "\(name) → \(r.status)")
            #expect(r.closed, "\(name): the connection must close")
        }

        // A refused request behind a good one: the good one is answered first, then the refusal,
        // then the connection closes — nothing after the refusal is read.
        let behind = try await rawHTTPUntilClosed(
            port: p,
            rawRequest(
                "GET /health HTTP/1.1\nHost: localhost\n\nGET /health HTTP/1.1\nHost: localhost\nX_A: 1\n\n"
                    + "GET /health HTTP/1.1\nHost: localhost\n\n"))
        let statuses = behind.matches(of: #/HTTP/1\.1 (\d{3}) /#).map { String($0.output.1) }
        #expect(statuses == ["200", "400"], "\(behind)")
        #expect(behind.contains(#""code":"HEADER_NAME""#))

        // Body limit (256 KiB by default), before the body is read.
        let huge =
            rawRequest(
                "POST /auth/token HTTP/1.1\nHost: localhost\nContent-Type: application/x-www-form-urlencoded\nContent-Length: 300000\n\n"
            )
            + Array(repeating: UInt8(ascii: "a"), count: 300_000)
        #expect(try await rawHTTP(port: p, huge).status == 413)
        // ...answered as soon as the head announces it, without waiting for the body.
        let announced = try await rawHTTP(
            port: p,
            rawRequest(
                "POST /auth/token HTTP/1.1\nHost: localhost\nContent-Type: application/x-www-form-urlencoded\nContent-Length: 300000\n\n"
            ))
        #expect(announced.status == 413)
        #expect(announced.closed)

        // Security headers, request ids.
        let health = try await rawHTTP(port: p, Self.get("/health", extra: "X-Request-Id: client-id-123\n"))
        #expect(health.header("X-Request-Id") == "client-id-123")
        #expect(health.header("X-Content-Type-Options") == "nosniff")
        #expect(health.header("Referrer-Policy") == "no-referrer")
        #expect(health.header("X-Frame-Options") == "DENY")
        let junkID = try await rawHTTP(port: p, Self.get("/health", extra: "X-Request-Id: <script>\n"))
        #expect(junkID.header("X-Request-Id")?.hasPrefix("req_") == true)

        // Docs work without JavaScript, under a strict CSP.
        let docs = try await rawHTTP(port: p, Self.get("/docs"))
        #expect(docs.status == 200)
        #expect(!docs.body.lowercased().contains("<script"))
        #expect(docs.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
        #expect(docs.body.contains("/api/v1/payouts"))
        let spec = try await rawHTTP(port: p, Self.get("/openapi.json"))
        #expect(try JSONValue.parse(Array(spec.body.utf8))["openapi"]?.string == "3.1.0")
        let jwks = try await rawHTTP(port: p, Self.get("/.well-known/jwks.json"))
        #expect(try JSONValue.parse(Array(jwks.body.utf8))["keys"]?.array?.first?["alg"]?.string == "ES256")
        #expect(!jwks.body.contains("\"d\""), "no private key material")
    }

    @Test func originsAndSpoofedIdentityHeaders() async throws {
        let g = try await GatewayStack()
        defer { g.stop() }
        let user = try await g.issue(sub: "user-9", role: "end_user")

        // CORS: preflight from the allowed origin is answered; a foreign one is refused.
        let pre = try await g.call(
            "OPTIONS", "/api/v1/payouts",
            headers: ["Origin": GatewayStack.origin, "Access-Control-Request-Method": "POST"])
        #expect(pre.status == 204)
        #expect(pre.headers["content-length"] == nil, "a 204 carries no Content-Length (RFC 9110 §8.6)")
        #expect(pre.headers["access-control-allow-origin"] == GatewayStack.origin)
        #expect(pre.headers["access-control-allow-methods"] == "GET, POST")
        #expect(pre.headers["access-control-allow-credentials"] == nil)
        let foreignPre = try await g.call(
            "OPTIONS", "/api/v1/payouts",
            headers: ["Origin": "https://evil.example", "Access-Control-Request-Method": "POST"])
        #expect(foreignPre.status == 403)
        // A foreign Origin on an unsafe method is refused before the token is even looked at.
        let foreignPost = try await g.call(
            "POST", "/api/v1/payouts", token: user, body: "{}",
            headers: ["Origin": "https://evil.example", "Idempotency-Key": "k"])
        #expect(foreignPost.status == 403)
        #expect(foreignPost.json["code"]?.string == "ORIGIN_NOT_ALLOWED")
        // Allowed origin on a read: echoed (never *), with Vary.
        let read = try await g.call("GET", "/api/v1/payouts", token: user, headers: ["Origin": GatewayStack.origin])
        #expect(read.status == 200)
        #expect(read.headers["access-control-allow-origin"] == GatewayStack.origin)
        #expect(read.headers["vary"]?.contains("Origin") == true)
        let foreignRead = try await g.call(
            "GET", "/api/v1/payouts", token: user, headers: ["Origin": "https://evil.example"])
        #expect(foreignRead.headers["access-control-allow-origin"] == nil)

        // Spoofed identity headers never reach the wallet: a client-sent Lucid-Assertion is replaced
        // by the gateway's own (the wallet would refuse the forged one with 401), and X-User-* or
        // X-Forwarded-* do not widen an end user's view.
        let spoof = try await g.call(
            "GET", "/api/v1/payouts?limit=5", token: user,
            headers: [
                "Lucid-Assertion": "forged.assertion.token", "X-User-Id": "admin", "X-User-Role": "admin",
                "X-Forwarded-For": "10.0.0.1", "X-Forwarded-User": "admin",
            ])
        #expect(spoof.status == 200)
        #expect(spoof.json["data"]?.array?.isEmpty == true)
        // A tampered token is refused with its reason.
        var tampered = Array(user)
        tampered[tampered.count - 10] = tampered[tampered.count - 10] == "A" ? "B" : "A"
        let bad = try await g.call("GET", "/api/v1/payouts", token: String(tampered))
        #expect(bad.status == 401)
        #expect(bad.json["code"]?.string == "TOKEN_BAD_SIGNATURE")
        #expect(bad.headers["www-authenticate"]?.contains("invalid_token") == true)
    }

    @Test func rateLimitsPerPrincipalAndPerCircuit() async throws {
        let g = try await GatewayStack()
        defer { g.stop() }
        let user = try await g.issue(sub: "user-rl", role: "end_user")
        // list: 30/min for an end user (multiplier 1).
        // One request per 2 s refills, so count until the first 429 instead of assuming none did.
        var remaining: [Int] = []
        var limited: GatewayStack.Reply?
        for _ in 0..<90 {
            let r = try await g.call("GET", "/api/v1/payouts", token: user)
            if r.status == 429 {
                limited = r
                break
            }
            #expect(r.status == 200)
            #expect(r.headers["ratelimit-policy"] == #""list";q=30;w=60"#)
            let value = r.headers["ratelimit"] ?? ""
            #expect(value.hasPrefix(#""list";r="#))
            remaining.append(Int(value.split(separator: ";")[1].dropFirst(2)) ?? -1)
        }
        #expect(remaining.first == 29)
        #expect(remaining.count >= 30)
        #expect(remaining.allSatisfy { (0...29).contains($0) })
        guard let limited else {
            Issue.record("the list quota never ran out")
            return
        }
        #expect(limited.json["code"]?.string == "RATE_LIMITED")
        #expect(Int(limited.headers["retry-after"] ?? "") ?? 0 >= 1)
        #expect(limited.headers["ratelimit"]?.hasPrefix(#""list";r=0;"#) == true)
        // Another principal, and another class for the same principal, are unaffected.
        let other = try await g.issue(sub: "user-other", role: "end_user")
        #expect(try await g.call("GET", "/api/v1/payouts", token: other).status == 200)
        #expect(try await g.call("GET", "/api/v1/payouts/po_missing", token: user).status == 404)

        // Anonymous /auth/token on the PROXY listener is limited per Tor circuit (auth: 10/min).
        func tokenRequest(circuit: Int) async throws -> RawHTTPResponse {
            let hi = String(circuit >> 16, radix: 16)
            let lo = String(circuit & 0xffff, radix: 16)
            let proxy = "PROXY TCP6 fc00:dead:beef:4dad::\(hi):\(lo) ::1 65535 443\r\n"
            let body = "grant_type=client_credentials&client_id=sa_nobody&client_secret=wrong"
            return try await rawHTTP(
                port: g.proxyPort,
                Array(proxy.utf8)
                    + rawRequest(
                        "POST /auth/token HTTP/1.1\nHost: localhost\nContent-Type: application/x-www-form-urlencoded\nContent-Length: \(body.utf8.count)\nConnection: close\n\n\(body)"
                    ))
        }
        // The quota refills one request per 6 s, and each refused login costs a full scrypt, so
        // count the accepted ones until the first 429 rather than assume no refill happened.
        var accepted = 0
        var throttled: RawHTTPResponse?
        for _ in 0..<40 {
            let r = try await tokenRequest(circuit: 7)
            if r.status == 429 {
                throttled = r
                break
            }
            #expect(r.status == 401)
            #expect(r.body.contains("invalid_client"))
            #expect(r.header("RateLimit-Policy") == #""auth";q=10;w=60"#)
            accepted += 1
        }
        #expect(accepted >= 10)
        guard let throttled else {
            Issue.record("no 429 on the eleventh and later requests of one circuit")
            return
        }
        #expect(throttled.header("Retry-After") != nil)
        #expect(try await tokenRequest(circuit: 8).status == 401, "another circuit has its own quota")
        // Without a PROXY header that listener refuses to speak.
        await #expect(throws: (any Error).self) { _ = try await rawHTTP(port: g.proxyPort, Self.get("/health")) }
    }
}
