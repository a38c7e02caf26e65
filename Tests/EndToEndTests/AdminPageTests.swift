import Foundation
import TestSupport
import Testing
import TronKit

@Suite("The /admin page and its sign-in (real processes, raw HTTP)")
struct AdminPageTests {
    /// A raw request to the gateway with Host: localhost.
    static func get(_ g: GatewayStack, _ target: String, cookie: String? = nil, bearer: String? = nil) async throws
        -> RawHTTPResponse
    {
        var head = "GET \(target) HTTP/1.1\nHost: localhost\nConnection: close\n"
        if let cookie { head += "Cookie: \(cookie)\n" }
        if let bearer { head += "Authorization: Bearer \(bearer)\n" }
        return try await rawHTTP(port: g.port, rawRequest(head + "\n"))
    }

    /// A raw form POST (Host: localhost, or localhost:PORT with an `Origin`).
    static func post(_ g: GatewayStack, _ target: String, form: String, origin: String? = nil) async throws
        -> RawHTTPResponse
    {
        let host = origin == nil ? "localhost" : "localhost:\(g.port)"
        return try await rawHTTP(
            port: g.port,
            rawRequest(
                "POST \(target) HTTP/1.1\nHost: \(host)\nConnection: close\n" + (origin.map { "Origin: \($0)\n" } ?? "")
                    + "Content-Type: application/x-www-form-urlencoded\nContent-Length: \(form.utf8.count)\n\n")
                + Array(form.utf8))
    }

    @Test(
        "the sign-in form may be posted from the gateway's own origin, never from a foreign one; the API stays strict")
    func signInFormOrigin() async throws {
        let g = try await GatewayStack()
        defer { g.stop() }
        let admin = try await g.issue(sub: "ops-admin", role: "admin")
        let form = "token=\(admin)"
        let own = try await Self.post(g, "/admin/login", form: form, origin: "http://localhost:\(g.port)")
        #expect(own.status == 303)
        #expect(own.header("Location") == "/admin")
        #expect(try await Self.post(g, "/admin/logout", form: "", origin: "http://localhost:\(g.port)").status == 303)
        for foreign in ["null", "http://evil.example", "http://localhost:1", "https://app.example.evil"] {
            #expect(try await Self.post(g, "/admin/login", form: form, origin: foreign).status == 403, "\(foreign)")
        }
        // The API does not take the gateway's own origin as a licence to write.
        let service = try await g.issue(sub: "svc", role: "service")
        let api = try await rawHTTP(
            port: g.port,
            rawRequest(
                "POST /api/v1/payouts HTTP/1.1\nHost: localhost:\(g.port)\nOrigin: http://localhost:\(g.port)\n"
                    + "Authorization: Bearer \(service)\nIdempotency-Key: o-1\nContent-Type: application/json\n"
                    + "Content-Length: 2\nConnection: close\n\n{}"))
        #expect(api.status == 403)
        // The sign-in page tells the browser to send its origin with the form.
        let page = try await Self.get(g, "/admin/login")
        #expect(page.header("Referrer-Policy") == "same-origin")
        #expect(try await Self.get(g, "/health").header("Referrer-Policy") == "no-referrer")
    }

