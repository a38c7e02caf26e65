import Foundation
import LucidAssertion
import LucidJSON
import TestSupport
import Testing
import TronKit

@Suite("lucid-wallet HTTP API (real processes)", .serialized)
struct WalletAPITests {
    static let recipient = "TDvSsdrNM5eeXNL3czpa6AxLDHZA9nwe9K"

    @Test("assertions: missing, forged, replayed, or for another request → 401 problem+json")
    func assertions() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        let missing = try await stack.call("GET", "/api/v1/payouts", assertion: false)
        #expect(missing.status == 401)
        #expect(missing.headers["content-type"] == "application/problem+json")
        #expect(missing.json["code"]?.string == "ASSERTION_INVALID")

        let body = #"{"recipient_address":"\#(Self.recipient)","amount_usdt":"1"}"#
        // Signed for one body, sent with another.
        let other = try await stack.call("POST", "/api/v1/payouts", body: body, idempotencyKey: "t1") { req in
            req.body = Array(#"{"recipient_address":"\#(Self.recipient)","amount_usdt":"999"}"#.utf8)
        }
        #expect(other.status == 401)
        #expect(other.json["detail"]?.string?.contains("body") == true)
        // Forged with another key.
        var forged = Stack.service
        forged.requestID = "forged-1"
        let wrongKey = try AssertionKey(kid: "test-1", secret: Array(repeating: 7, count: 32))
        let token = try await InternalAssertion.mint(
            forged, method: "GET", pathAndQuery: "/api/v1/payouts", body: [], key: wrongKey)
        let bad = try await stack.call("GET", "/api/v1/payouts", assertion: false) {
            $0.setHeader("Lucid-Assertion", token)
        }
        #expect(bad.status == 401)
        // Replayed: the same token twice.
        var p = Stack.service
        p.requestID = "once-only"
        let good = try await InternalAssertion.mint(
            p, method: "GET", pathAndQuery: "/api/v1/payouts", body: [], key: stack.key)
        let first = try await stack.call("GET", "/api/v1/payouts", assertion: false) {
            $0.setHeader("Lucid-Assertion", good)
        }
        #expect(first.status == 200)
        let replay = try await stack.call("GET", "/api/v1/payouts", assertion: false) {
            $0.setHeader("Lucid-Assertion", good)
        }
        #expect(replay.status == 401)
        #expect(replay.json["detail"]?.string?.contains("already used") == true)

        // An operator's assertion minted by `lucidctl assertion mint` is accepted, once.
        let keyFile = stack.dir.appendingPathComponent("assertion.key")
        try Data(("test-1:" + String(repeating: "42", count: 32)).utf8).write(to: keyFile)
        let mint = try await runTool(
            "lucidctl",
            [
                "assertion", "mint", "--key-file", keyFile.path, "--sub", "ops", "--role", "admin", "--perm",
                "payment:list", "--method", "GET", "--path", "/api/v1/payouts?limit=5",
            ])
        let minted = try JSONValue.parse(Array(mint.stdout.utf8))
        let cliToken = try #require(minted["assertion"]?.string)
        let viaCLI = try await stack.call("GET", "/api/v1/payouts?limit=5", assertion: false) {
            $0.setHeader("Lucid-Assertion", cliToken)
        }
        #expect(viaCLI.status == 200)
    }

