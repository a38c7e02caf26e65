import Foundation
import LucidAssertion
import PaymentBackend
import Testing
import TronKit

@Suite("SQLite payout store")
struct StoreTests {
    func withStore(_ body: (SQLitePayoutStore, PayoutService) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLitePayoutStore(path: dir.appendingPathComponent("s.sqlite").path)
        try await body(store, PayoutService(store: store, limits: PayoutLimits(), clock: SystemWalletClock()))
    }

    func request(_ amount: String) throws -> PayoutRequest {
        try PayoutRequest.parse(
            .object([
                ("recipient_address", .string(PrivateKey.random().address.base58)), ("amount_usdt", .string(amount)),
            ]))
    }

    @Test("compare-and-set: a stale version or an illegal transition writes nothing")
    func casAndTransitions() async throws {
        try await withStore { store, service in
            let (p, _) = try await service.create(try request("1"), who: WalletHarness.service, idempotencyKey: "a")
            var confirmed = p
            confirmed.status = .confirmed  // scheduled → confirmed skips signing: illegal
            confirmed.version += 1
            #expect(try await store.update(confirmed, expectedVersion: p.version, actor: "test") == false)
            var cancelled = p
            cancelled.status = .cancelled
            cancelled.version += 1
            // A stale version writes nothing.
            #expect(try await store.update(cancelled, expectedVersion: p.version - 1, actor: "test") == false)
            #expect(try await store.update(cancelled, expectedVersion: p.version, actor: "test") == true)
            var revived = cancelled
            revived.status = .scheduled  // out of a terminal state: illegal
            revived.version += 1
            #expect(try await store.update(revived, expectedVersion: cancelled.version, actor: "test") == false)
            #expect(try await store.payout(id: p.id)?.status == .cancelled)
        }
    }

    @Test("every transition the engine uses is legal, and terminal states have no way out")
    func transitionTable() {
        for s in PayoutStatus.allCases where s.isTerminal {
            #expect(PayoutStatus.allCases.allSatisfy { !s.canTransition(to: $0) })
        }
        #expect(PayoutStatus.scheduled.canTransition(to: .signing))
        #expect(PayoutStatus.signed.canTransition(to: .broadcast))
        #expect(!PayoutStatus.signed.canTransition(to: .cancelled))
        #expect(!PayoutStatus.broadcast.canTransition(to: .cancelled))
        #expect(!PayoutStatus.signing.canTransition(to: .cancelled))
    }

    @Test("listing pages are stable while new payouts arrive")
    func stablePagination() async throws {
        try await withStore { store, service in
            for i in 0..<30 {
                _ = try await service.create(try request("1"), who: WalletHarness.service, idempotencyKey: "p\(i)")
            }
            var q = PayoutQuery()
            q.limit = 10
            let first = try await store.list(q)
            for i in 0..<10 {
                _ = try await service.create(try request("2"), who: WalletHarness.service, idempotencyKey: "n\(i)")
            }
            var seen = first.map(\.id)
            while let last = seen.last, seen.count < 30 {
                let lastPayout = try #require(try await store.payout(id: last))
                q.after = (lastPayout.createdAt, lastPayout.id)
                let page = try await store.list(q)
                if page.isEmpty { break }
                seen += page.map(\.id)
            }
            #expect(seen.count == 30)
            #expect(Set(seen).count == 30)
        }
    }
}
