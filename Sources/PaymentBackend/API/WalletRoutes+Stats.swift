import Hummingbird
import LucidAssertion
import TronKit

extension WalletRoutes {
    /// `GET /api/v1/stats`: counts and volume by status, today's payouts, held payouts by reason,
    /// limit usage, breaker and pause state.
    func stats(_ who: Principal) async throws -> Response {
        try who.require("payment:stats")
        let now = service.clock.nowMs()
        let s = try await service.store.statistics(since: PayoutWindow.dayStart(now))
        let hour = try await service.store.reservedTotal(
            from: PayoutWindow.hourStart(now), to: PayoutWindow.nextHour(now), recipient: nil)
        let day = try await service.store.reservedTotal(
            from: PayoutWindow.dayStart(now), to: PayoutWindow.nextDay(now), recipient: nil)
        let limits = engine.configuration.limits
        return Self.json(
            .object([
                (
                    "by_status",
                    .object(
                        PayoutStatus.allCases.map { status in
                            let v = s.byStatus[status] ?? (0, MicroUSDT(0))
                            return (
                                status.rawValue,
                                .object([("count", .int(v.count)), ("volume_usdt", .string(v.volume.decimalString))])
                            )
                        })
                ),
                (
                    "today",
                    .object([
                        ("count", .int(s.sinceCount)), ("confirmed", .int(s.sinceConfirmed)),
                        ("volume_usdt", .string(s.sinceVolume.decimalString)),
                    ])
                ),
                ("held_by_reason", .object(s.heldByReason.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                (
                    "limits",
                    .object([
                        ("hourly_used_usdt", .string(hour.decimalString)),
                        ("hourly_limit_usdt", .string(limits.hourly.decimalString)),
                        ("daily_used_usdt", .string(day.decimalString)),
                        ("daily_limit_usdt", .string(limits.daily.decimalString)),
                    ])
                ),
                ("circuit_breaker", .string(await engine.breaker.state.name)),
                ("paused", .bool(try await engine.isPaused())),
            ]))
    }
}
