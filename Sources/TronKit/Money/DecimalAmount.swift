/// Exact conversion between decimal text and integer minor units — no floating point anywhere.
///
/// Accepted: `0`, `12`, `0.5`, `1.000001` (at most `decimals` fraction digits). Rejected: signs,
/// exponents, whitespace, leading zeros (`01`), a bare or trailing point (`.5`, `5.`), more fraction
/// digits than allowed, and values that overflow Int64 minor units.
///
/// ```swift
/// try DecimalAmount.parse("12.5", decimals: 6)     // 12_500_000
/// DecimalAmount.format(12_500_000, decimals: 6)    // "12.5"
/// ```
public enum DecimalAmount {
    /// Parses `text` into minor units with `decimals` fraction digits.
    public static func parse(_ text: String, decimals: Int) throws(TronKitError) -> Int64 {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { throw .invalidAmount("empty amount") }
        guard utf8.count <= 40 else { throw .invalidAmount("amount too long") }
        let isDigit = { (c: UInt8) in c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        let dot = utf8.firstIndex(of: UInt8(ascii: "."))
        let whole = dot.map { Array(utf8[..<$0]) } ?? utf8
        let fraction = dot.map { Array(utf8[($0 + 1)...]) } ?? []

        guard !whole.isEmpty, whole.allSatisfy(isDigit) else {
            throw .invalidAmount("'\(printable(text))' is not a plain decimal number (digits, one optional '.')")
        }
        guard whole.count == 1 || whole[0] != UInt8(ascii: "0") else {
            throw .invalidAmount("leading zeros are not allowed in '\(printable(text))'")
        }
        if dot != nil {
            guard !fraction.isEmpty, fraction.allSatisfy(isDigit) else {
                throw .invalidAmount("'\(printable(text))' is not a plain decimal number (digits, one optional '.')")
            }
        }
        guard fraction.count <= decimals else {
            throw .invalidAmount("at most \(decimals) decimal places are allowed, got \(fraction.count)")
        }

        var value: Int64 = 0
        let digits = whole + fraction + [UInt8](repeating: UInt8(ascii: "0"), count: decimals - fraction.count)
        for d in digits {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(d - UInt8(ascii: "0")))
            guard !o1, !o2 else { throw .invalidAmount("amount is too large") }
            value = a
        }
        return value
    }

    /// Formats minor units as the shortest exact decimal (`12500000`, 6 → `"12.5"`).
    public static func format(_ units: Int64, decimals: Int) -> String {
        let negative = units < 0
        let magnitude = units.magnitude
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let whole = magnitude / scale
        var frac = String(magnitude % scale)
        frac = String(repeating: "0", count: decimals - frac.count) + frac
        while frac.last == "0" { frac.removeLast() }
        return (negative ? "-" : "") + String(whole) + (frac.isEmpty ? "" : "." + frac)
    }

    private static func printable(_ s: String) -> String {
        String(s.unicodeScalars.prefix(40).map { $0.isASCII && $0.value >= 0x20 ? Character($0) : "?" })
    }
}
