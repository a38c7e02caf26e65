import TronKit

/// Aggregates behind `GET /api/v1/stats` and the admin page: all payouts by status, per-window
/// figures (by route and status, success rate, time to confirm, fees), what is pending or held,
/// and a daily series for charts. Everything is an integer; rates are computed by the renderer.
public struct PayoutStatistics: Sendable, Equatable {
    /// A count and a volume.
    public struct Tally: Sendable, Equatable {
        public var count = 0
        public var volume = MicroUSDT(0)

        public init(count: Int = 0, volume: MicroUSDT = MicroUSDT(0)) {
            self.count = count
            self.volume = volume
        }

        mutating func add(_ n: Int, _ micro: Int64) {
            count += n
            volume = MicroUSDT(volume.value + micro)
        }
    }

    /// Payouts created in one window (since `since`).
    public struct Window: Sendable, Equatable {
        public var since: Int64
        public var byRouteAndStatus: [RouterType: [PayoutStatus: Tally]] = [:]
        public var total = Tally()
        /// Sum over confirmed payouts of (confirmed at − created at), for the average.
        public var confirmMsTotal: Int64 = 0
        /// TRX burnt by this window's transactions (confirmed and failed), in sun.
        public var feesSun: Int64 = 0

        public init(since: Int64) { self.since = since }

        public func tally(_ status: PayoutStatus) -> Tally {
            var t = Tally()
            for byStatus in byRouteAndStatus.values { if let v = byStatus[status] { t.add(v.count, v.volume.value) } }
            return t
        }

        /// Confirmed ÷ (confirmed + failed + rejected), in hundredths of a percent; nil when none finished.
        public var successBasisPoints: Int? {
            let ok = tally(.confirmed).count
            let finished = ok + tally(.failed).count + tally(.rejected).count
            return finished == 0 ? nil : ok * 10_000 / finished
        }

        /// Mean milliseconds from creation to confirmation (rounded down); nil when none confirmed.
        public var averageConfirmMs: Int64? {
            let n = Int64(tally(.confirmed).count)
            return n == 0 ? nil : confirmMsTotal / n
        }
    }

    /// One UTC day of the chart series.
    public struct Day: Sendable, Equatable {
        /// Start of the day, ms.
        public var start: Int64
        public var created = 0
        public var confirmed = Tally()
        public var failed = 0
        public var pending = 0

        public init(start: Int64) { self.start = start }
    }

    public var byStatus: [PayoutStatus: Tally] = [:]
    /// Keyed by name: `today`, `7d`, `30d`.
    public var windows: [String: Window] = [:]
    public var heldByReason: [String: Int] = [:]
    /// Oldest first, one entry per day of the series (days without payouts included).
    public var daily: [Day] = []

    public init() {}

    /// Payouts not yet in a final state.
    public var pending: Int {
        byStatus.filter { !$0.key.isTerminal }.values.reduce(0) { $0 + $1.count }
    }
}
