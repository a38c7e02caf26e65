import Foundation
import PaymentBackend
import Testing
import TronKit

@Suite("KYC records")
struct KYCTests {
    @Test("expiry blocks the kyc route: new payouts are refused and a scheduled one is rejected at execution")
    func expiryBlocksTheRoute() async throws {
        try await WalletHarness.with { h in
            let to = PrivateKey.random().address
            try await h.store.putKYC(
                KYCRecord(
                    address: to, kycID: "kyc-77", level: 3, status: .active, verifiedAt: h.clock.nowMs(),
                    expiresAt: h.clock.nowMs() + 3_600_000),
                actor: "officer", at: h.clock.nowMs())
            // Accepted while the record is valid, to run in tomorrow's window.
            let (waiting, _) = try await h.service.create(
                try h.request(to, "1500", route: .kyc, batch: .daily), who: WalletHarness.service,
                idempotencyKey: "k1")
            let sweeper = KYCSweeper(store: h.store, clock: h.clock)
            #expect(try await sweeper.sweep() == 0)

            h.clock.advance(ms: 2 * 3_600_000)
            #expect(try await sweeper.sweep() == 1)
            #expect(try await sweeper.sweep() == 0)
            #expect(try await h.store.kyc(to)?.status == .expired)
            var q = AuditQuery()
            q.subject = to.base58
            #expect(
                try await h.store.audit(q).map { "\($0.action) by \($0.actor)" } == [
                    "kyc.active by officer", "kyc.expired by kyc-sweeper",
                ])

            let refused = await #expect(throws: WalletError.self) {
                _ = try await h.service.create(
                    try h.request(to, "10", route: .kyc), who: WalletHarness.service, idempotencyKey: "k2")
            }
            guard case .validation(let fields) = refused else { Issue.record("not a validation error"); return }
            #expect(fields.map(\.pointer) == ["/recipient_address"])

            h.clock.advance(ms: waiting.scheduledFor - h.clock.nowMs() + 1_000)
            let done = try await h.runUntil(waiting.id) { $0.status.isTerminal }
            #expect(done.status == .rejected && done.reasonCode == "KYC_REQUIRED")
            #expect(await h.ledger(waiting.id).isEmpty)
        }
    }
}
