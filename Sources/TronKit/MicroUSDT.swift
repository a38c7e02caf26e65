/// An amount of USDT-TRC20 in micro-USDT (10⁻⁶ USDT, the token's 6 decimals) — the only money
/// type the payout engine uses.
///
/// ```swift
/// let a = try MicroUSDT(parsing: "12.5")   // 12_500_000 micro-USDT
/// a.decimalString                          // "12.5"
/// ```
public struct MicroUSDT: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// USDT's decimals.
    public static let decimals = 6
    /// Minor units; never negative for a payout amount.
    public let value: Int64

    public init(_ value: Int64) { self.value = value }

    /// Parses decimal USDT text exactly (see `DecimalAmount`).
    public init(parsing text: String) throws(TronKitError) {
        value = try DecimalAmount.parse(text, decimals: Self.decimals)
    }

    /// The amount as a decimal USDT string, e.g. `"0.01"`.
    public var decimalString: String { DecimalAmount.format(value, decimals: Self.decimals) }

    public var description: String { decimalString + " USDT" }

    public static func < (a: MicroUSDT, b: MicroUSDT) -> Bool { a.value < b.value }

    /// Adds, throwing on overflow.
    public func adding(_ other: MicroUSDT) throws(TronKitError) -> MicroUSDT {
        let (r, o) = value.addingReportingOverflow(other.value)
        guard !o else { throw .invalidAmount("sum overflows") }
        return MicroUSDT(r)
    }
}
