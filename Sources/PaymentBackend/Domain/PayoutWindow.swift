/// UTC windows: when a batch type may run, and which hour/day a limit counts against.
public enum PayoutWindow {
    static let hourMs: Int64 = 3_600_000
    static let dayMs: Int64 = 86_400_000

    /// The first time at or after `now` (ms) that a payout of `type` may run.
    public static func start(_ type: BatchType, now: Int64) -> Int64 {
        switch type {
        case .immediate: now
        case .hourly: ceil(now, hourMs)
        case .daily: ceil(now, dayMs)
        case .weekly: nextMonday(now)
        }
    }

    /// Start of the UTC hour containing `t`.
    public static func hourStart(_ t: Int64) -> Int64 { t - mod(t, hourMs) }
    /// Start of the UTC day containing `t`.
    public static func dayStart(_ t: Int64) -> Int64 { t - mod(t, dayMs) }
    /// Start of the next UTC hour after `t`.
    public static func nextHour(_ t: Int64) -> Int64 { hourStart(t) + hourMs }
    /// Start of the next UTC day after `t`.
    public static func nextDay(_ t: Int64) -> Int64 { dayStart(t) + dayMs }

    static func ceil(_ t: Int64, _ unit: Int64) -> Int64 { mod(t, unit) == 0 ? t : t - mod(t, unit) + unit }
    static func mod(_ a: Int64, _ b: Int64) -> Int64 { ((a % b) + b) % b }

    /// Monday 00:00 UTC at or after `t` (1970-01-01 was a Thursday).
    static func nextMonday(_ t: Int64) -> Int64 {
        let day = dayStart(t)
        let weekday = mod(day / dayMs + 3, 7)  // 0 = Monday
        let monday = day + (weekday == 0 ? 0 : (7 - weekday)) * dayMs
        return monday >= t ? monday : monday + 7 * dayMs
    }
}
