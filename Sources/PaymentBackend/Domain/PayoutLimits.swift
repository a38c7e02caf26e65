import TronKit

/// Per-route bounds and the durable rolling limits a payout must fit before it is signed.
public struct PayoutLimits: Sendable, Equatable {
    /// Inclusive bounds of one payout on a route.
    public struct Bounds: Sendable, Equatable {
        public var min: MicroUSDT
        public var max: MicroUSDT

        public init(min: MicroUSDT, max: MicroUSDT) {
            self.min = min
            self.max = max
        }
    }

    public var v0 = Bounds(min: MicroUSDT(10_000), max: MicroUSDT(1_000_000_000))  // 0.01 … 1,000 USDT
    public var kyc = Bounds(min: MicroUSDT(10_000), max: MicroUSDT(5_000_000_000))  // 0.01 … 5,000 USDT
    /// Total that may be signed per UTC hour.
    public var hourly = MicroUSDT(10_000_000_000)  // 10,000 USDT
    /// Total that may be signed per UTC day.
    public var daily = MicroUSDT(100_000_000_000)  // 100,000 USDT
    /// Total one recipient may receive per UTC day.
    public var perRecipientDaily = MicroUSDT(20_000_000_000)  // 20,000 USDT
    /// Minimum KYC level for the kyc route.
    public var minimumKYCLevel = 2

    public init() {}

    public func bounds(_ route: RouterType) -> Bounds { route == .v0 ? v0 : kyc }
}

/// Why a payout is held, with the time it should be looked at again.
public struct HoldDecision: Sendable, Equatable {
    public var code: String
    public var detail: String
    public var retryAt: Int64
}
