import TronKit

/// How the wallet sets fee_limit: the dry-run energy × the energy price × a margin, clamped to a cap.
public struct FeePolicy: Sendable, Equatable {
    /// Margin over the estimate, in percent (120 = +20 %).
    public var marginPercent: Int64 = 120
    /// The most TRX one payout may burn for energy (default 50 TRX).
    public var cap = Sun(50_000_000)
    /// TRX kept aside per payout for bandwidth and the memo fee when checking funds.
    public var overheadPerPayout = Sun(1_500_000)

    public init() {}

    /// fee_limit in sun for `energy` units at `energyFee` sun each.
    public func feeLimit(energy: Int64, energyFee: Int64) -> Int64 {
        guard energy > 0, energyFee > 0 else { return cap.value }
        let (product, overflow) = energy.multipliedReportingOverflow(by: energyFee)
        guard !overflow else { return cap.value }
        let withMargin = (product * marginPercent + 99) / 100
        return min(cap.value, max(1, withMargin))
    }
}
