/// An amount of TRX in sun (10⁻⁶ TRX): balances, fees and fee limits.
///
/// ```swift
/// try Sun(parsing: "30").value   // 30_000_000
/// Sun(345_000).decimalString     // "0.345"
/// ```
public struct Sun: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// TRX's decimals.
    public static let decimals = 6
    public let value: Int64

    public init(_ value: Int64) { self.value = value }

    /// Parses decimal TRX text exactly into sun.
    public init(parsing trx: String) throws(TronKitError) {
        value = try DecimalAmount.parse(trx, decimals: Self.decimals)
    }

    /// The amount as a decimal TRX string.
    public var decimalString: String { DecimalAmount.format(value, decimals: Self.decimals) }

    public var description: String { decimalString + " TRX" }

    public static func < (a: Sun, b: Sun) -> Bool { a.value < b.value }
}