    /// One row per field: the body to send and the pointer that must be reported.
    static let badInputs: [(String, String)] = [
        (#"{"amount_usdt":"1"}"#, "/recipient_address"),
        (#"{"recipient_address":"TDvSsdrNM5eeXNL3czpa6AxLDHZA9nwe9X","amount_usdt":"1"}"#, "/recipient_address"),
        (
            #"{"recipient_address":"412b5ad5c4795c026514f8317c7a215e218dccd6cf","amount_usdt":"1"}"#,
            "/recipient_address"
        ),
        (#"{"recipient_address":42,"amount_usdt":"1"}"#, "/recipient_address"),
        (#"{"recipient_address":"\#(recipient)"}"#, "/amount_usdt"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"0"}"#, "/amount_usdt"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"-1"}"#, "/amount_usdt"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"1.0000001"}"#, "/amount_usdt"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":1e2}"#, "/amount_usdt"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"abc"}"#, "/amount_usdt"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"0.001"}"#, "/amount_usdt"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"1000.01"}"#, "/amount_usdt"),
        (
            #"{"recipient_address":"\#(recipient)","amount_usdt":"1","reason":"\#(String(repeating: "x", count: 257))"}"#,
            "/reason"
        ),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"1","reason":5}"#, "/reason"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"1","router_type":"v9"}"#, "/router_type"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"1","priority":"asap"}"#, "/priority"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"1","batch_type":"monthly"}"#, "/batch_type"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"1","node_id":"has space"}"#, "/node_id"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"1","user_id":""}"#, "/user_id"),
        (
            #"{"recipient_address":"\#(recipient)","amount_usdt":"1","session_id":"\#(String(repeating: "s", count: 129))"}"#,
            "/session_id"
        ),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"1","kyc_id":7}"#, "/kyc_id"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"1","metadata":{"a":{"b":1}}}"#, "/metadata"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"1","metadata":[1]}"#, "/metadata"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"1","router_type":"kyc"}"#, "/recipient_address"),
        (#"{"recipient_address":"\#(recipient)","amount_usdt":"1","amount":"1"}"#, "/amount"),
    ]

    @Test("bad input: 422 with the field's pointer, nothing stored, never a 5xx")
    func badInput() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        for (i, (body, pointer)) in Self.badInputs.enumerated() {
            let r = try await stack.call("POST", "/api/v1/payouts", body: body, idempotencyKey: "bad-\(i)")
            #expect(r.status == 422, "\(body)")
            let pointers = r.json["errors"]?.array?.compactMap { $0["pointer"]?.string } ?? []
            #expect(pointers.contains(pointer), "\(body) → \(pointers)")
        }
        for body in ["", "{", "[]", "null", #"{"recipient_address":"\#(Self.recipient)","amount_usdt":"1""#] {
            let r = try await stack.call("POST", "/api/v1/payouts", body: body, idempotencyKey: "malformed")
            #expect([400, 422].contains(r.status), "\(body): \(r.status)")
        }
        let noKey = try await stack.call(
            "POST", "/api/v1/payouts", body: #"{"recipient_address":"\#(Self.recipient)","amount_usdt":"1"}"#)
        #expect(noKey.status == 400)
        #expect(noKey.json["code"]?.string == "IDEMPOTENCY_KEY_REQUIRED")
        let list = try await stack.call("GET", "/api/v1/payouts")
        #expect(list.json["data"]?.array?.isEmpty == true)
        for bad in [
            "/api/v1/payouts?limit=0", "/api/v1/payouts?status=paid", "/api/v1/payouts?cursor=zz",
            "/api/v1/payouts?bogus=1",
        ] {
            #expect(try await stack.call("GET", bad).status == 422, "\(bad)")
        }
        #expect(try await stack.call("GET", "/api/v1/payouts/po_nope").status == 404)

    }

    @Test("the plane ACL is enforced by the wallet too: a valid assertion for a denied call gets 403")
    func planeACL() async throws {
        let policy = FileManager.default.temporaryDirectory.appendingPathComponent("readonly-\(UUID().uuidString).acl")
        try Data(
            """
            plane "ops" {}
            plane "wallet" {}
            service "lucid-gateway" { plane = "ops" }
            service "lucid-wallet" { plane = "wallet" }
            rule "read_only" {
              source_service = "lucid-gateway"
              target_service = "lucid-wallet"
              methods = ["GET"]
              allowed_endpoints = ["/api/v1/payouts", "/api/v1/payouts/**"]
              action = "allow"
            }
            """.utf8
        ).write(to: policy)
        defer { try? FileManager.default.removeItem(at: policy) }
        let stack = try await Stack(extraEnv: ["LUCID_POLICY_FILES": policy.path])
        defer { stack.stop() }
        #expect(try await stack.call("GET", "/api/v1/payouts").status == 200)
        let denied = try await stack.call(
            "POST", "/api/v1/payouts", body: #"{"recipient_address":"\#(Self.recipient)","amount_usdt":"1"}"#,
            idempotencyKey: "acl")
        #expect(denied.status == 403)
        #expect(denied.json["detail"]?.string?.contains("NO_MATCHING_ALLOW") == true)
        #expect(!(denied.json["detail"]?.string?.contains("read_only") ?? true), "the policy text stays private")
        #expect(try await stack.call("GET", "/api/v1/payouts").json["data"]?.array?.isEmpty == true)

        // SIGHUP with a broken file keeps the last good policy; with a valid one, it takes effect.
        try Data("rule \"oops\" { acton = \"allow\" }".utf8).write(to: policy)
        kill(stack.wallet.process.processIdentifier, SIGHUP)
        _ = try await poll("reload refused") { stack.wallet.log.contains("policy reload refused") ? true : nil }
        #expect(try await stack.call("GET", "/api/v1/payouts").status == 200)
        try Data(
            """
            plane "ops" {}
            plane "wallet" {}
            service "lucid-gateway" { plane = "ops" }
            service "lucid-wallet" { plane = "wallet" }
            """.utf8
        ).write(to: policy)
        kill(stack.wallet.process.processIdentifier, SIGHUP)
        _ = try await poll("reload applied") { stack.wallet.log.contains("policy reloaded") ? true : nil }
        #expect(try await stack.call("GET", "/api/v1/payouts").status == 403)
    }

    @Test("create, replay, conflict, scopes, transaction status and health over HTTP")
    func lifecycle() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        let body = #"{"recipient_address":"\#(Self.recipient)","amount_usdt":"2.5","node_id":"node-a"}"#
        let created = try await stack.call("POST", "/api/v1/payouts", body: body, idempotencyKey: "k-1")
        #expect(created.status == 201)
        #expect(created.json["amount_usdt"]?.string == "2.5")
        let id = try #require(created.json["id"]?.string)
        let replay = try await stack.call("POST", "/api/v1/payouts", body: body, idempotencyKey: "k-1")
        #expect(replay.status == 200 && replay.json["id"]?.string == id)
        let conflict = try await stack.call(
            "POST", "/api/v1/payouts", body: #"{"recipient_address":"\#(Self.recipient)","amount_usdt":"3"}"#,
            idempotencyKey: "k-1")
        #expect(conflict.status == 422 && conflict.json["code"]?.string == "IDEMPOTENCY_KEY_REUSED")

        let confirmed = try await poll("confirmed") { () async throws -> JSONValue? in
            let r = try await stack.call("GET", "/api/v1/payouts/\(id)")
            return r.json["status"]?.string == "confirmed" ? r.json : nil
        }
        #expect(confirmed["block_number"]?.int64 != nil)
        let tx = try await stack.call("GET", "/api/v1/payouts/\(id)/transaction")
        #expect(tx.json["result"]?.string == "SUCCESS")
        #expect(tx.json["solidified"]?.bool == true)
        #expect(tx.json["final"]?.bool == true)
        let cancel = try await stack.call("POST", "/api/v1/payouts/\(id)/cancel")
        #expect(cancel.status == 409)

        // A node operator sees only its nodes' payouts; an end user cannot create.
        let operatorA = Principal(
            issuer: "lucid-gateway", subject: "op", role: "node_operator",
            permissions: ["payment:read", "payment:list", "payment:create"],
            scope: .ownNodes(["node-a"]), requestID: "")
        let operatorB = Principal(
            issuer: "lucid-gateway", subject: "op2", role: "node_operator",
            permissions: ["payment:read", "payment:list", "payment:create"],
            scope: .ownNodes(["node-b"]), requestID: "")
        #expect(try await stack.call("GET", "/api/v1/payouts/\(id)", as: operatorA).status == 200)
        #expect(try await stack.call("GET", "/api/v1/payouts/\(id)", as: operatorB).status == 404)
        #expect(try await stack.call("GET", "/api/v1/payouts", as: operatorB).json["data"]?.array?.isEmpty == true)
        let endUser = Principal(
            issuer: "lucid-gateway", subject: "u1", role: "end_user", permissions: ["payment:read", "payment:list"],
            scope: .ownUser, requestID: "")
        #expect(
            try await stack.call("POST", "/api/v1/payouts", body: body, as: endUser, idempotencyKey: "u").status == 403)

        let bulk = try await stack.call(
            "POST", "/api/v1/payouts/transactions/bulk", body: #"{"payout_ids":["\#(id)","po_missing"]}"#)
        #expect(bulk.json["data"]?.array?.count == 1)
        #expect(bulk.json["not_found"]?.array?.count == 1)
        let metricsText = try await poll("metrics") { () async throws -> String? in
            let text = try await httpGet("http://127.0.0.1:\(stack.walletPort)/metrics").text
            return text.contains("tron_pending_payouts_count") ? text : nil
        }
        for name in [
            "tron_payment_requests_total",
            #"tron_payout_amount_usdt_total{router_type="v0",priority="normal"} 2500000"#,
            #"tron_payouts_total{status="confirmed",router_type="v0",priority="normal"} 1"#,
            "tron_payout_processing_duration_seconds",
            "tron_circuit_breaker_open 0", "tron_hourly_limit_usage_usdt", "tron_daily_limit_usage_usdt",
            "tron_network_latency_seconds",
        ] {
            #expect(metricsText.contains(name), "missing \(name)")
        }
        #expect(!metricsText.contains(String(repeating: "42", count: 32)))
        // Requests are counted by their route (ids never become labels), refusals included.
        #expect(metricsText.contains(#"operation="GET /api/v1/payouts/{payout_id}",status="200""#))
        #expect(metricsText.contains(#"operation="GET /api/v1/payouts/{payout_id}",status="404""#))
        #expect(metricsText.contains(#"operation="POST /api/v1/payouts",status="403""#))
        #expect(!metricsText.contains("operation=\"GET /api/v1/payouts/\(id)"))
        let ready = try await stack.call("GET", "/health/ready", assertion: false)
        #expect(ready.status == 200 && ready.json["checks"]?["circuit_breaker"]?.string == "closed")
    }
}
