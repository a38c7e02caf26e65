import Foundation
import LucidJSON
import Testing
import TronKit

@testable import PaymentBackend

@Suite("Statistics from a seeded ledger")
struct StatisticsTests {
    static let limits = StatsReport.Limits(hourlyUsed: "0", hourlyLimit: "1", dailyUsed: "0", dailyLimit: "1")

    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    /// One seeded payout: its route, amount, final state, age at "now", and (for payouts that reached
    /// the chain) how long after creation it settled and the fee it burnt.
    struct Seed {
        var route: RouterType
        var amount: String
        var status: PayoutStatus
        var ago: Int64
        var settleAfter: Int64 = 0
        var feeSun: Int64 = 0
        var reason: String?
    }

    static let ledger: [Seed] = [
        // Today (now is 12:00 UTC).
        Seed(route: .v0, amount: "10.5", status: .confirmed, ago: 3 * hour, settleAfter: 30_000, feeSun: 13_500_000),
        Seed(route: .v0, amount: "2.25", status: .confirmed, ago: 2 * hour, settleAfter: 10_000, feeSun: 6_500_000),
        Seed(route: .kyc, amount: "1500", status: .confirmed, ago: hour, settleAfter: 20_001, feeSun: 27_000_000),
        Seed(route: .v0, amount: "1", status: .failed, ago: 4 * hour, settleAfter: 9_000, feeSun: 5_000_000),
        Seed(route: .v0, amount: "3", status: .held, ago: hour / 2, reason: "PAYOUT_LIMIT_DAILY"),
        Seed(route: .v0, amount: "4", status: .scheduled, ago: hour / 6),
        Seed(route: .kyc, amount: "7", status: .cancelled, ago: 5 * hour),
        // Three days ago.
        Seed(route: .v0, amount: "100", status: .confirmed, ago: 3 * day, settleAfter: 60_000, feeSun: 10_000_000),
        Seed(route: .kyc, amount: "50", status: .rejected, ago: 3 * day, reason: "KYC_REQUIRED"),
        // Twenty days ago.
        Seed(route: .v0, amount: "1000", status: .confirmed, ago: 20 * day, settleAfter: 5_000, feeSun: 1_000_000),
        // Forty days ago: outside every window.
        Seed(route: .v0, amount: "5", status: .confirmed, ago: 40 * day, settleAfter: 1_000, feeSun: 2),
    ]

    /// The transitions from scheduled to `status`.
    static func path(to status: PayoutStatus) -> [PayoutStatus] {
        switch status {
        case .confirmed: [.signing, .signed, .broadcast, .confirmed]
        case .failed: [.signing, .signed, .broadcast, .failed]
        case .held, .cancelled, .rejected: [status]
        default: []
        }
    }

