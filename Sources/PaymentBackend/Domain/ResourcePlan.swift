/// The resource planner: from the payouts of the last days (their energy, and how many went to new
/// recipients), the queue, the chain's `TotalEnergyLimit`/`TotalEnergyWeight` and the energy price,
/// how much energy the payouts need a day, how much the current stake yields, the TRX burned for the
/// rest, and the stake that would cover them. Integer arithmetic throughout (energy, sun, whole TRX
/// of stake as java-tron weighs it).
public struct ResourcePlan: Sendable, Equatable {
    /// The inputs, as read from the ledger and the chain.
    public struct Inputs: Sendable, Equatable {
        /// Days of history the daily rate is taken over.
        public var days: Int64
        /// The confirmed payouts of those days.
        public var history: EnergyTally
        /// Payouts waiting (scheduled, held, signing, signed, broadcast).
        public var queue: Int64
        /// Energy of a transfer to a new holder now (the node's dry run, dynamic penalty included).
        public var newHolderEnergy: Int64
        /// The hot wallet's energy a day from stake (`EnergyLimit`), and what is available now.
        public var energyLimit: Int64
        public var energyAvailable: Int64
        /// Whole TRX backing it (own stake not lent out, plus what is borrowed).
        public var stakedTRX: Int64
        public var totalEnergyLimit: Int64
        public var totalEnergyWeight: Int64
        /// Sun per energy unit (`getEnergyFee`).
        public var energyPrice: Int64

        public init(
            days: Int64, history: EnergyTally, queue: Int64, newHolderEnergy: Int64, energyLimit: Int64,
            energyAvailable: Int64, stakedTRX: Int64, totalEnergyLimit: Int64, totalEnergyWeight: Int64,
            energyPrice: Int64
        ) {
            self.days = days
            self.history = history
            self.queue = queue
            self.newHolderEnergy = newHolderEnergy
            self.energyLimit = energyLimit
            self.energyAvailable = energyAvailable
            self.stakedTRX = stakedTRX
            self.totalEnergyLimit = totalEnergyLimit
            self.totalEnergyWeight = totalEnergyWeight
            self.energyPrice = energyPrice
        }
    }

    public let inputs: Inputs

    public init(_ inputs: Inputs) { self.inputs = inputs }

    /// Payouts a day: the window's confirmed payouts over its days, rounded up.
    public var payoutsPerDay: Int64 { ceilDiv(inputs.history.payouts, max(1, inputs.days)) }

    /// Energy one payout needs: the window's average, or a new holder's when there is no history.
    public var energyPerPayout: Int64 {
        inputs.history.payouts > 0
            ? ceilDiv(inputs.history.energyUsed, inputs.history.payouts) : inputs.newHolderEnergy
    }

    /// Percent of the window's payouts that went to a recipient paid for the first time.
    public var newRecipientPercent: Int64 {
        inputs.history.payouts > 0 ? inputs.history.newRecipients * 100 / inputs.history.payouts : 0
    }

    /// Energy the daily rate needs, and the queue on top of it.
    public var energyPerDay: Int64 { payoutsPerDay.multipliedClamped(by: energyPerPayout) }
    public var energyForQueue: Int64 { inputs.queue.multipliedClamped(by: energyPerPayout) }

    /// Energy a day the chain would give per staked TRX, in millionths (for display).
    public var energyPerTRXMillionths: Int64 {
        guard inputs.totalEnergyWeight > 0 else { return 0 }
        return (inputs.totalEnergyLimit.multipliedClamped(by: 1_000_000)) / inputs.totalEnergyWeight
    }

    /// Energy a day the payouts need beyond what the stake yields, and the TRX (sun) burned for it.
    public var shortfallPerDay: Int64 { max(0, energyPerDay - inputs.energyLimit) }
    public var burnedPerDaySun: Int64 { shortfallPerDay.multipliedClamped(by: inputs.energyPrice) }

    /// Whole TRX of stake whose yield covers the daily need: stake × limit / (weight + stake) ≥ need,
    /// solved for stake (the new stake adds to the network's weight, as in java-tron).
    public var stakeToCoverTRX: Int64 {
        let need = energyPerDay
        guard need > 0 else { return 0 }
        let limit = inputs.totalEnergyLimit
        guard limit > need else { return Int64.max }
        // stake ≥ need × weight / (limit − need), where weight excludes the stake itself.
        let ownWeight = inputs.stakedTRX
        let rest = max(0, inputs.totalEnergyWeight - ownWeight)
        return ceilDiv(need.multipliedClamped(by: rest), limit - need)
    }

    /// TRX to stake on top of the current stake to cover the daily need.
    public var additionalStakeTRX: Int64 {
        stakeToCoverTRX == .max ? .max : max(0, stakeToCoverTRX - inputs.stakedTRX)
    }

    /// Whether the stake covers the daily need.
    public var covered: Bool { shortfallPerDay == 0 }

    private func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 { b <= 0 ? 0 : (a + b - 1) / b }
}

extension Int64 {
    /// The product, or `Int64.max` when it overflows.
    func multipliedClamped(by other: Int64) -> Int64 {
        let (p, o) = multipliedReportingOverflow(by: other)
        return o ? .max : p
    }
}
