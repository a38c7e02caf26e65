/// `GET /api/v1/stats`: payouts by status; today, 7 and 30 days by route and status with the
/// success rate, average time to confirm and fees; pending and held counts with reasons; limit
/// usage; breaker and pause state; and daily figures for charts. Amounts, rates and averages are
/// decimal strings computed with integers.
public struct StatsReport: Sendable {
    /// A count and a volume (USDT).
    public struct Tally: Sendable {
        public var count: Int64
        public var volumeUSDT: String

        public init(count: Int64, volumeUSDT: String) {
            self.count = count
            self.volumeUSDT = volumeUSDT
        }

        init(json: JSONValue) throws(JSONError) {
            self.init(count: try json.requiredInt("count"), volumeUSDT: try json.requiredString("volume_usdt"))
        }

        var json: JSONValue { .object([("count", .int(count)), ("volume_usdt", .string(volumeUSDT))]) }
    }

    /// One reporting window (since a time, to now).
    public struct Window: Sendable {
        public var since: String
        public var count: Int64
        public var volumeUSDT: String
        /// Route → status → tally, every route and status listed.
        public var byRoute: [(route: String, byStatus: [(status: String, tally: Tally)])]
        public var confirmed: Tally
        public var failed: Int64
        public var rejected: Int64
        public var cancelled: Int64
        /// "95.00", or nil before any payout finished.
        public var successRatePercent: String?
        /// Seconds "12.345", or nil before any payout confirmed.
        public var averageConfirmSeconds: String?
        public var feesTRX: String

        public init(
            since: String, count: Int64, volumeUSDT: String,
            byRoute: [(route: String, byStatus: [(status: String, tally: Tally)])], confirmed: Tally, failed: Int64,
            rejected: Int64, cancelled: Int64, successRatePercent: String?, averageConfirmSeconds: String?,
            feesTRX: String
        ) {
            self.since = since
            self.count = count
            self.volumeUSDT = volumeUSDT
            self.byRoute = byRoute
            self.confirmed = confirmed
            self.failed = failed
            self.rejected = rejected
            self.cancelled = cancelled
            self.successRatePercent = successRatePercent
            self.averageConfirmSeconds = averageConfirmSeconds
            self.feesTRX = feesTRX
        }

        init(json: JSONValue) throws(JSONError) {
            var byRoute: [(route: String, byStatus: [(status: String, tally: Tally)])] = []
            for (route, statuses) in try json.requiredObject("by_route") {
                var byStatus: [(status: String, tally: Tally)] = []
                guard let members = statuses.object else { throw .unexpected("by_route.\(route) must be an object") }
                for (status, tally) in members {
                    byStatus.append((status, try Tally(json: tally)))
                }
                byRoute.append((route, byStatus))
            }
            self.init(
                since: try json.requiredString("since"), count: try json.requiredInt("count"),
                volumeUSDT: try json.requiredString("volume_usdt"), byRoute: byRoute,
                confirmed: try Tally(json: json.requiredMember("confirmed")), failed: try json.requiredInt("failed"),
                rejected: try json.requiredInt("rejected"), cancelled: try json.requiredInt("cancelled"),
                successRatePercent: try json.optionalString("success_rate_percent"),
                averageConfirmSeconds: try json.optionalString("average_confirm_seconds"),
                feesTRX: try json.requiredString("fees_trx"))
        }

        var json: JSONValue {
            .object([
                ("since", .string(since)), ("count", .int(count)), ("volume_usdt", .string(volumeUSDT)),
                (
                    "by_route",
                    .object(byRoute.map { ($0.route, .object($0.byStatus.map { ($0.status, $0.tally.json) })) })
                ),
                ("confirmed", confirmed.json), ("failed", .int(failed)), ("rejected", .int(rejected)),
                ("cancelled", .int(cancelled)), ("success_rate_percent", .nullable(successRatePercent)),
                ("average_confirm_seconds", .nullable(averageConfirmSeconds)), ("fees_trx", .string(feesTRX)),
            ])
        }
    }

    /// Today's headline figures.
    public struct Today: Sendable {
        public var count: Int64
        public var confirmed: Int64
        public var volumeUSDT: String

        public init(count: Int64, confirmed: Int64, volumeUSDT: String) {
            self.count = count
            self.confirmed = confirmed
            self.volumeUSDT = volumeUSDT
        }
    }

    /// Hourly and daily limit usage (USDT).
    public struct Limits: Sendable {
        public var hourlyUsed: String
        public var hourlyLimit: String
        public var dailyUsed: String
        public var dailyLimit: String

        public init(hourlyUsed: String, hourlyLimit: String, dailyUsed: String, dailyLimit: String) {
            self.hourlyUsed = hourlyUsed
            self.hourlyLimit = hourlyLimit
            self.dailyUsed = dailyUsed
            self.dailyLimit = dailyLimit
        }
    }

    /// One UTC day of the chart series.
    public struct Day: Sendable {
        /// `YYYY-MM-DD`.
        public var date: String
        public var created: Int64
        public var confirmed: Int64
        public var confirmedVolumeUSDT: String
        public var failed: Int64
        public var pending: Int64

