import Hummingbird
import LucidAssertion
import LucidJSON
import TronKit

extension WalletRoutes {
    /// The windows `GET /api/v1/stats` reports: since UTC midnight, and the last 7 and 30 days.
    static func statWindows(now: Int64) -> [String: Int64] {
        ["today": PayoutWindow.dayStart(now), "7d": now - 7 * PayoutWindow.dayMs, "30d": now - 30 * PayoutWindow.dayMs]
    }

    /// `GET /api/v1/stats`: all payouts by status; today / 7 d / 30 d by route and status with the
    /// success rate, average time to confirm and fees; pending and held counts with reasons; limit
    /// usage; breaker and pause state; and 30 days of daily figures for charts.
    func stats(_ who: Principal) async throws -> Response {
        try who.require("payment:stats")
        let now = service.clock.nowMs()
        let s = try await service.store.statistics(windows: Self.statWindows(now: now), days: 30, now: now)
        let hour = try await service.store.reservedTotal(
            from: PayoutWindow.hourStart(now), to: PayoutWindow.nextHour(now), recipient: nil)
        let day = try await service.store.reservedTotal(
            from: PayoutWindow.dayStart(now), to: PayoutWindow.nextDay(now), recipient: nil)
        let limits = engine.configuration.limits
        let usage = StatsReport.Limits(
            hourlyUsed: hour.decimalString, hourlyLimit: limits.hourly.decimalString, dailyUsed: day.decimalString,
            dailyLimit: limits.daily.decimalString)
        return Self.json(
            StatsJSON.report(
                s, now: now, limits: usage, breaker: await engine.breaker.state.name,
                paused: try await engine.isPaused()
            ).json)
    }
}

/// `PayoutStatistics` as the `StatsReport` the admin page reads. Rates and averages are decimal
/// strings computed with integers.
enum StatsJSON {
    static func tally(_ t: PayoutStatistics.Tally) -> StatsReport.Tally {
        StatsReport.Tally(count: Int64(t.count), volumeUSDT: t.volume.decimalString)
    }

    /// `n` hundredths as "95.00"; `ms` as seconds "12.345".
    static func hundredths(_ n: Int) -> String { "\(n / 100)." + padded(Int64(n % 100), 2) }
    static func seconds(_ ms: Int64) -> String { "\(ms / 1000)." + padded(ms % 1000, 3) }
    static func padded(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    static func window(_ w: PayoutStatistics.Window) -> StatsReport.Window {
        StatsReport.Window(
            since: Timestamp.format(w.since), count: Int64(w.total.count), volumeUSDT: w.total.volume.decimalString,
            byRoute: RouterType.allCases.map { route in
                (
                    route.rawValue,
                    PayoutStatus.allCases.map { status in
                        (status.rawValue, tally(w.byRouteAndStatus[route]?[status] ?? .init()))
                    }
                )
            },
            confirmed: tally(w.tally(.confirmed)), failed: Int64(w.tally(.failed).count),
            rejected: Int64(w.tally(.rejected).count), cancelled: Int64(w.tally(.cancelled).count),
            successRatePercent: w.successBasisPoints.map(hundredths),
            averageConfirmSeconds: w.averageConfirmMs.map(seconds),
            feesTRX: Sun(w.feesSun).decimalString)
    }

    static func report(
        _ s: PayoutStatistics, now: Int64, limits: StatsReport.Limits, breaker: String, paused: Bool
    ) -> StatsReport {
        let today = s.windows["today"] ?? .init(since: PayoutWindow.dayStart(now))
        return StatsReport(
            generatedAt: Timestamp.format(now),
            byStatus: PayoutStatus.allCases.map { ($0.rawValue, tally(s.byStatus[$0] ?? .init())) },
            windows: ["today", "7d", "30d"].compactMap { k in s.windows[k].map { (k, window($0)) } },
            today: StatsReport.Today(
                count: Int64(today.total.count), confirmed: Int64(today.tally(.confirmed).count),
                volumeUSDT: today.total.volume.decimalString),
            pending: Int64(s.pending), held: Int64(s.byStatus[.held]?.count ?? 0),
            heldByReason: s.heldByReason.sorted { $0.key < $1.key }.map { ($0.key, Int64($0.value)) },
            limits: limits, circuitBreaker: breaker, paused: paused,
            daily: s.daily.map { d in
                StatsReport.Day(
                    date: String(Timestamp.format(d.start).prefix(10)), created: Int64(d.created),
                    confirmed: Int64(d.confirmed.count), confirmedVolumeUSDT: d.confirmed.volume.decimalString,
                    failed: Int64(d.failed), pending: Int64(d.pending))
            })
    }
}