    @Test("past the failed-authentication budget the sign-in answers its form with 429 and when to retry")
    func signInThrottled() async throws {
        let g = try await GatewayStack(gatewayEnv: ["LUCID_AUTH_FAILURE_LIMIT": "2"])
        defer { g.stop() }
        for _ in 0..<2 { #expect(try await Self.post(g, "/admin/login", form: "token=not-a-token").status == 401) }
        let admin = try await g.issue(sub: "ops-admin", role: "admin")
        let throttled = try await Self.post(g, "/admin/login", form: "token=\(admin)")
        #expect(throttled.status == 429, "even a good token waits once the budget is spent")
        #expect(throttled.header("Content-Type") == "text/html; charset=utf-8")
        #expect(Int(throttled.header("Retry-After") ?? "") ?? 0 > 0)
        #expect(throttled.header("RateLimit-Policy")?.contains("auth-failures") == true)
        #expect(throttled.body.contains("Too many refused tokens"))
    }

    /// The `name=value` of a Set-Cookie header.
    static func cookiePair(_ setCookie: String?) -> String? {
        setCookie?.split(separator: ";").first.map { String($0) }
    }

    @Test(
        "sign-in by form or link sets a strict session cookie; the page shows the figures; the API ignores the cookie")
    func session() async throws {
        let g = try await GatewayStack()
        defer { g.stop() }
        let admin = try await g.issue(sub: "ops-admin", role: "admin")
        let service = try await g.issue(sub: "svc", role: "service")

        // No credential: to the sign-in form.
        let anonymous = try await Self.get(g, "/admin")
        #expect(anonymous.status == 303 && anonymous.header("Location") == "/admin/login")
        // One framing header, not two (a strict client refuses a repeated Content-Length).
        #expect(anonymous.headers.filter { $0.0.lowercased() == "content-length" }.map(\.1) == ["0"])
        let form = try await Self.get(g, "/admin/login")
        #expect(form.status == 200 && form.body.contains(#"<form method=post action="/admin/login">"#))
        #expect(
            !form.body.contains("<script")
                && form.header("Content-Security-Policy")?.contains("default-src 'none'") == true)

        // A form that cannot be read (a bad percent escape) says so; an empty one asks for a token.
        let unreadable = try await Self.post(g, "/admin/login", form: "token=%zz")
        #expect(unreadable.status == 400 && unreadable.body.contains("could not be read"))
        let empty = try await Self.post(g, "/admin/login", form: "token=+")
        #expect(empty.status == 400 && empty.body.contains("Paste a token"))

        // Refused tokens re-show the form with the reason; nothing is set.
        let forged = try await Self.post(g, "/admin/login", form: "token=eyJhbGciOiJub25lIn0.e30.")
        #expect(forged.status == 401 && forged.header("Set-Cookie") == nil && forged.body.contains("refused"))
        let notAdmin = try await Self.post(g, "/admin/login", form: "token=\(service)")
        #expect(notAdmin.status == 403 && notAdmin.header("Set-Cookie") == nil)

        // The form with an admin token: a Secure, HttpOnly, SameSite=Strict cookie and a redirect.
        let signedIn = try await Self.post(g, "/admin/login", form: "token=\(admin)")
        #expect(signedIn.status == 303 && signedIn.header("Location") == "/admin")
        let setCookie = try #require(signedIn.header("Set-Cookie"))
        for attribute in ["__Host-lucid_admin=", "Secure", "HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
            #expect(setCookie.contains(attribute), "\(setCookie)")
        }
        let cookie = try #require(Self.cookiePair(setCookie))

        let page = try await Self.get(g, "/admin", cookie: cookie)
        #expect(page.status == 200 && page.header("Content-Type")?.hasPrefix("text/html") == true)
        for needle in [
            "Lucid payouts — admin", "ops-admin", "Hot wallet", "TRON network", "Reconciliation", "<svg",
            "Staking and energy", "Energy a day from stake",
        ] {
            #expect(page.body.contains(needle), "missing \(needle)")
        }
        #expect(!page.body.contains("<script") && page.header("Cache-Control") == "no-store")
        // The link form works the same way (for a browser without a way to paste).
        let link = try await Self.get(g, "/admin/login?token=\(admin)")
        #expect(link.status == 303 && link.header("Set-Cookie")?.hasPrefix("__Host-lucid_admin=") == true)
        // A bearer header opens the page too.
        #expect(try await Self.get(g, "/admin", bearer: admin).status == 200)

        // The cookie is for the page only: the API still wants a bearer token.
        let api = try await Self.get(g, "/api/v1/stats", cookie: cookie)
        #expect(api.status == 401)

        // A non-admin's cookie (say, forged by hand) does not open the page; a broken one signs out.
        #expect(try await Self.get(g, "/admin", cookie: "__Host-lucid_admin=\(service)").status == 403)
        let broken = try await Self.get(g, "/admin", cookie: "__Host-lucid_admin=not.a.token")
        #expect(broken.status == 303 && broken.header("Set-Cookie")?.contains("Max-Age=0") == true)

        // Sign-out clears the cookie.
        let out = try await Self.post(g, "/admin/logout", form: "")
        #expect(out.status == 303 && out.header("Set-Cookie")?.contains("Max-Age=0") == true)
    }

    @Test("an admin sees every section; a role without payment:stats is refused")
    func roles() async throws {
        let g = try await GatewayStack()
        defer { g.stop() }
        let admin = try await g.issue(sub: "ops-admin", role: "admin")
        let page = try await Self.get(g, "/admin", bearer: admin)
        #expect(page.status == 200 && !page.body.contains("Not available"))
        let user = try await g.issue(sub: "u1", role: "end_user")
        #expect(try await Self.get(g, "/admin", bearer: user).status == 403)
    }
}
