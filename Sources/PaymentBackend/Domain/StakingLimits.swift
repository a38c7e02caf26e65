import TronKit

/// Limits on the TRX staking operations move: per operation and per UTC day (stake, unstake,
/// delegate and undelegate count; failed operations do not).
public struct StakingLimits: Sendable, Equatable {
    public var perOperation = Sun(100_000_000_000)  // 100,000 TRX
    public var daily = Sun(1_000_000_000_000)  // 1,000,000 TRX

    public init() {}
}
