import TronKit

/// Limits on the TRX staking operations move: per operation and per UTC day (stake, unstake,
/// delegate and undelegate count; failed operations do not).
public struct StakingLimits: Sendable, Equatable {
    public var perOperation = Sun(100_000_000_000)  // 100,000 TRX
    public var daily = Sun(1_000_000_000_000)  // 1,000,000 TRX

    public init() {}

    /// The problem with moving `amount` more today when `moved` already moved, or nil when the
    /// daily limit allows it.
    func dailyProblem(moved: Sun, amount: Sun) -> WalletError.FieldError? {
        guard moved.value + amount.value > daily.value else { return nil }
        return .init("/amount_trx", "the staking limit of \(daily) a day would be exceeded (\(moved) moved today)")
    }
}
