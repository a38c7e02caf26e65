import Foundation
import LucidAssertion
import LucidJSON
import TestSupport
import Testing
import TronKit

/// `GET /api/v1/payouts/batch/{batch_id}` against the real wallet: counts per status as the batch
/// is paid, totals that a scoped caller sees only for its own payouts, 404 for anything else.
@Suite struct BatchStatusTests {
    @Test("the batch view follows its payouts to confirmed; an end user sees only its share")
    func batchStatus() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        let to = PrivateKey.random().address.base58
        let body =
            #"{"items":[{"recipient_address":"\#(to)","amount_usdt":"1.5","user_id":"u1"},"#
            + #"{"recipient_address":"\#(to)","amount_usdt":"2","user_id":"u2"},"#
            + #"{"recipient_address":"\#(to)","amount_usdt":"0.25","user_id":"u1"}]}"#
        let created = try await stack.call("POST", "/api/v1/payouts/batch", body: body, idempotencyKey: "bs-1")
        #expect(created.status == 201)
        let id = try #require(created.json["id"]?.string)
        let final = try await poll("the batch confirmed") { () async throws -> JSONValue? in
            let r = try await stack.call("GET", "/api/v1/payouts/batch/\(id)")
            return r.json["status_counts"]?["confirmed"]?.int64 == 3 ? r.json : nil
        }
        #expect(final["count"]?.int64 == 3)
        #expect(final["total_usdt"]?.string == "3.75")
        #expect(final["payouts"]?.array?.count == 3)
        #expect(final["status_counts"]?["scheduled"]?.int64 == 0)

        let user = Principal(
            issuer: "lucid-gateway", subject: "u1", role: "end_user", permissions: ["payment:read"], scope: .ownUser,
            requestID: "")
        let mine = try await stack.call("GET", "/api/v1/payouts/batch/\(id)", as: user)
        #expect(mine.status == 200)
        #expect(mine.json["count"]?.int64 == 2)
        #expect(mine.json["total_usdt"]?.string == "1.75")
        let stranger = Principal(
            issuer: "https://other.example", subject: "u1", role: "end_user", permissions: ["payment:read"],
            scope: .ownUser, requestID: "")
        #expect(try await stack.call("GET", "/api/v1/payouts/batch/\(id)", as: stranger).status == 404)
        for missing in ["ba_00000000000000000000000000", "not-a-batch", "po_123"] {
            #expect(try await stack.call("GET", "/api/v1/payouts/batch/\(missing)").status == 404, "\(missing)")
        }
    }
}
