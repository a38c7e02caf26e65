/// A unit of money with a fixed number of decimals, e.g. USDT (6) or TRX (6).
public protocol AmountUnit: Sendable {
    /// The symbol shown after a formatted amount.
    static var symbol: String { get }
    /// Decimal places of one minor unit.
    static var decimals: Int { get }
}

/// USDT-TRC20: 6 decimals; the minor unit is the micro-USDT.
public enum USDT: AmountUnit {
    public static let symbol = "USDT"
    public static let decimals = 6
}

/// TRX: 6 decimals; the minor unit is the sun.
public enum TRX: AmountUnit {
    public static let symbol = "TRX"
    public static let decimals = 6
}

/// An amount of money as Int64 minor units of `Unit` — never floating point. Different units are
/// different types, so USDT and TRX cannot be mixed by accident.
///
/// ```swift
/// let a = try MicroUSDT(parsing: "12.5")   // 12_500_000 micro-USDT
/// a.decimalString                          // "12.5"
/// Sun(345_000).description                 // "0.345 TRX"
/// ```
public struct Amount<Unit: AmountUnit>: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The unit's decimals.
    public static var decimals: Int { Unit.decimals }

    /// Minor units (micro-USDT, sun).
    public let value: Int64

    public init(_ value: Int64) { self.value = value }

    /// Parses decimal text exactly (see `DecimalAmount`).
    public init(parsing text: String) throws(TronKitError) {
        value = try DecimalAmount.parse(text, decimals: Unit.decimals)
    }

    /// The amount as the shortest exact decimal string, e.g. `"0.01"`.
    public var decimalString: String { DecimalAmount.format(value, decimals: Unit.decimals) }

    public var description: String { decimalString + " " + Unit.symbol }

    public static func < (a: Amount, b: Amount) -> Bool { a.value < b.value }

    /// Adds, throwing on overflow.
    public func adding(_ other: Amount) throws(TronKitError) -> Amount {
        let (r, o) = value.addingReportingOverflow(other.value)
        guard !o else { throw .invalidAmount("sum overflows") }
        return Amount(r)
    }
}

/// USDT in micro-USDT (10⁻⁶ USDT): the only money type the payout engine uses.
public typealias MicroUSDT = Amount<USDT>

/// TRX in sun (10⁻⁶ TRX): balances, fees and fee limits.
public typealias Sun = Amount<TRX>
