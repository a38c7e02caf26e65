import Foundation
import LucidAssertion
import PaymentBackend
import Testing
import TronKit

/// Money-path branches: a success without the expected Transfer log, the fee limit, short TRX, the
/// pause switch and the batch windows.
@Suite("Money-path branches")
struct MoneyPathTests {
    @Test("SUCCESS without the expected Transfer log fails TRANSFER_LOG_MISMATCH, never confirmed or re-signed")
    func transferLogMismatch() async throws {
        try await WalletHarness.with { h in
            try await h.adminPost("/admin/faults", #"{"omit_transfer_logs": true}"#)
            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "4"), who: WalletHarness.service, idempotencyKey: "m1")
            let done = try await h.runUntil(p.id) { $0.status.isTerminal }
            #expect(done.status == .failed)
            #expect(done.reasonCode == "TRANSFER_LOG_MISMATCH")
            #expect(done.outcome?.result == "SUCCESS")
            #expect(done.attempts == 1)
        }
    }

    @Test("fee_limit: estimate × price × margin, rounded up, clamped to the cap")
    func feeLimitArithmetic() {
        var fees = FeePolicy()
        #expect(fees.feeLimit(energy: 14_650, energyFee: 100) == 1_758_000)
        #expect(fees.feeLimit(energy: 29_650, energyFee: 210) == 7_471_800)
        fees.marginPercent = 133
        #expect(fees.feeLimit(energy: 1, energyFee: 1) == 2, "rounded up, never below the estimate")
        #expect(fees.feeLimit(energy: 1_000_000, energyFee: 420) == fees.cap.value)
        #expect(fees.feeLimit(energy: .max, energyFee: 2) == fees.cap.value, "an overflow is the cap")
        #expect(fees.feeLimit(energy: 0, energyFee: 100) == fees.cap.value, "no estimate: the cap")
    }

    @Test("the signed transaction carries the capped fee_limit")
    func feeLimitOnChain() async throws {
        try await WalletHarness.with(configure: { $0.fees.cap = Sun(1_234_567) }) { h in
            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "2"), who: WalletHarness.service, idempotencyKey: "m2")
            let sent = try await h.runUntil(p.id) { $0.attempt != nil }
            #expect(sent.attempt?.feeLimit == 1_234_567)
            let tx = try Transaction(protobuf: sent.attempt!.signedTransaction)
            #expect(tx.raw.feeLimit == 1_234_567)
        }
    }

    @Test("too little TRX for the fee limit holds the payout INSUFFICIENT_TRX until funded; nothing signed")
    func insufficientTRX() async throws {
        try await WalletHarness.with(trx: "1") { h in
            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "3"), who: WalletHarness.service, idempotencyKey: "m3")
            let held = try await h.runUntil(p.id) { $0.status == .held }
            #expect(held.reasonCode == "INSUFFICIENT_TRX")
            #expect(held.attempts == 0 && held.attempt == nil)
            try await h.adminPost("/admin/fund", #"{"address": "\#(h.hotKey.address.base58)", "trx": "1000"}"#)
            h.clock.advance(ms: 60_000)
            _ = try await h.runUntil(p.id) { $0.status == .confirmed }
            #expect(await h.ledger(p.id).count == 1)
        }
    }

    @Test("paused, due payouts are held PAYOUTS_PAUSED and nothing is signed; resumed, they are paid once")
    func pauseAndResume() async throws {
        try await WalletHarness.with { h in
            try await h.engine.setPaused(true, by: "ops")
            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "5"), who: WalletHarness.service, idempotencyKey: "m4")
            let held = try await h.runUntil(p.id) { $0.status == .held }
            #expect(held.reasonCode == "PAYOUTS_PAUSED" && held.attempts == 0)
            for _ in 0..<3 { await h.engine.runOnce() }
            #expect(try await h.store.payout(id: p.id)?.attempts == 0, "still nothing signed while paused")
            try await h.engine.setPaused(false, by: "ops")
            _ = try await h.runUntil(p.id) { $0.status == .confirmed }
            #expect(await h.ledger(p.id).count == 1)
        }
    }

    @Test("hourly and weekly windows start at the next full UTC hour and at Monday 00:00 UTC")
    func windows() {
        let saturday1030: Int64 = 1_796_466_600_000  // 2026-12-05 10:30 UTC, a Saturday
        let saturday1100: Int64 = 1_796_468_400_000
        #expect(PayoutWindow.start(.hourly, now: saturday1030) == saturday1100)
        #expect(PayoutWindow.start(.hourly, now: saturday1100) == saturday1100, "on the hour: now")
        #expect(PayoutWindow.start(.daily, now: saturday1030) == 1_796_515_200_000)
        let monday: Int64 = 1_796_601_600_000  // 2026-12-07 00:00 UTC
        let nextMonday: Int64 = 1_797_206_400_000
        #expect(PayoutWindow.start(.weekly, now: monday - 1_000) == monday, "Sunday 23:59:59")
        #expect(PayoutWindow.start(.weekly, now: monday) == monday, "Monday 00:00 itself")
        #expect(PayoutWindow.start(.weekly, now: monday + 1) == nextMonday, "just after: the next Monday")
        #expect(PayoutWindow.start(.weekly, now: 1_796_817_600_000) == nextMonday, "a Wednesday")
        #expect(PayoutWindow.start(.immediate, now: saturday1030) == saturday1030)
    }

    @Test("an hourly and a weekly payout wait for their window, then are paid")
    func windowsInTheEngine() async throws {
        try await WalletHarness.with { h in
            let (hourly, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "1", batch: .hourly), who: WalletHarness.service,
                idempotencyKey: "w1")
            let (weekly, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "1", batch: .weekly), who: WalletHarness.service,
                idempotencyKey: "w2")
            #expect(hourly.scheduledFor == PayoutWindow.start(.hourly, now: hourly.createdAt))
            #expect(weekly.scheduledFor == PayoutWindow.start(.weekly, now: weekly.createdAt))
            for _ in 0..<3 { await h.engine.runOnce() }
            #expect(try await h.store.payout(id: hourly.id)?.status == .scheduled)
            #expect(try await h.store.payout(id: weekly.id)?.status == .scheduled)
            h.clock.advance(ms: hourly.scheduledFor - h.clock.nowMs())
            _ = try await h.runUntil(hourly.id) { $0.status == .confirmed }
            #expect(try await h.store.payout(id: weekly.id)?.status == .scheduled, "the week has not begun")
            h.clock.advance(ms: weekly.scheduledFor - h.clock.nowMs())
            _ = try await h.runUntil(weekly.id) { $0.status == .confirmed }
        }
    }
}
