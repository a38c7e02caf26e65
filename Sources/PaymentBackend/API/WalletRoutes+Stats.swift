import Hummingbird
import LucidAssertion
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
        return Self.json(
            StatsJSON.render(
                s, now: now,
                limits: .object([
                    ("hourly_used_usdt", .string(hour.decimalString)),
                    ("hourly_limit_usdt", .string(limits.hourly.decimalString)),
                    ("daily_used_usdt", .string(day.decimalString)),
                    ("daily_limit_usdt", .string(limits.daily.decimalString)),
                ]), breaker: await engine.breaker.state.name, paused: try await engine.isPaused()))
    }
}

/// `PayoutStatistics` as JSON. Rates and averages are decimal strings computed with integers.
enum StatsJSON {
    static func tally(_ t: PayoutStatistics.Tally) -> JSONValue {
        .object([("count", .int(t.count)), ("volume_usdt", .string(t.volume.decimalString))])
    }

    /// `n` hundredths as "95.00"; `ms` as seconds "12.345".
    static func hundredths(_ n: Int) -> String { "\(n / 100)." + padded(Int64(n % 100), 2) }
    static func seconds(_ ms: Int64) -> String { "\(ms / 1000)." + padded(ms % 1000, 3) }
    static func padded(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    static func window(_ w: PayoutStatistics.Window) -> JSONValue {
        .object([
            ("since", .string(Timestamp.format(w.since))), ("count", .int(w.total.count)),
            ("volume_usdt", .string(w.total.volume.decimalString)),
            (
                "by_route",
                .object(
                    RouterType.allCases.map { route in
                        (
                            route.rawValue,
                            .object(
                                PayoutStatus.allCases.map { status in
                                    (status.rawValue, tally(w.byRouteAndStatus[route]?[status] ?? .init()))
                                })
                        )
                    })
            ),
            ("confirmed", tally(w.tally(.confirmed))), ("failed", .int(w.tally(.failed).count)),
            ("rejected", .int(w.tally(.rejected).count)), ("cancelled", .int(w.tally(.cancelled).count)),
            ("success_rate_percent", w.successBasisPoints.map { .string(hundredths($0)) } ?? .null),
            ("average_confirm_seconds", w.averageConfirmMs.map { .string(seconds($0)) } ?? .null),
            ("fees_trx", .string(Sun(w.feesSun).decimalString)),
        ])
    }

    static func render(_ s: PayoutStatistics, now: Int64, limits: JSONValue, breaker: String, paused: Bool)
        -> JSONValue
    {
        let today = s.windows["today"] ?? .init(since: PayoutWindow.dayStart(now))
        return .object([
            ("generated_at", .string(Timestamp.format(now))),
            ("by_status", .object(PayoutStatus.allCases.map { ($0.rawValue, tally(s.byStatus[$0] ?? .init())) })),
            ("windows", .object(["today", "7d", "30d"].compactMap { k in s.windows[k].map { (k, window($0)) } })),
            (
                "today",
                .object([
                    ("count", .int(today.total.count)), ("confirmed", .int(today.tally(.confirmed).count)),
                    ("volume_usdt", .string(today.total.volume.decimalString)),
                ])
            ),
            ("pending", .int(s.pending)), ("held", .int(s.byStatus[.held]?.count ?? 0)),
            ("held_by_reason", .object(s.heldByReason.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("limits", limits), ("circuit_breaker", .string(breaker)), ("paused", .bool(paused)),
            (
                "daily",
                .array(
                    s.daily.map { d in
                        .object([
                            ("date", .string(String(Timestamp.format(d.start).prefix(10)))),
                            ("created", .int(d.created)),
                            ("confirmed", .int(d.confirmed.count)),
                            ("confirmed_volume_usdt", .string(d.confirmed.volume.decimalString)),
                            ("failed", .int(d.failed)), ("pending", .int(d.pending)),
                        ])
                    })
            ),
        ])
    }
}
