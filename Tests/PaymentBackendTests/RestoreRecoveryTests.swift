import Foundation
import PaymentBackend
import TestSupport
import Testing
import TronKit

@Suite("The first start after a restore")
struct RestoreRecoveryTests {
    @Test("the backup holds an older attempt, a newer one was paid: the payout adopts it and is never signed again")
    func olderAttemptInTheBackup() async throws {
        try await WalletHarness.with(configure: { $0.transactionLifetimeMs = 1_500 }) { h in
            try await h.adminPost("/admin/faults", #"{"drop_transactions": true}"#)
            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "4"), who: WalletHarness.service, idempotencyKey: "r1")
            let first = try await h.runUntil(p.id) { $0.status == .broadcast }
            let database = h.dir.appendingPathComponent("wallet.sqlite").path
            let backup = h.dir.appendingPathComponent("backup.sqlite").path
            _ = try await LedgerBackup.create(database: database, output: backup, now: h.clock.nowMs())
            // After the backup: that attempt expires unpaid, a newer one is signed and lands.
            _ = try await h.runUntil(p.id) { $0.attempts > first.attempts }
            try await h.adminPost("/admin/faults", #"{"drop_transactions": false}"#)
            let paid = try await h.runUntil(p.id) { $0.status == .confirmed }
            #expect(paid.attempt?.txid != first.attempt?.txid)

            // The backup restored beside it, and a wallet started on it.
            let restored = h.dir.appendingPathComponent("restored.sqlite").path
            _ = try await LedgerBackup.restore(backup, to: restored, replace: false, now: h.clock.nowMs())
            let store = try SQLitePayoutStore(path: restored)
            #expect(try await store.payout(id: p.id)?.attempt?.txid == first.attempt?.txid)
            var config = EngineConfiguration()
            config.transactionLifetimeMs = 1_500
            config.confirmationPollMs = 20
            config.chainRefreshMs = 0
            config.rebroadcastAfterMs = 200
            let engine = PayoutEngine(
                store: store, node: h.node, hotKey: h.hotKey, configuration: config, clock: h.clock)
            let adopted = try await poll("the restored payout confirmed", timeout: .seconds(30)) {
                () async throws -> Payout? in
                await engine.runOnce()
                guard let q = try await store.payout(id: p.id), q.status == .confirmed else { return nil }
                return q
            }
            #expect(adopted.attempt?.txid == paid.attempt?.txid)
            #expect(await h.ledger(p.id).count == 1, "paid twice")
            var query = AuditQuery()
            query.action = "ledger.recovered"
            #expect(try await store.audit(query).count == 1)
        }
    }

    @Test(
        "staking after a restore: an operation whose own transaction landed is confirmed, one the backup had not signed is failed RESTORE_UNCERTAIN and never signed"
    )
    func stakingAfterRestore() async throws {
        // A lifetime long enough that a slow pass still broadcasts before its transaction expires.
        try await WalletHarness.with(configure: { $0.transactionLifetimeMs = 5_000 }) { h in
            let staking = StakingService(
                store: h.store, node: h.node, hotAddress: h.hotKey.address, limits: StakingLimits(), clock: h.clock)
            let who = StakingOperationTests.operator_
            // One stake on chain but not yet solid when the backup is taken, one not yet signed.
            try await h.adminPost("/admin/faults", #"{"stall_solidification": true}"#)
            let (sent, _) = try await staking.create(
                try StakingOperationTests.request(.stake, #"{"amount_trx": "70"}"#), who: who, idempotencyKey: "s1")
            _ = try await poll("stake broadcast", timeout: .seconds(90)) { () async throws -> StakingOperation? in
                await h.engine.runOnce()
                let o = try await h.store.stakingOperation(id: sent.id)
                return o?.status == .broadcast ? o : nil
            }
            let (unsigned, _) = try await staking.create(
                try StakingOperationTests.request(.stake, #"{"amount_trx": "30"}"#), who: who, idempotencyKey: "s2")
            let database = h.dir.appendingPathComponent("wallet.sqlite").path
            let backup = h.dir.appendingPathComponent("backup.sqlite").path
            _ = try await LedgerBackup.create(database: database, output: backup, now: h.clock.nowMs())
            // After the backup the earlier run executed the second stake too.
            try await h.adminPost("/admin/faults", #"{"stall_solidification": false}"#)
            try await StakingOperationTests.settle(h, unsigned.id)
            try await StakingOperationTests.settle(h, sent.id)

            let restored = h.dir.appendingPathComponent("restored.sqlite").path
            _ = try await LedgerBackup.restore(backup, to: restored, replace: false, now: h.clock.nowMs())
            let store = try SQLitePayoutStore(path: restored)
            var config = EngineConfiguration()
            config.transactionLifetimeMs = 5_000
            config.confirmationPollMs = 20
            config.chainRefreshMs = 0
            let engine = PayoutEngine(
                store: store, node: h.node, hotKey: h.hotKey, configuration: config, clock: h.clock)
            var query = AuditQuery()
            query.action = "ledger.recovered"
            _ = try await poll("recovery done", timeout: .seconds(90)) { () async throws -> Bool? in
                await engine.runOnce()
                return try await store.audit(query).isEmpty ? nil : true
            }
            #expect(try await store.stakingOperation(id: sent.id)?.status == .confirmed)
            let failed = try #require(try await store.stakingOperation(id: unsigned.id))
            #expect(failed.status == .failed && failed.reasonCode == "RESTORE_UNCERTAIN" && failed.attempts == 0)
            for _ in 0..<5 { await engine.runOnce() }
            #expect(try await h.node.getAccount(h.hotKey.address)?.frozenForEnergy == Sun(100_000_000), "staked twice")
        }
    }
}
