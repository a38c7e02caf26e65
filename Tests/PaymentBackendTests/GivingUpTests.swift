import LucidAssertion
import PaymentBackend
import Testing
import TronKit

/// A payout is not retried forever: past its attempts or its deadline it fails with a stable
/// reason and releases its reservation — but never while a transaction for it could still land.
@Suite("Retry limit and payout deadline")
struct GivingUpTests {
    @Test("past MAX_PAYOUT_RETRY_ATTEMPTS a payout whose attempts never land fails RETRY_LIMIT_REACHED")
    func retryLimit() async throws {
        try await WalletHarness.with(configure: {
            $0.transactionLifetimeMs = 1_500
            $0.maxRetryAttempts = 1
        }) { h in
            try await h.adminPost("/admin/faults", #"{"drop_transactions": true}"#)
            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "6"), who: WalletHarness.service, idempotencyKey: "r1")
            let failed = try await h.runUntil(p.id) { $0.status.isTerminal }
            #expect(failed.status == .failed)
            #expect(failed.reasonCode == "RETRY_LIMIT_REACHED")
            #expect(failed.attempts == 2, "the first attempt and one new one")
            // The last attempt is proven absent from the solid chain before giving up.
            let solid = try await h.node.getNowBlock(solid: true)
            #expect(solid.timestamp >= failed.attempt!.expiration)
            #expect(try await h.node.getTransactionInfo(id: failed.attempt!.txid, solid: true) == nil)
            #expect(await h.ledger(p.id).isEmpty)
            let now = h.clock.nowMs()
            #expect(try await h.store.reservedTotal(from: now - 86_400_000, to: now + 1, recipient: nil).value == 0)
        }
    }

    @Test("an unsigned payout past PAYOUT_TIMEOUT fails PAYOUT_TIMEOUT and is never paid")
    func unsignedDeadline() async throws {
        try await WalletHarness.with(configure: {
            $0.payoutTimeoutMs = 60_000
            $0.timeoutSweepMs = 0
        }) { h in
            try await h.engine.setPaused(true, by: "test")
            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "5"), who: WalletHarness.service, idempotencyKey: "t1")
            _ = try await h.runUntil(p.id) { $0.status == .held }
            h.clock.advance(ms: 61_000)
            let failed = try await h.runUntil(p.id) { $0.status.isTerminal }
            #expect(failed.status == .failed && failed.reasonCode == "PAYOUT_TIMEOUT")
            #expect(failed.attempts == 0)
            // Resumed, nothing is paid for it.
            try await h.engine.setPaused(false, by: "test")
            await h.engine.runOnce()
            #expect(try await h.store.payout(id: p.id)?.status == .failed)
            #expect(await h.ledger(p.id).isEmpty)
        }
    }

    @Test("a signed payout past its deadline waits for its attempt to expire, then fails without a new one")
    func signedDeadline() async throws {
        try await WalletHarness.with(configure: {
            $0.transactionLifetimeMs = 1_500
            $0.payoutTimeoutMs = 60_000
        }) { h in
            try await h.adminPost("/admin/faults", #"{"drop_transactions": true}"#)
            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "7"), who: WalletHarness.service, idempotencyKey: "t2")
            let sent = try await h.runUntil(p.id) { $0.status == .broadcast }
            h.clock.advance(ms: 61_000)
            let failed = try await h.runUntil(p.id) { $0.status.isTerminal }
            #expect(failed.status == .failed && failed.reasonCode == "PAYOUT_TIMEOUT")
            #expect(failed.attempts == sent.attempts, "no new attempt was signed")
            #expect(failed.reasonDetail?.contains("expired unconfirmed") == true)
            let solid = try await h.node.getNowBlock(solid: true)
            #expect(solid.timestamp >= failed.attempt!.expiration, "given up only once it could not land")
            #expect(await h.ledger(p.id).isEmpty)
        }
    }
}
