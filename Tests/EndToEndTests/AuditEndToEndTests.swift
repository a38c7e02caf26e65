import Foundation
import GRDB
import LucidAssertion
import LucidJSON
import TestSupport
import Testing
import TronKit

@Suite("Audit log through the wallet and lucidctl (real processes)")
struct AuditEndToEndTests {
    static let auditor = Principal(
        issuer: "lucid-gateway", subject: "auditor", role: "admin", permissions: ["audit:read"], scope: .all,
        requestID: "")

    @Test("the API lists the chain; lucidctl verify passes, then names a tampered row and a deleted one")
    func tamperingIsFound() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        var ids: [String] = []
        for i in 0..<3 {
            let body = #"{"recipient_address":"\#(PrivateKey.random().address.base58)","amount_usdt":"2"}"#
            let r = try await stack.call("POST", "/api/v1/payouts", body: body, idempotencyKey: "audit-\(i)")
            ids.append(try #require(r.json["id"]?.string))
        }
        _ = try await poll("three payouts confirmed", timeout: .seconds(60)) { () async throws -> Bool? in
            for id in ids {
                guard try await stack.call("GET", "/api/v1/payouts/\(id)").json["status"]?.string == "confirmed"
                else { return nil }
            }
            return true
        }

        // The API: filters, paging, and the links the chain is made of.
        let page = try await stack.call("GET", "/api/v1/audit?subject=\(ids[0])&limit=2", as: Self.auditor)
        #expect(page.status == 200)
        let entries = try #require(page.json["data"]?.array)
        #expect(entries.map { $0["action"]?.string } == ["payout.created", "payout.signing"])
        #expect(entries[1]["previous_hash"]?.string != nil && page.json["next_after_seq"]?.int64 != nil)
        let denied = try await stack.call("GET", "/api/v1/audit", as: Stack.service)
        #expect(denied.status == 403)
        let bad = try await stack.call("GET", "/api/v1/audit?limit=0&from=yesterday", as: Self.auditor)
        #expect(bad.status == 422)

        let clean = try await runTool("lucidctl", ["audit", "verify", "--db", stack.databasePath])
        #expect(clean.status == 0)
        let report = try JSONValue.parse(clean.stdout)
        #expect(report["intact"]?.bool == true && (report["entries"]?.int64 ?? 0) >= 15)
        let head = try #require(report["head_hash"]?.string)

        // Someone with database access rewrites the details of entry 2.
        stack.wallet.kill()
        let db = try DatabaseQueue(path: stack.databasePath)
        let original = try #require(
            try await db.read { try String.fetchOne($0, sql: "SELECT detail FROM audit_log WHERE seq = 2") })
        try await db.write { db in
            try db.execute(sql: #"UPDATE audit_log SET detail = '{"amount_usdt":"20000"}' WHERE seq = 2"#)
        }
        let tampered = try await runTool("lucidctl", ["audit", "verify", "--db", stack.databasePath])
        #expect(tampered.status == 1)
        let found = try JSONValue.parse(tampered.stdout)
        #expect(found["intact"]?.bool == false && found["first_broken_seq"]?.int64 == 2)
        #expect(found["reason"]?.string?.contains("altered") == true)

        // Putting it back and deleting entry 5 instead is found at entry 6.
        try await db.write { db in
            try db.execute(sql: "UPDATE audit_log SET detail = ? WHERE seq = 2", arguments: [original])
            try db.execute(sql: "DELETE FROM audit_log WHERE seq = 5")
        }
        let deleted = try await runTool("lucidctl", ["audit", "verify", "--db", stack.databasePath])
        #expect(deleted.status == 1)
        #expect(try JSONValue.parse(deleted.stdout)["first_broken_seq"]?.int64 == 6)

        // Cutting the tail leaves a valid chain; the head recorded earlier exposes it.
        try await db.write { db in
            try db.execute(sql: "DELETE FROM audit_log WHERE seq >= 5")
        }
        #expect(try await runTool("lucidctl", ["audit", "verify", "--db", stack.databasePath]).status == 0)
        let truncated = try await runTool(
            "lucidctl", ["audit", "verify", "--db", stack.databasePath, "--expect-head", head])
        #expect(truncated.status == 1)

        // Export: JSON lines and CSV, one line per entry plus the CSV header.
        let jsonl = try await runTool("lucidctl", ["audit", "export", "--db", stack.databasePath])
        let lines = jsonl.stdout.split(separator: "\n").map(String.init)
        #expect(jsonl.status == 0 && lines.count == 4)
        let exported = try lines.map { try JSONValue.parse($0) }
        #expect(exported.map { $0["seq"]?.int64 } == [1, 2, 3, 4])
        #expect(exported.contains { $0["action"]?.string == "payout.created" })
        let csv = try await runTool("lucidctl", ["audit", "export", "--db", stack.databasePath, "--format", "csv"])
        #expect(csv.stdout.hasPrefix("seq,at,actor,action,subject,detail,previous_hash,hash\n1,"))
    }

    @Test("lucidctl audit verify on a missing database is a clean error")
    func missingDatabase() async throws {
        let r = try await runTool("lucidctl", ["audit", "verify", "--db", "/nonexistent/wallet.sqlite"])
        #expect(r.status == 1 && r.stdout.isEmpty)
    }
}
