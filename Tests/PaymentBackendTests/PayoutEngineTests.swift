import BigInt
import LucidAssertion
import PaymentBackend
import Testing
import TronDevnet
import TronKit

@Suite("Payout engine end to end against tron-devnet")
struct PayoutEngineTests {
    @Test("a payout is confirmed on a solid block, once, with its id as the memo")
    func singlePayout() async throws {
        try await WalletHarness.with { h in
            let to = PrivateKey.random().address
            let (p, replayed) = try await h.service.create(
                try h.request(to, "12.5"), who: WalletHarness.service, idempotencyKey: "k1")
            #expect(!replayed)
            #expect(p.id.hasPrefix("po_"))
            let done = try await h.runUntil(p.id) { $0.status.isTerminal }
            #expect(done.status == .confirmed)
            #expect(done.attempts == 1)
            #expect(done.outcome?.result == "SUCCESS")
            let entries = await h.ledger(p.id)
            #expect(entries.count == 1)
            #expect(
                entries.first?.to == to && entries.first?.amount == "12500000" && entries.first?.result == "SUCCESS")
            let info = try #require(try await h.node.getTransactionInfo(id: done.attempt!.txid, solid: true))
            #expect(info.blockNumber == done.outcome?.blockNumber)
        }
    }

    @Test("the same Idempotency-Key and body return the same payout; another body is refused")
    func idempotency() async throws {
        try await WalletHarness.with { h in
            let to = PrivateKey.random().address
            let (a, _) = try await h.service.create(
                try h.request(to, "1"), who: WalletHarness.service, idempotencyKey: "same")
            let (b, replayed) = try await h.service.create(
                try h.request(to, "1.000000"), who: WalletHarness.service, idempotencyKey: "same")
            #expect(replayed && a.id == b.id)
            await #expect(throws: WalletError.idempotencyMismatch) {
                _ = try await h.service.create(
                    try h.request(to, "2"), who: WalletHarness.service, idempotencyKey: "same")
            }
            #expect(try await h.store.list(PayoutQuery()).count == 1)
        }
    }

    @Test("cancel works before signing and is refused with 409 after")
    func cancel() async throws {
        try await WalletHarness.with { h in
            let later = try await h.service.create(
                try h.request(PrivateKey.random().address, "1", batch: .weekly), who: WalletHarness.service,
                idempotencyKey: "c1")
            let cancelled = try await h.service.cancel(later.0.id, who: WalletHarness.service)
            #expect(cancelled.status == .cancelled)
            let now = try await h.service.create(
                try h.request(PrivateKey.random().address, "1"), who: WalletHarness.service, idempotencyKey: "c2")
            _ = try await h.runUntil(now.0.id) { $0.status == .broadcast || $0.status == .confirmed }
            do {
                _ = try await h.service.cancel(now.0.id, who: WalletHarness.service)
                Issue.record("cancel after signing must fail")
            } catch let e as WalletError {
                #expect(e.status == 409)
                #expect(e.code == "PAYOUT_NOT_CANCELLABLE")
            }
        }
    }

    @Test("a batch of 100 is confirmed, each exactly once")
    func batchOf100() async throws {
        try await WalletHarness.with { h in
            let requests = try (0..<100).map { _ in try h.request(PrivateKey.random().address, "0.5") }
            let (batch, payouts, _) = try await h.service.createBatch(
                requests, who: WalletHarness.service, idempotencyKey: "b1")
            #expect(batch.count == 100 && batch.total == MicroUSDT(50_000_000))
            for p in payouts { try await h.runUntil(p.id, timeout: .seconds(60)) { $0.status == .confirmed } }
            for p in payouts { #expect(await h.ledger(p.id).count == 1) }
        }
    }

    @Test("a batch's receipts are read once per solid block, not once per payout")
    func receiptsPerBlock() async throws {
        // Re-sends are pushed out of the way, so every receipt must come from the block scan.
        try await WalletHarness.with(configure: { $0.rebroadcastAfterMs = 600_000 }) { h in
            let requests = try (0..<40).map { _ in try h.request(PrivateKey.random().address, "0.25") }
            let (_, payouts, _) = try await h.service.createBatch(
                requests, who: WalletHarness.service, idempotencyKey: "scan")
            for p in payouts { try await h.runUntil(p.id, timeout: .seconds(60)) { $0.status == .confirmed } }
            for p in payouts { #expect(await h.ledger(p.id).count == 1) }
            let calls = h.devnet.calls.snapshot
            #expect(calls["walletsolidity/gettransactioninfobyid", default: 0] == 0)
            #expect(calls["walletsolidity/gettransactioninfobyblocknum", default: 0] >= 1)
            #expect(calls["wallet/broadcasthex", default: 0] == 40)
        }
    }

    @Test("a batch with one bad item stores nothing")
    func batchAllOrNothing() async throws {
        try await WalletHarness.with { h in
            var requests = try (0..<5).map { _ in try h.request(PrivateKey.random().address, "1") }
            requests.append(try h.request(PrivateKey.random().address, "5000"))  // above the v0 maximum
            do {
                _ = try await h.service.createBatch(requests, who: WalletHarness.service, idempotencyKey: "b2")
                Issue.record("expected a validation error")
            } catch let WalletError.validation(errors) {
                #expect(errors.map(\.pointer) == ["/items/5/amount_usdt"])
            }
            #expect(try await h.store.list(PayoutQuery()).isEmpty)
        }
    }

    @Test("a payout over the hourly limit is held and paid in the next window")
    func limitHold() async throws {
        try await WalletHarness.with(configure: { $0.limits.hourly = MicroUSDT(5_000_000) }) { h in
            let first = try await h.service.create(
                try h.request(PrivateKey.random().address, "3"), who: WalletHarness.service, idempotencyKey: "l1")
            _ = try await h.runUntil(first.0.id) { $0.status == .confirmed }
            let second = try await h.service.create(
                try h.request(PrivateKey.random().address, "3"), who: WalletHarness.service, idempotencyKey: "l2")
            let held = try await h.runUntil(second.0.id) { $0.status == .held }
            #expect(held.reasonCode == "PAYOUT_LIMIT_HOURLY")
            #expect(await h.ledger(second.0.id).isEmpty)
            h.clock.advance(ms: 3_600_000)
            let paid = try await h.runUntil(second.0.id) { $0.status == .confirmed }
            #expect(paid.attempts == 1)
        }
    }

    @Test("a payout over the daily limit is held and paid the next day")
    func dailyLimitHold() async throws {
        try await WalletHarness.with(configure: { $0.limits.daily = MicroUSDT(5_000_000) }) { h in
            let first = try await h.service.create(
                try h.request(PrivateKey.random().address, "4"), who: WalletHarness.service, idempotencyKey: "d1")
            _ = try await h.runUntil(first.0.id) { $0.status == .confirmed }
            let second = try await h.service.create(
                try h.request(PrivateKey.random().address, "4"), who: WalletHarness.service, idempotencyKey: "d2")
            let held = try await h.runUntil(second.0.id) { $0.status == .held }
            #expect(held.reasonCode == "PAYOUT_LIMIT_DAILY")
            #expect(held.scheduledFor == PayoutWindow.nextDay(h.clock.nowMs()))
            // Just before midnight UTC it is still held; after it, it is paid.
            h.clock.advance(ms: held.scheduledFor - h.clock.nowMs() - 5_000)
            await h.engine.runOnce()
            #expect(try await h.store.payout(id: second.0.id)?.status == .held)
            h.clock.advance(ms: 10_000)
            _ = try await h.runUntil(second.0.id) { $0.status == .confirmed }
            #expect(await h.ledger(second.0.id).count == 1)
        }
    }

    @Test("the kyc route needs an active record")
    func kycRoute() async throws {
        try await WalletHarness.with { h in
            let to = PrivateKey.random().address
            await #expect(throws: WalletError.self) {
                _ = try await h.service.create(
                    try h.request(to, "2000", route: .kyc), who: WalletHarness.service, idempotencyKey: "y1")
            }
            try await h.store.putKYC(
                KYCRecord(
                    address: to, kycID: "kyc-1", level: 3, status: .active, verifiedAt: 0,
                    expiresAt: h.clock.nowMs() + 86_400_000), actor: "compliance", at: h.clock.nowMs())
            let p = try await h.service.create(
                try h.request(to, "2000", route: .kyc), who: WalletHarness.service, idempotencyKey: "y2")
            _ = try await h.runUntil(p.0.id) { $0.status == .confirmed }
        }
    }

    @Test("the breaker opens under node errors, holds payouts, and closes after recovery")
    func breaker() async throws {
        try await WalletHarness.with { h in
            try await h.adminPost("/admin/faults", #"{"node_down": "unavailable"}"#)
            let p = try await h.service.create(
                try h.request(PrivateKey.random().address, "1"), who: WalletHarness.service, idempotencyKey: "br")
            let held = try await h.runUntil(p.0.id) { $0.status == .held && $0.reasonCode == "CIRCUIT_OPEN" }
            #expect(held.attempts == 0)
            #expect(await h.engine.breaker.isOpen)
            try await h.adminPost("/admin/faults", #"{"node_down": "none"}"#)
            h.clock.advance(ms: 10_000)
            _ = try await h.runUntil(p.0.id) { $0.status == .confirmed }
            #expect(await h.engine.breaker.state == .closed)
        }
    }

    @Test("a silently dropped transaction expires and is paid once by a new attempt")
    func droppedThenNewAttempt() async throws {
        try await WalletHarness.with(configure: { $0.transactionLifetimeMs = 1_500 }) { h in
            try await h.adminPost("/admin/faults", #"{"drop_transactions": true}"#)
            let p = try await h.service.create(
                try h.request(PrivateKey.random().address, "4"), who: WalletHarness.service, idempotencyKey: "d1")
            let first = try await h.runUntil(p.0.id) { $0.status == .broadcast }
            let firstTx = first.attempt!.txid
            // On a slow machine one engine pass can expire an attempt and sign the next before the
            // test looks, so follow whichever attempt was seen first.
            let seen = first.attempts
            // A new attempt is signed only once the one seen is expired and absent from the solid chain.
            let second = try await h.runUntil(p.0.id) { $0.attempts > seen }
            let solid = try await h.node.getNowBlock(solid: true)
            #expect(solid.timestamp >= first.attempt!.expiration)
            #expect(try await h.node.getTransactionInfo(id: firstTx, solid: true) == nil)
            #expect(second.attempt?.txid != firstTx)
            try await h.adminPost("/admin/faults", #"{"drop_transactions": false}"#)
            let done = try await h.runUntil(p.0.id) { $0.status == .confirmed }
            #expect(done.attempts >= 2)
            #expect(await h.ledger(p.0.id).count == 1)
            #expect(await h.devnet.chain.ledgerEntries().filter { $0.to == p.0.request.recipient }.count == 1)
        }
    }

    @Test("a REVERT on chain ends as failed with its reason and fee")
    func revertFails() async throws {
        try await WalletHarness.with(usdt: "10") { h in
            try await h.adminPost("/admin/faults", #"{"drop_transactions": true}"#)
            let p = try await h.service.create(
                try h.request(PrivateKey.random().address, "8"), who: WalletHarness.service, idempotencyKey: "rv")
            _ = try await h.runUntil(p.0.id) { $0.status == .broadcast }
            // Behind the engine's back, the hot wallet's USDT is spent; then the network delivers.
            try await h.adminPost("/admin/faults", #"{"drop_transactions": false}"#)
            let solid = try await h.node.getNowBlock(solid: true)
            let raw = try TransactionBuilder(refBlock: solid.id, timestamp: solid.timestamp + 1)
                .trc20Transfer(
                    contract: .usdtMainnet, from: h.hotKey.address, to: PrivateKey.random().address, amount: 9_000_000,
                    feeLimit: 30_000_000)
            try await h.node.broadcast(try Transaction(raw: raw).signed(with: h.hotKey))
            let failed = try await h.runUntil(p.0.id) { $0.status.isTerminal }
            #expect(failed.status == .failed)
            #expect(failed.reasonCode == "REVERT")
            #expect((failed.outcome?.feeSun ?? 0) > 0)
        }
    }

    @Test("insufficient USDT holds the payout until the wallet is funded")
    func insufficientFunds() async throws {
        try await WalletHarness.with(usdt: "1") { h in
            let p = try await h.service.create(
                try h.request(PrivateKey.random().address, "5"), who: WalletHarness.service, idempotencyKey: "f1")
            let held = try await h.runUntil(p.0.id) { $0.status == .held }
            #expect(held.reasonCode == "INSUFFICIENT_USDT")
            #expect(held.attempts == 0)
            try await h.adminPost("/admin/fund", #"{"address": "\#(h.hotKey.address.base58)", "usdt": "100"}"#)
            h.clock.advance(ms: 2_000)
            _ = try await h.runUntil(p.0.id) { $0.status == .confirmed }
        }
    }
}
