import Foundation
import LucidAssertion
import TestSupport
import Testing
import TronKit

@Suite("Admin figures over HTTP: stats, wallet, network (real processes)")
struct AdminEndToEndTests {

    @Test("wallet balances fall by what was paid, runway appears once there is a rate, and the network is described")
    func figures() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        let before = try await stack.call("GET", "/api/v1/wallet", as: Stack.admin)
        #expect(before.status == 200)
        let hot = try #require(before.json["address"]?.string)
        #expect(try TronAddress(base58: hot).base58 == hot)
        let usdtBefore = try MicroUSDT(parsing: try #require(before.json["usdt_balance"]?.string))
        #expect(usdtBefore.value > 0)
        #expect(before.json["runway_days"]?["usdt"]?.isNull == true)
        #expect(before.json["energy_available"]?.int64 != nil && before.json["bandwidth_available"]?.int64 != nil)

        let body = #"{"recipient_address":"\#(PrivateKey.random().address.base58)","amount_usdt":"12.345678"}"#
        let created = try await stack.call("POST", "/api/v1/payouts", body: body, idempotencyKey: "admin-1")
        let id = try #require(created.json["id"]?.string)
        _ = try await poll("payout confirmed", timeout: .seconds(60)) { () async throws -> Bool? in
            try await stack.call("GET", "/api/v1/payouts/\(id)").json["status"]?.string == "confirmed" ? true : nil
        }
        let after = try await stack.call("GET", "/api/v1/wallet", as: Stack.admin)
        let usdtAfter = try MicroUSDT(parsing: try #require(after.json["usdt_balance"]?.string))
        #expect(usdtBefore.value - usdtAfter.value == 12_345_678)
        #expect(after.json["paid_last_7d_usdt"]?.string == "12.345678")
        #expect(after.json["runway_days"]?["usdt"]?.string != nil)

        let stats = try await stack.call("GET", "/api/v1/stats", as: Stack.admin)
        #expect(stats.json["windows"]?["today"]?["confirmed"]?["volume_usdt"]?.string == "12.345678")
        #expect(stats.json["windows"]?["7d"]?["success_rate_percent"]?.string == "100.00")
        #expect(stats.json["daily"]?.array?.last?["confirmed"]?.int64 == 1)

        let net = try await stack.call("GET", "/api/v1/network", as: Stack.admin)
        #expect(net.status == 200)
        let head = try #require(net.json["head_block"]?["number"]?.int64)
        let solid = try #require(net.json["solid_block"]?["number"]?.int64)
        #expect(head >= solid && net.json["solid_lag_blocks"]?.int64 == head - solid)
        #expect((net.json["energy_price_sun"]?.int64 ?? 0) > 0)
        #expect(net.json["network"]?.string == "devnet")

        // Reconciliation on demand: the one transfer matches the ledger.
        let books = try await stack.call("GET", "/api/v1/reconciliation?refresh=true", as: Stack.admin)
        #expect(books.status == 200 && books.json["status"]?.string == "clean", "\(books.json.serialized)")
        #expect(
            books.json["chain"]?["transfers"]?.int64 == 1 && books.json["chain"]?["total_usdt"]?.string == "12.345678")
        #expect(books.json["findings"]?.array?.isEmpty == true)
        #expect(try await stack.call("GET", "/api/v1/reconciliation?refresh=maybe", as: Stack.admin).status == 422)
        #expect(try await stack.call("GET", "/api/v1/reconciliation", as: Stack.service).status == 403)

        // Read-only roles see neither; a service cannot read the hot wallet.
        #expect(try await stack.call("GET", "/api/v1/wallet", as: Stack.service).status == 403)
        #expect(try await stack.call("GET", "/api/v1/network", as: Stack.service).status == 403)
    }

    @Test("when the node is down, wallet and network answer 503 problem+json without the node's address")
    func nodeDown() async throws {
        let stack = try await Stack(extraEnv: [
            "TRON_FULLNODE_URL": "http://127.0.0.1:9", "TRON_CALL_TIMEOUT_MS": "500",
        ])
        defer { stack.stop() }
        for path in ["/api/v1/wallet", "/api/v1/network"] {
            let r = try await stack.call("GET", path, as: Stack.admin)
            #expect(r.status == 503 && r.json["code"]?.string == "TRON_NODE_UNAVAILABLE")
            let detail = r.json["detail"]?.string ?? ""
            #expect(detail.hasPrefix("the TRON node did not answer") && !detail.contains("127.0.0.1"))
        }
    }
}