        public init(
            date: String, created: Int64, confirmed: Int64, confirmedVolumeUSDT: String, failed: Int64, pending: Int64
        ) {
            self.date = date
            self.created = created
            self.confirmed = confirmed
            self.confirmedVolumeUSDT = confirmedVolumeUSDT
            self.failed = failed
            self.pending = pending
        }
    }

    public var generatedAt: String
    public var byStatus: [(status: String, tally: Tally)]
    /// `today`, `7d`, `30d`.
    public var windows: [(name: String, window: Window)]
    public var today: Today
    public var pending: Int64
    public var held: Int64
    public var heldByReason: [(reason: String, count: Int64)]
    public var limits: Limits
    public var circuitBreaker: String
    public var paused: Bool
    public var daily: [Day]

    public init(
        generatedAt: String, byStatus: [(status: String, tally: Tally)], windows: [(name: String, window: Window)],
        today: Today, pending: Int64, held: Int64, heldByReason: [(reason: String, count: Int64)], limits: Limits,
        circuitBreaker: String, paused: Bool, daily: [Day]
    ) {
        self.generatedAt = generatedAt
        self.byStatus = byStatus
        self.windows = windows
        self.today = today
        self.pending = pending
        self.held = held
        self.heldByReason = heldByReason
        self.limits = limits
        self.circuitBreaker = circuitBreaker
        self.paused = paused
        self.daily = daily
    }

    /// The window named `name`, if reported.
    public func window(_ name: String) -> Window? { windows.first { $0.name == name }?.window }

    public init(json: JSONValue) throws(JSONError) {
        var byStatus: [(status: String, tally: Tally)] = []
        for (status, tally) in try json.requiredObject("by_status") {
            byStatus.append((status, try Tally(json: tally)))
        }
        var windows: [(name: String, window: Window)] = []
        for (name, w) in try json.requiredObject("windows") { windows.append((name, try Window(json: w))) }
        var held: [(reason: String, count: Int64)] = []
        for (reason, n) in try json.requiredObject("held_by_reason") {
            guard let count = n.integer else {
                throw .unexpected("held_by_reason.\(reason) must be an integer")
            }
            held.append((reason, count))
        }
        let today = try json.requiredMember("today")
        let limits = try json.requiredMember("limits")
        var daily: [Day] = []
        for d in try json.requiredArray("daily") {
            daily.append(
                Day(
                    date: try d.requiredString("date"), created: try d.requiredInt("created"),
                    confirmed: try d.requiredInt("confirmed"),
                    confirmedVolumeUSDT: try d.requiredString("confirmed_volume_usdt"),
                    failed: try d.requiredInt("failed"), pending: try d.requiredInt("pending")))
        }
        self.init(
            generatedAt: try json.requiredString("generated_at"), byStatus: byStatus, windows: windows,
            today: Today(
                count: try today.requiredInt("count"), confirmed: try today.requiredInt("confirmed"),
                volumeUSDT: try today.requiredString("volume_usdt")),
            pending: try json.requiredInt("pending"), held: try json.requiredInt("held"), heldByReason: held,
            limits: Limits(
                hourlyUsed: try limits.requiredString("hourly_used_usdt"),
                hourlyLimit: try limits.requiredString("hourly_limit_usdt"),
                dailyUsed: try limits.requiredString("daily_used_usdt"),
                dailyLimit: try limits.requiredString("daily_limit_usdt")),
            circuitBreaker: try json.requiredString("circuit_breaker"), paused: try json.requiredBool("paused"),
            daily: daily)
    }

    public var json: JSONValue {
        .object([
            ("generated_at", .string(generatedAt)),
            ("by_status", .object(byStatus.map { ($0.status, $0.tally.json) })),
            ("windows", .object(windows.map { ($0.name, $0.window.json) })),
            (
                "today",
                .object([
                    ("count", .int(today.count)), ("confirmed", .int(today.confirmed)),
                    ("volume_usdt", .string(today.volumeUSDT)),
                ])
            ),
            ("pending", .int(pending)), ("held", .int(held)),
            ("held_by_reason", .object(heldByReason.map { ($0.reason, .int($0.count)) })),
            (
                "limits",
                .object([
                    ("hourly_used_usdt", .string(limits.hourlyUsed)),
                    ("hourly_limit_usdt", .string(limits.hourlyLimit)),
                    ("daily_used_usdt", .string(limits.dailyUsed)), ("daily_limit_usdt", .string(limits.dailyLimit)),
                ])
            ),
            ("circuit_breaker", .string(circuitBreaker)), ("paused", .bool(paused)),
            (
                "daily",
                .array(
                    daily.map { d in
                        .object([
                            ("date", .string(d.date)), ("created", .int(d.created)), ("confirmed", .int(d.confirmed)),
                            ("confirmed_volume_usdt", .string(d.confirmedVolumeUSDT)), ("failed", .int(d.failed)),
                            ("pending", .int(d.pending)),
                        ])
                    })
            ),
        ])
    }
}
