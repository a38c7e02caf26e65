import Foundation
import LucidJSON
import TestSupport
import Testing
import TronKit

@Suite("Backup and restore of the ledger (real processes)", .serialized)
struct BackupRestoreTests {
    /// Creates `count` payouts of 0.5 USDT in one batch; returns their ids.
    func batch(_ stack: Stack, _ key: String, _ count: Int) async throws -> [String] {
        let items = (0..<count).map { _ in
            #"{"recipient_address":"\#(PrivateKey.random().address.base58)","amount_usdt":"0.5"}"#
        }
        let r = try await stack.call(
            "POST", "/api/v1/payouts/batch", body: #"{"items":[\#(items.joined(separator: ","))]}"#,
            idempotencyKey: key)
        #expect(r.status == 201, "batch \(key): \(r.json)")
        return r.json["payouts"]?.array?.compactMap { $0["id"]?.string } ?? []
    }

    /// The memos of the devnet's successful transfers, with how often each was paid.
    func paidMemos(_ stack: Stack) async throws -> [String: Int] {
        var perMemo: [String: Int] = [:]
        for t in try await stack.ledger() where t["result"]?.string == "SUCCESS" {
            perMemo[t["memo"]?.string ?? "", default: 0] += 1
        }
        return perMemo
    }

    func confirmedCount(_ stack: Stack) async throws -> Int? {
        let r = try await stack.call("GET", "/api/v1/stats", as: Stack.admin)
        return r.json["by_status"]?["confirmed"]?["count"]?.int64.map(Int.init) ?? 0
    }

    @Test(
        "backed up mid-run, the wallet killed, the backup restored: every payout paid exactly once, the audit chain intact"
    )
    func restoreMidRun() async throws {
        // Small signing passes, so the wallet may die with some payouts not yet signed.
        let stack = try await Stack(extraEnv: ["ENGINE_BATCH_SIZE": "10"])
        defer { stack.stop() }
        // 100 paid before the backup; 200 created while paused, so the backup holds them unsigned.
        let early = try await batch(stack, "early", 100)
        _ = try await poll("100 confirmed before the backup", timeout: .seconds(120)) {
            try await confirmedCount(stack) == 100 ? true : nil
        }
        #expect(try await stack.call("POST", "/api/v1/admin/pause", body: "{}", as: Stack.admin).status == 200)
        let late = try await batch(stack, "late-1", 100) + batch(stack, "late-2", 100)
        let backup = stack.dir.appendingPathComponent("backups/ledger.sqlite").path
        try FileManager.default.createDirectory(
            atPath: (backup as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let made = try await runTool("lucidctl", ["backup", "--db", stack.databasePath, "--out", backup])
        #expect(made.status == 0, "\(made.stderr)")
        let manifest = try JSONValue.parse(made.stdout)
        #expect(manifest["rows"]?["payouts"]?.int64 == 300)
        for file in [backup, backup + ".manifest.json"] {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) has mode \(String(mode ?? 0, radix: 8))")
        }

        // The later payouts go out; the wallet is killed once some of them are on chain.
        #expect(try await stack.call("POST", "/api/v1/admin/resume", body: "{}", as: Stack.admin).status == 200)
        _ = try await poll("some later payouts on chain", timeout: .seconds(120)) {
            let paid = try await paidMemos(stack)
            return late.filter { paid[$0] != nil }.count >= 30 ? true : nil
        }
        let refused = try await runTool(
            "lucidctl", ["restore", "--backup", backup, "--db", stack.databasePath, "--replace"])
        #expect(refused.status != 0 && refused.stderr.contains("in use"), "restore while the wallet runs: \(refused)")
        stack.wallet.kill()
        let restored = try await runTool(
            "lucidctl", ["restore", "--backup", backup, "--db", stack.databasePath, "--replace"])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try JSONValue.parse(restored.stdout)["previous"]?.string != nil)
        try await stack.restartWallet()
        // The backup was taken while paused, so the restored ledger is paused: the operator resumes.
        #expect(try await stack.call("POST", "/api/v1/admin/resume", body: "{}", as: Stack.admin).status == 200)

        // Each of the 300 is paid exactly once on chain, and the wallet confirms all of them.
        let expected = Set(early + late)
        let perMemo = try await poll("all 300 paid", timeout: .seconds(180)) { () async throws -> [String: Int]? in
            let paid = try await paidMemos(stack)
            return expected.isSubset(of: Set(paid.keys)) ? paid : nil
        }
        #expect(perMemo.filter { $0.value != 1 }.isEmpty, "paid twice: \(perMemo.filter { $0.value != 1 })")
        #expect(Set(perMemo.keys) == expected)
        do {
            _ = try await poll("the wallet confirms all 300", timeout: .seconds(120)) {
                try await confirmedCount(stack) == 300 ? true : nil
            }
        } catch {
            Issue.record("the wallet's log ends: \(stack.wallet.log.suffix(4000))")
            throw error
        }

        // The chain verifies, and it tells the story: restored once, recovered once, each payout
        // confirmed once; the payouts paid after the backup were adopted from the chain.
        let verify = try await runTool("lucidctl", ["audit", "verify", "--db", stack.databasePath])
        let intact = try JSONValue.parse(verify.stdout)["intact"]?.bool
        #expect(verify.status == 0 && intact == true, "\(verify.stdout)")
        let export = try await runTool("lucidctl", ["audit", "export", "--db", stack.databasePath])
        var actions: [String: Int] = [:]
        var adopted: [String] = []
        for line in export.stdout.split(separator: "\n") {
            let entry = try JSONValue.parse(String(line))
            let action = entry["action"]?.string ?? ""
            actions[action, default: 0] += 1
            if action == "ledger.recovered" {
                adopted = entry["detail"]?["adopted"]?.array?.compactMap(\.string) ?? []
            }
        }
        #expect(actions["ledger.restored"] == 1 && actions["ledger.recovered"] == 1, "\(actions)")
        #expect(actions["payout.confirmed"] == 300, "\(actions)")
        #expect(adopted.count >= 30 && Set(adopted).isSubset(of: Set(late)), "adopted \(adopted.count)")
    }

    @Test("a backup that does not match its manifest, or has no manifest, is refused and nothing is replaced")
    func tamperedBackupRefused() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        _ = try await batch(stack, "one", 3)
        let backup = stack.dir.appendingPathComponent("copy.sqlite").path
        #expect(try await runTool("lucidctl", ["backup", "--db", stack.databasePath, "--out", backup]).status == 0)
        let again = try await runTool("lucidctl", ["backup", "--db", stack.databasePath, "--out", backup])
        #expect(again.status != 0 && again.stderr.contains("exists"), "\(again)")
        #expect(try await runTool("lucidctl", ["restore", "--backup", backup, "--check"]).status == 0)

        // One byte changed in the copy: its checksum no longer matches.
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: backup)))
        bytes[bytes.count - 1] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: backup))
        stack.wallet.kill()
        let before = try Data(contentsOf: URL(fileURLWithPath: stack.databasePath))
        let r = try await runTool("lucidctl", ["restore", "--backup", backup, "--db", stack.databasePath, "--replace"])
        #expect(r.status != 0 && r.stderr.contains("does not match its manifest"), "\(r)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: stack.databasePath)) == before)

        try FileManager.default.removeItem(atPath: backup + ".manifest.json")
        let bare = try await runTool("lucidctl", ["restore", "--backup", backup, "--check"])
        #expect(bare.status != 0 && bare.stderr.contains("no manifest"), "\(bare)")
    }
}
