/// What the confirmed payouts of a window cost in energy: how many, the energy they used, the TRX
/// burned for it, all fees, and how many went to a recipient paid for the first time.
public struct EnergyTally: Sendable, Equatable {
    public var payouts: Int64 = 0
    public var energyUsed: Int64 = 0
    public var energyFeeSun: Int64 = 0
    public var feeSun: Int64 = 0
    public var newRecipients: Int64 = 0

    public init() {}
}
