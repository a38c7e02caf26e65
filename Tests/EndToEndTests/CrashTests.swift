import Foundation
import LucidAssertion
import LucidJSON
import TestSupport
import Testing
import TronKit

@Suite("Exactly once under SIGKILL (real processes)", .serialized)
struct CrashTests {
    @Test(
        "1,000 payouts and 20 staking operations, the wallet killed at random moments ≥ 10 times: each executed exactly once, none lost"
    )
    func killRepeatedly() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        let batches = 10
        var ids: [String] = []
        var stakingIDs: [String] = []
        var kills = 0
        var rng = SystemRandomNumberGenerator()

        // Create 10 batches of 100 while killing the wallet in between; a request that hits a dead
        // wallet is retried with the same Idempotency-Key, as a client would.
        for b in 0..<batches {
            let items = (0..<100).map { _ in
                #"{"recipient_address":"\#(PrivateKey.random().address.base58)","amount_usdt":"0.5"}"#
            }
            let body = #"{"items":[\#(items.joined(separator: ","))]}"#
            let reply = try await poll("batch \(b) accepted", timeout: .seconds(60)) { () async -> Stack.Reply? in
                guard
                    let r = try? await stack.call(
                        "POST", "/api/v1/payouts/batch", body: body, idempotencyKey: "batch-\(b)")
                else {
                    return nil
                }
                return [200, 201].contains(r.status) ? r : nil
            }
            ids += reply.json["payouts"]?.array?.compactMap { $0["id"]?.string } ?? []
            // Two staking operations per batch, mixed into the run: stake 10 TRX, unstake 3.
            for (kind, amount) in [("stake", "10"), ("unstake", "3")] {
                let op = try await poll("\(kind) \(b) accepted", timeout: .seconds(60)) { () async -> Stack.Reply? in
                    guard
                        let r = try? await stack.call(
                            "POST", "/api/v1/staking/\(kind)", body: #"{"amount_trx":"\#(amount)"}"#, as: Stack.admin,
                            idempotencyKey: "\(kind)-\(b)")
                    else { return nil }
                    // An unstake refused because its stake is not on chain yet is retried like a client would.
                    return [200, 201].contains(r.status) ? r : nil
                }
                stakingIDs.append(try #require(op.json["id"]?.string))
            }
            if b % 2 == 1 {
                // Not synchronisation: a random moment at which to crash the wallet.
                try await Task.sleep(for: .milliseconds(Int.random(in: 50...400, using: &rng)))
                stack.wallet.kill()
                kills += 1
                try await stack.restartWallet()
            }
        }
        // More kills while payouts are being signed, broadcast and confirmed.
        while kills < 12 {
            // Not synchronisation: a random moment at which to crash the wallet.
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...700, using: &rng)))
            stack.wallet.kill()
            kills += 1
            try await stack.restartWallet()
        }
        #expect(Set(ids).count == batches * 100)

        // Every payout reaches confirmed; the chain shows each memo exactly once.
        let expected = Set(ids)
        let transfers = try await poll("all 1,000 paid", timeout: .seconds(240)) { () async throws -> [JSONValue]? in
            let t = try await stack.ledger()
            let paid = Set(t.filter { $0["result"]?.string == "SUCCESS" }.compactMap { $0["memo"]?.string })
            return expected.isSubset(of: paid) ? t : nil
        }
        var perMemo: [String: Int] = [:]
        for t in transfers where t["result"]?.string == "SUCCESS" { perMemo[t["memo"]?.string ?? "", default: 0] += 1 }
        #expect(perMemo.values.allSatisfy { $0 == 1 }, "a memo was paid twice")
        #expect(Set(perMemo.keys) == expected, "a transfer without a payout, or a payout without a transfer")
        #expect(transfers.allSatisfy { $0["amount"]?.string == "500000" })

        // And the wallet agrees once the receipts are solid: nothing stuck, nothing lost, and the
        // cursor pages through every payout exactly once.
        let confirmed = try await poll("wallet confirms all 1,000", timeout: .seconds(120)) {
            () async throws -> Set<String>? in
            var seen: [String] = []
            var cursor: String?
            repeat {
                let path = "/api/v1/payouts?status=confirmed&limit=200" + (cursor.map { "&cursor=\($0)" } ?? "")
                guard let page = try? await stack.call("GET", path), page.status == 200 else { return nil }
                seen += page.json["data"]?.array?.compactMap { $0["id"]?.string } ?? []
                cursor = page.json["next_cursor"]?.string
            } while cursor != nil
            #expect(seen.count == Set(seen).count, "a page repeated a payout")
            return seen.count == 1_000 ? Set(seen) : nil
        }
        #expect(confirmed == expected)

        // Every staking operation confirmed once; the chain holds exactly their net stake.
        let hot = try TronAddress(
            base58: try #require(try await stack.call("GET", "/api/v1/wallet", as: Stack.admin).json["address"]?.string)
        )
        _ = try await poll("staking operations confirmed", timeout: .seconds(120)) { () async throws -> Bool? in
            for id in stakingIDs {
                let op = try await stack.call("GET", "/api/v1/staking/operations/\(id)", as: Stack.admin).json
                #expect(op["status"]?.string != "failed", "\(op.serialized)")
                if op["status"]?.string != "confirmed" { return nil }
            }
            return true
        }
        #expect(Set(stakingIDs).count == batches * 2)
        let node = FullNodeClient(configuration: FullNodeConfiguration(fullNodeURL: stack.api))
        let account = try await node.getAccount(hot)
        try? await node.shutdown()
        #expect(account?.frozenForEnergy == Sun(Int64(batches) * 7_000_000), "each stake and unstake executed once")
        #expect(account?.pendingUnfreezes.count == batches)

        // The audit chain survived every kill: `lucidctl audit verify` finds it intact and complete.
        let verify = try await runTool("lucidctl", ["audit", "verify", "--db", stack.databasePath])
        #expect(verify.status == 0, "\(verify.stdout)")
        let report = try JSONValue.parse(verify.stdout)
        #expect(report["intact"]?.bool == true)
        // Each payout was created once and confirmed once in the log, whatever happened in between.
        let export = try await runTool("lucidctl", ["audit", "export", "--db", stack.databasePath])
        var actions: [String: Int] = [:]
        for line in export.stdout.split(separator: "\n") {
            let entry = try JSONValue.parse(String(line))
            actions[entry["action"]?.string ?? "", default: 0] += 1
        }
        #expect(actions["payout.created"] == 1_000 && actions["payout.confirmed"] == 1_000, "\(actions)")
        #expect(actions["staking.created"] == batches * 2 && actions["staking.confirmed"] == batches * 2, "\(actions)")
        #expect(report["entries"]?.int64 == Int64(actions.values.reduce(0, +)))
    }
}
