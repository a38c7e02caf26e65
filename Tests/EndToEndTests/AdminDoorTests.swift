import Foundation
import TestSupport
import Testing

/// The admin door: with `LUCID_GATEWAY_ADMIN_PROXY_PORT` set, the spec's `x-admin` operations
/// exist only on that listener (the admin onion's target); on the plain listener and the public
/// onion's PROXY listener they are 404 whatever the token, exactly like a path that does not exist.
@Suite(.serialized) struct AdminDoorTests {
    static func request(_ port: Int, circuit: Int, _ method: String, _ path: String, token: String?) async throws
        -> RawHTTPResponse
    {
        let proxy = "PROXY TCP6 fc00:dead:beef:4dad::0:\(String(circuit, radix: 16)) ::1 65535 80\r\n"
        var head = "\(method) \(path) HTTP/1.1\nHost: localhost\nConnection: close\n"
        if let token { head += "Authorization: Bearer \(token)\n" }
        return try await rawHTTP(port: port, Array(proxy.utf8) + rawRequest(head + "\n"))
    }

    @Test func adminOperationsOnlyThroughTheAdminDoor() async throws {
        let g = try await GatewayStack(gatewayEnv: ["LUCID_GATEWAY_ADMIN_PROXY_PORT": "0"])
        defer { g.stop() }
        guard let adminPort = g.adminProxyPort else {
            Issue.record("the gateway did not report its admin door")
            return
        }
        let admin = try await g.issue(sub: "ops-admin", role: "admin")
        let service = try await g.issue(sub: "svc", role: "service")

        // Through the admin door: the admin operations, the admin page and everything else.
        #expect(try await Self.request(adminPort, circuit: 1, "GET", "/api/v1/stats", token: admin).status == 200)
        #expect(try await Self.request(adminPort, circuit: 1, "GET", "/api/v1/audit", token: admin).status == 200)
        let page = try await Self.request(adminPort, circuit: 1, "GET", "/admin", token: admin)
        #expect(page.status == 200 && page.body.contains("Payouts"))
        #expect(try await Self.request(adminPort, circuit: 1, "GET", "/admin/login", token: nil).status == 200)
        #expect(try await Self.request(adminPort, circuit: 1, "GET", "/api/v1/payouts", token: service).status == 200)

        // Elsewhere, the admin token opens nothing: 404 as for an unknown path (not 401/403/405,
        // which would say the operation exists).
        let unknown = try await g.call("GET", "/api/v1/no-such-thing", token: admin)
        for path in ["/api/v1/stats", "/api/v1/wallet", "/api/v1/audit", "/api/v1/webhooks", "/admin", "/admin/login"] {
            let plain = try await g.call("GET", path, token: admin)
            #expect(plain.status == 404, "\(path) on the plain listener")
            #expect(plain.json["code"] == unknown.json["code"])
            let onion = try await Self.request(g.proxyPort, circuit: 2, "GET", path, token: admin)
            #expect(onion.status == 404, "\(path) on the public onion's listener")
        }
        #expect(try await g.call("POST", "/api/v1/admin/pause", token: admin, body: "{}").status == 404)
        #expect(try await g.call("DELETE", "/api/v1/stats", token: admin).status == 404)
        let preflight = try await g.call(
            "OPTIONS", "/api/v1/webhooks",
            headers: ["Origin": GatewayStack.origin, "Access-Control-Request-Method": "POST"])
        #expect(preflight.status == 404)
        // The rest of the API is where it was.
        #expect(try await g.call("GET", "/api/v1/payouts", token: service).status == 200)
        #expect(try await Self.request(g.proxyPort, circuit: 3, "GET", "/health", token: nil).status == 200)
    }
}