    @Test("every figure of GET /api/v1/stats matches the seeded ledger exactly")
    func exactFigures() async throws {
        try await WalletHarness.with { h in
            let now = PayoutWindow.dayStart(h.clock.nowMs()) + Self.day + 12 * Self.hour
            func moveClock(to t: Int64) { h.clock.advance(ms: t - h.clock.nowMs()) }
            for (i, seed) in Self.ledger.enumerated() {
                let to = PrivateKey.random().address
                moveClock(to: now - seed.ago)
                if seed.route == .kyc {
                    try await h.store.putKYC(
                        KYCRecord(
                            address: to, kycID: "k\(i)", level: 5, status: .active, verifiedAt: 0,
                            expiresAt: now + Self.day), actor: "officer", at: h.clock.nowMs())
                }
                var (p, _) = try await h.service.create(
                    try h.request(to, seed.amount, route: seed.route), who: WalletHarness.service,
                    idempotencyKey: "seed-\(i)")
                for next in Self.path(to: seed.status) {
                    let at = next == .confirmed || next == .failed ? p.createdAt + seed.settleAfter : p.createdAt + 1
                    var n = p.moved(
                        to: next, at: at, reason: seed.reason.map { ($0, "seeded") }, runAt: now + Self.day)
                    if next == .signed {
                        n.attempts = 1
                        n.attempt = .init(
                            txid: String(format: "%064x", i + 1), signedTransaction: [1, 2, 3],
                            expiration: at + 60_000, feeLimit: 50_000_000)
                    }
                    if next == .confirmed || next == .failed {
                        n.outcome = .init(
                            blockNumber: 100, blockTime: at, result: next == .confirmed ? "SUCCESS" : "REVERT",
                            feeSun: seed.feeSun, energyUsed: 1, energyFeeSun: seed.feeSun, netUsage: 0, netFeeSun: 0)
                    }
                    #expect(try await h.store.update(n, expectedVersion: p.version, actor: "engine"))
                    p = n
                }
            }

            let s = try await h.store.statistics(windows: WalletRoutes.statWindows(now: now), days: 30, now: now)
            let json = StatsJSON.report(s, now: now, limits: Self.limits, breaker: "closed", paused: false).json
            // What the admin page reads is what the wallet wrote.
            #expect(try StatsReport(json: json).json == json)

            #expect(json["by_status"]?["confirmed"]?["count"]?.int64 == 6)
            #expect(json["by_status"]?["confirmed"]?["volume_usdt"]?.string == "2617.75")
            #expect(json["by_status"]?["held"]?["volume_usdt"]?.string == "3")
            #expect(json["pending"]?.int64 == 2 && json["held"]?.int64 == 1)
            #expect(json["held_by_reason"]?["PAYOUT_LIMIT_DAILY"]?.int64 == 1)

            let today = try #require(json["windows"]?["today"])
            #expect(today["count"]?.int64 == 7)
            #expect(today["volume_usdt"]?.string == "1527.75")
            #expect(today["confirmed"]?["volume_usdt"]?.string == "1512.75")
            #expect(today["by_route"]?["kyc"]?["confirmed"]?["volume_usdt"]?.string == "1500")
            #expect(today["by_route"]?["kyc"]?["cancelled"]?["count"]?.int64 == 1)
            #expect(today["by_route"]?["v0"]?["confirmed"]?["count"]?.int64 == 2)
            #expect(today["failed"]?.int64 == 1 && today["cancelled"]?.int64 == 1)
            #expect(today["success_rate_percent"]?.string == "75.00")
            #expect(today["average_confirm_seconds"]?.string == "20.000")
            #expect(today["fees_trx"]?.string == "52")

            let week = try #require(json["windows"]?["7d"])
            #expect(week["count"]?.int64 == 9 && week["volume_usdt"]?.string == "1677.75")
            #expect(week["success_rate_percent"]?.string == "66.66")
            #expect(week["average_confirm_seconds"]?.string == "30.000")
            #expect(week["fees_trx"]?.string == "62")

            let month = try #require(json["windows"]?["30d"])
            #expect(month["count"]?.int64 == 10 && month["volume_usdt"]?.string == "2677.75")
            #expect(month["confirmed"]?["volume_usdt"]?.string == "2612.75")
            #expect(month["success_rate_percent"]?.string == "71.42")
            #expect(month["average_confirm_seconds"]?.string == "25.000")
            #expect(month["fees_trx"]?.string == "63")

            let daily = try #require(json["daily"]?.array)
            #expect(daily.count == 30)
            #expect(daily[29]["date"]?.string == String(Timestamp.format(now).prefix(10)))
            #expect(daily[29]["created"]?.int64 == 7 && daily[29]["confirmed"]?.int64 == 3)
            #expect(daily[29]["confirmed_volume_usdt"]?.string == "1512.75")
            #expect(daily[29]["failed"]?.int64 == 1 && daily[29]["pending"]?.int64 == 2)
            #expect(daily[26]["created"]?.int64 == 2 && daily[26]["failed"]?.int64 == 1)
            #expect(daily[9]["confirmed_volume_usdt"]?.string == "1000")
            #expect(daily.map { $0["created"]?.int64 ?? 0 }.reduce(0, +) == 10)
        }
    }

    @Test("with no payouts, rates and averages are null rather than invented")
    func emptyLedger() async throws {
        try await WalletHarness.with { h in
            let now = h.clock.nowMs()
            let s = try await h.store.statistics(windows: WalletRoutes.statWindows(now: now), days: 30, now: now)
            let json = StatsJSON.report(s, now: now, limits: Self.limits, breaker: "closed", paused: false).json
            #expect(json["windows"]?["7d"]?["success_rate_percent"]?.isNull == true)
            #expect(json["windows"]?["7d"]?["average_confirm_seconds"]?.isNull == true)
            #expect(json["windows"]?["7d"]?["fees_trx"]?.string == "0")
            #expect(json["daily"]?.array?.count == 30)
        }
    }
}
