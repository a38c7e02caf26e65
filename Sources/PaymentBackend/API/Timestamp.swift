/// RFC 3339 UTC timestamps with milliseconds, from and to epoch milliseconds — no Foundation
/// formatter state shared between threads.
public enum Timestamp {
    /// `2026-11-21T10:15:19.697Z`.
    public static func format(_ ms: Int64) -> String {
        let days = floorDiv(ms, 86_400_000)
        let msOfDay = ms - days * 86_400_000
        let (y, m, d) = civil(days)
        func pad(_ v: Int64, _ n: Int) -> String {
            String(repeating: "0", count: max(0, n - String(v).count)) + String(v)
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(msOfDay / 3_600_000, 2)):\(pad(msOfDay / 60_000 % 60, 2)):"
            + "\(pad(msOfDay / 1000 % 60, 2)).\(pad(msOfDay % 1000, 3))Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (UTC only); nil otherwise.
    public static func parse(_ s: String) -> Int64? {
        let u = Array(s.utf8)
        guard u.count >= 20, u.last == UInt8(ascii: "Z"), u[4] == 45, u[7] == 45, u[10] == 84, u[13] == 58, u[16] == 58
        else {
            return nil
        }
        func num(_ r: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for i in r {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int64(u[i] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
            let sec = num(17..<19), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, sec < 60
        else { return nil }
        var ms: Int64 = 0
        if u.count > 20 {
            guard u[19] == 46, u.count >= 22, u.count <= 24, let f = num(20..<(u.count - 1)) else { return nil }
            ms = f * [1, 100, 10, 1][u.count - 21]
        } else if u.count != 20 {
            return nil
        }
        return days(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }

    /// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's civil_from_days).
    static func civil(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// (year, month, day) → days since 1970-01-01.
    static func days(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
