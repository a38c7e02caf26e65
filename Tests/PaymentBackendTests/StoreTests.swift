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

    @Test("due payouts come highest priority first, then oldest; not-yet-due and other states never")
    func dueOrder() async throws {
        try await withStore { store, _ in
            let clock = OffsetWalletClock()
            let service = PayoutService(store: store, limits: PayoutLimits(), clock: clock)
            func make(_ key: String, _ priority: String, batch: String = "immediate") async throws -> Payout {
                clock.advance(ms: 2)  // distinct creation times, in this order
                let r = try PayoutRequest.parse(
                    .object([
                        ("recipient_address", .string(PrivateKey.random().address.base58)),
                        ("amount_usdt", .string("1")),
                        ("priority", .string(priority)), ("batch_type", .string(batch)),
                    ]))
                let (payout, _) = try await service.create(r, who: WalletHarness.service, idempotencyKey: key)
                return payout
            }
            let low = try await make("1", "low")
            let normal1 = try await make("2", "normal")
            let urgent = try await make("3", "urgent")
            _ = try await make("4", "urgent", batch: "daily")  // waits for the next daily window
            let normal2 = try await make("5", "normal")
            let high = try await make("6", "high")
            let held = try await make("7", "urgent")
            let signing = try await make("8", "urgent")
            let now = clock.nowMs()
            let retryLater = held.moved(to: .held, at: now, reason: ("PAYOUT_LIMIT_DAILY", "limit"), runAt: now + 1)
            #expect(try await store.update(retryLater, expectedVersion: held.version, actor: "test"))
            #expect(
                try await store.update(
                    signing.moved(to: .signing, at: now), expectedVersion: signing.version, actor: "test"))

            #expect(try await store.due(now: now, limit: 3).map(\.id) == [urgent.id, high.id, normal1.id])
            #expect(
                try await store.due(now: now, limit: 100).map(\.id) == [
                    urgent.id, high.id, normal1.id, normal2.id, low.id,
                ])
            // Once its retry time comes, the held payout is due again, after the older urgent one.
            #expect(try await store.due(now: now + 1, limit: 2).map(\.id) == [urgent.id, held.id])
        }
    }

    @Test("a recipient's daily limit counts what it already has reserved and what the same pass reserves")
    func recipientDailyLimit() async throws {
        try await withStore { store, service in
            let alice = PrivateKey.random().address
            let bob = PrivateKey.random().address
            var key = 0
            func make(_ to: TronAddress, _ amount: String) async throws -> Payout {
                key += 1
                let r = try PayoutRequest.parse(
                    .object([("recipient_address", .string(to.base58)), ("amount_usdt", .string(amount))]))
                let (payout, _) = try await service.create(r, who: WalletHarness.service, idempotencyKey: "k\(key)")
                return payout
            }
            var limits = PayoutLimits()
            limits.perRecipientDaily = MicroUSDT(10_000_000)  // 10 USDT
            let now = SystemWalletClock().nowMs()
            let earlier = try await store.reserve([try await make(alice, "4")], limits: limits, now: now)
            #expect(earlier.map(\.status) == [.signing])

            // Alice: 4 earlier + 4 fits, + 3 would not. Bob: 6 fits, a second 6 in the same pass would not.
            let pass = [
                try await make(alice, "4"), try await make(bob, "6"), try await make(alice, "3"),
                try await make(bob, "6"),
            ]
            let reserved = try await store.reserve(pass, limits: limits, now: now)
            #expect(reserved.map(\.status) == [.signing, .signing, .held, .held])
            #expect(
                reserved.filter { $0.status == .held }.allSatisfy { $0.reasonCode == "PAYOUT_LIMIT_RECIPIENT_DAILY" })
            #expect(try await store.reservedTotal(from: now - 1, to: now + 1, recipient: alice) == MicroUSDT(8_000_000))
        }
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
