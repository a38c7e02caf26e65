import Foundation
import LucidJSON
import TestSupport
import Testing
import TronKit

/// The whole stack through the gateway: a service account pays, a node operator sees only its
/// nodes, an end user cannot create, an admin reads stats.
@Suite struct GatewayEndToEndTests {
    static let recipient = "TVJjphBwXTtDTVJZUEEG9g3CWD7vLcBAS8"

    static func payout(_ amount: String, node: String? = nil) -> String {
        var body = #"{"recipient_address":"\#(recipient)","amount_usdt":"\#(amount)","reason":"e2e""#
        if let node { body += #","node_id":"\#(node)""# }
        return body + "}"
    }

    @Test func serviceAccountsPayAndRolesSeeWhatTheyShould() async throws {
        let g = try await GatewayStack()
        defer { g.stop() }
        let (clientID, secret) = try await g.addAccount(role: "service")
        let service = try await g.token(clientID: clientID, secret: secret)

        // Client authentication (RFC 6749 §2.3): form fields work as well as HTTP Basic, and
        // unrecognised fields are ignored, even repeated or with an empty name; a repeated known
        // field is refused. A bearer token in the header is not a client authentication: 401 with
        // a Basic challenge. Two methods at once: 400.
        let encoded = { (s: String) in s.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        let form =
            "grant_type=client_credentials&client_id=\(encoded(clientID))&client_secret=\(encoded(secret))&=x&x=1&x=2"
        let formType = "application/x-www-form-urlencoded"
        let byForm = try await g.call("POST", "/auth/token", body: form, contentType: formType)
        #expect(byForm.status == 200 && byForm.json["access_token"]?.string != nil, "\(byForm.text)")
        let repeated = try await g.call(
            "POST", "/auth/token", body: form + "&grant_type=client_credentials", contentType: formType)
        #expect(repeated.status == 400 && repeated.json["error"]?.string == "invalid_request")
        let withBearer = try await g.call("POST", "/auth/token", token: service, body: form, contentType: formType)
        #expect(withBearer.status == 401 && withBearer.json["error"]?.string == "invalid_client")
        #expect(withBearer.headers["www-authenticate"]?.hasPrefix("Basic") == true)
        let basic = Data("\(clientID):\(secret)".utf8).base64EncodedString()
        let twice = try await g.call(
            "POST", "/auth/token", body: form, headers: ["Authorization": "Basic \(basic)"], contentType: formType)
        #expect(twice.status == 400 && twice.json["error"]?.string == "invalid_request")
        #expect(!withBearer.text.contains(secret) && !twice.text.contains(secret))

        // Create three payouts; replaying one key returns the same payout.
        var ids: [String] = []
        for (i, node) in ["n-1", "n-1", "n-2"].enumerated() {
            let r = try await g.call(
                "POST", "/api/v1/payouts", token: service, body: Self.payout("1.\(i + 1)", node: node),
                headers: ["Idempotency-Key": "e2e-\(i)"])
            #expect(r.status == 201, "\(r.text)")
            ids.append(r.json["id"]!.string!)
        }
        let replay = try await g.call(
            "POST", "/api/v1/payouts", token: service, body: Self.payout("1.1", node: "n-1"),
            headers: ["Idempotency-Key": "e2e-0"])
        #expect(replay.status == 200)
        #expect(replay.json["id"]?.string == ids[0])

        // They confirm on the devnet, as seen through the gateway.
        for id in ids {
            let confirmed = try await poll("\(id) confirmed", timeout: .seconds(60)) { () async throws -> JSONValue? in
                let r = try await g.call("GET", "/api/v1/payouts/\(id)", token: service)
                return r.json["status"]?.string == "confirmed" ? r.json : nil
            }
            #expect(confirmed["amount_usdt"]?.string?.hasPrefix("1.") == true)
            let tx = try await g.call("GET", "/api/v1/payouts/\(id)/transaction", token: service)
            #expect(tx.json["result"]?.string == "SUCCESS")
        }
        let onChain = try await g.stack.ledger()
        #expect(onChain.count == 3)

        // Many reads at once share wallet connections (pipelined); each still gets its own payout.
        let answered = try await withThrowingTaskGroup(of: (String, String?).self) { group in
            for i in 0..<48 {
                let id = ids[i % 3]
                group.addTask {
                    let r = try await g.call("GET", "/api/v1/payouts/\(id)", token: service)
                    return (id, r.status == 200 ? r.json["id"]?.string : "status \(r.status)")
                }
            }
            return try await group.reduce(into: [(String, String?)]()) { $0.append($1) }
        }
        #expect(answered.count == 48)
        for (asked, got) in answered { #expect(got == asked) }

        // A node operator (own account, via client credentials) sees only its node's payouts.
        let (opID, opSecret) = try await g.addAccount(role: "node_operator", nodeIDs: ["n-1"])
        let op = try await g.token(clientID: opID, secret: opSecret)
        let mine = try await g.call("GET", "/api/v1/payouts?limit=50", token: op)
        #expect(mine.status == 200)
        let nodes = Set(mine.json["data"]!.array!.compactMap { $0["node_id"]?.string })
        #expect(nodes == ["n-1"])
        #expect(mine.json["data"]!.array!.count == 2)
        let theirs = try await g.call("GET", "/api/v1/payouts/\(ids[2])", token: op)
        #expect(theirs.status == 404)
        let wrongNode = try await g.call(
            "POST", "/api/v1/payouts", token: op, body: Self.payout("2", node: "n-2"),
            headers: ["Idempotency-Key": "op-1"])
        #expect(wrongNode.status == 422)

        // An end user cannot create (403 from the gateway's RBAC, before the wallet).
        let user = try await g.issue(sub: "user-7", role: "end_user")
        let denied = try await g.call(
            "POST", "/api/v1/payouts", token: user, body: Self.payout("1"), headers: ["Idempotency-Key": "u-1"])
        #expect(denied.status == 403)
        #expect(denied.json["code"]?.string == "PERMISSION_DENIED")
        #expect(denied.headers["content-type"] == "application/problem+json")
        #expect(!denied.text.contains("payment:create"), "the policy's text stays inside")
        let userList = try await g.call("GET", "/api/v1/payouts", token: user)
        #expect(userList.status == 200)
        #expect(userList.json["data"]?.array?.isEmpty == true)
        // ...nor read stats.
        #expect(try await g.call("GET", "/api/v1/stats", token: user).status == 403)

        // An admin reads stats.
        let admin = try await g.issue(sub: "root-admin", role: "admin")
        let stats = try await g.call("GET", "/api/v1/stats", token: admin)
        #expect(stats.status == 200)
        #expect(stats.json["by_status"]?["confirmed"]?["count"]?.int64 == 3)
        #expect(stats.json["by_status"]?["confirmed"]?["volume_usdt"]?.string == "3.6")
        #expect(stats.json["circuit_breaker"]?.string == "closed")

        // Nothing secret reached the gateway's logs.
        let log = g.gateway.log
        #expect(!log.contains(secret))
        #expect(!log.contains(service))
        #expect(!log.contains(admin))
        #expect(log.contains(#""operation":"getStats""#))
        // Metrics are served on their own listener.
        let metrics = try await rawHTTP(
            port: g.metricsPort, rawRequest("GET /metrics HTTP/1.1\nHost: x\nConnection: close\n\n"))
        #expect(metrics.body.contains(#"gateway_requests_total{operation="getStats",status="200"} 1"#))
        // Wallet round trips in the gateway's own buckets, from a quarter of a millisecond.
        #expect(metrics.body.contains(#"gateway_upstream_latency_seconds_bucket{operation="getStats",le="0.00025"}"#))
        #expect(metrics.body.contains(#"reason="missing""#) || metrics.body.contains("gateway_denied_total"))
    }

    @Test func walletFailuresBecomeProblems() async throws {
        let g = try await GatewayStack(gatewayEnv: ["LUCID_UPSTREAM_CONNECT_TIMEOUT_MS": "300"])
        defer { g.stop() }
        let admin = try await g.issue(sub: "root-admin", role: "admin")
        #expect(try await g.call("GET", "/health/ready").status == 200)
        g.stack.wallet.kill()
        let down = try await poll("503 with the wallet down") { () async throws -> GatewayStack.Reply? in
            let r = try await g.call("GET", "/api/v1/stats", token: admin)
            return r.status == 503 ? r : nil
        }
        #expect(down.json["code"]?.string == "UPSTREAM_UNAVAILABLE")
        #expect(down.headers["content-type"] == "application/problem+json")
        let ready = try await g.call("GET", "/health/ready")
        #expect(ready.status == 503)
        #expect(ready.json["checks"]?["wallet"]?.string == "unreachable")
        #expect(try await g.call("GET", "/health/live").status == 200)
    }
}
