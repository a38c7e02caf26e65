/// The staked energy one signing pass may count on: what the node reports available, less the
/// worst case of every payout still in flight (their use may not show in the node's figures yet).
/// Each payout takes its worst-case energy from it while it lasts.
struct EnergyBudget: Sendable, Equatable {
    private(set) var left: Int64
    /// A transfer's worst-case energy (to a new holder).
    let worst: Int64

    init(available: Int64, inFlight: Int, worst: Int64) {
        self.worst = worst
        left = max(0, available - worst.multipliedClamped(by: Int64(inFlight)))
    }

    /// The part of the next payout's worst-case energy the stake covers.
    var nextCoverage: Int64 { max(0, min(left, worst)) }

    /// The energy a payout that takes `covered` from the stake may still have to buy: the rest of
    /// its worst case, and never less than a fifth of it (a margin for what the estimate misses,
    /// such as a dynamic-energy penalty that rose since the dry run).
    func energyToBuy(covered: Int64) -> Int64 { max(worst - covered, worst / 5) }

    mutating func take(_ covered: Int64) { left -= covered }
}
