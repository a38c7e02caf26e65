/// `GET /api/v1/staking/plan`: what the payouts cost in energy, what the stake yields, the TRX
/// burned for the rest, and the stake that covers the need. The wallet writes it; the admin page
/// reads it. TRX amounts are decimal strings; energy is in units.
public struct StakingPlanReport: Sendable, Equatable {
    public var days: Int64
    public var payouts: Int64
    public var payoutsPerDay: Int64
    public var energyPerPayout: Int64
    public var newRecipientPercent: Int64
    public var trxBurnedForEnergy: String
    public var feesTRX: String
    public var averageCostPerPayoutTRX: String
    public var queuePayouts: Int64
    public var queueEnergy: Int64
    public var totalEnergyLimit: Int64
    public var totalEnergyWeight: Int64
    public var energyPriceSun: Int64
    public var newHolderEnergy: Int64
    public var energyPerStakedTRXPerDay: String
    public var stakedEnergyTRX: String
    public var energyPerDayFromStake: Int64
    public var energyAvailableNow: Int64
    public var energyNeededPerDay: Int64
    public var energyShortfallPerDay: Int64
    public var trxBurnedPerDay: String
    /// nil when no stake can cover the need (it exceeds the network's whole limit).
    public var stakeToCoverTRX: String?
    public var additionalStakeTRX: String?
    public var covered: Bool

    public init(
        days: Int64, payouts: Int64, payoutsPerDay: Int64, energyPerPayout: Int64, newRecipientPercent: Int64,
        trxBurnedForEnergy: String, feesTRX: String, averageCostPerPayoutTRX: String, queuePayouts: Int64,
        queueEnergy: Int64, totalEnergyLimit: Int64, totalEnergyWeight: Int64, energyPriceSun: Int64,
        newHolderEnergy: Int64, energyPerStakedTRXPerDay: String, stakedEnergyTRX: String,
        energyPerDayFromStake: Int64, energyAvailableNow: Int64, energyNeededPerDay: Int64,
        energyShortfallPerDay: Int64, trxBurnedPerDay: String, stakeToCoverTRX: String?, additionalStakeTRX: String?,
        covered: Bool
    ) {
        self.days = days
        self.payouts = payouts
        self.payoutsPerDay = payoutsPerDay
        self.energyPerPayout = energyPerPayout
        self.newRecipientPercent = newRecipientPercent
        self.trxBurnedForEnergy = trxBurnedForEnergy
        self.feesTRX = feesTRX
        self.averageCostPerPayoutTRX = averageCostPerPayoutTRX
        self.queuePayouts = queuePayouts
        self.queueEnergy = queueEnergy
        self.totalEnergyLimit = totalEnergyLimit
        self.totalEnergyWeight = totalEnergyWeight
        self.energyPriceSun = energyPriceSun
        self.newHolderEnergy = newHolderEnergy
        self.energyPerStakedTRXPerDay = energyPerStakedTRXPerDay
        self.stakedEnergyTRX = stakedEnergyTRX
        self.energyPerDayFromStake = energyPerDayFromStake
        self.energyAvailableNow = energyAvailableNow
        self.energyNeededPerDay = energyNeededPerDay
        self.energyShortfallPerDay = energyShortfallPerDay
        self.trxBurnedPerDay = trxBurnedPerDay
        self.stakeToCoverTRX = stakeToCoverTRX
        self.additionalStakeTRX = additionalStakeTRX
        self.covered = covered
    }

    public init(json: JSONValue) throws(JSONError) {
        let h = try json.requiredMember("history")
        let q = try json.requiredMember("queue")
        let c = try json.requiredMember("chain")
        let s = try json.requiredMember("stake")
        func optionalString(_ key: String) throws(JSONError) -> String? {
            json[key]?.isNull == true ? nil : try json.requiredString(key)
        }
        self.init(
            days: try h.requiredInt("days"), payouts: try h.requiredInt("payouts"),
            payoutsPerDay: try h.requiredInt("payouts_per_day"),
            energyPerPayout: try h.requiredInt("energy_per_payout"),
            newRecipientPercent: try h.requiredInt("new_recipient_percent"),
            trxBurnedForEnergy: try h.requiredString("trx_burned_for_energy"),
            feesTRX: try h.requiredString("fees_trx"),
            averageCostPerPayoutTRX: try h.requiredString("average_cost_per_payout_trx"),
            queuePayouts: try q.requiredInt("payouts"), queueEnergy: try q.requiredInt("energy_needed"),
            totalEnergyLimit: try c.requiredInt("total_energy_limit"),
            totalEnergyWeight: try c.requiredInt("total_energy_weight"),
            energyPriceSun: try c.requiredInt("energy_price_sun"),
            newHolderEnergy: try c.requiredInt("new_holder_energy"),
            energyPerStakedTRXPerDay: try c.requiredString("energy_per_staked_trx_per_day"),
            stakedEnergyTRX: try s.requiredString("energy_trx"),
            energyPerDayFromStake: try s.requiredInt("energy_per_day"),
            energyAvailableNow: try s.requiredInt("energy_available_now"),
            energyNeededPerDay: try json.requiredInt("energy_needed_per_day"),
            energyShortfallPerDay: try json.requiredInt("energy_shortfall_per_day"),
            trxBurnedPerDay: try json.requiredString("trx_burned_per_day"),
            stakeToCoverTRX: try optionalString("stake_to_cover_trx"),
            additionalStakeTRX: try optionalString("additional_stake_trx"), covered: try json.requiredBool("covered"))
    }

    public var json: JSONValue {
        func text(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }
        return .object([
            (
                "history",
                .object([
                    ("days", .int(days)), ("payouts", .int(payouts)), ("payouts_per_day", .int(payoutsPerDay)),
                    ("energy_per_payout", .int(energyPerPayout)), ("new_recipient_percent", .int(newRecipientPercent)),
                    ("trx_burned_for_energy", .string(trxBurnedForEnergy)), ("fees_trx", .string(feesTRX)),
                    ("average_cost_per_payout_trx", .string(averageCostPerPayoutTRX)),
                ])
            ),
            ("queue", .object([("payouts", .int(queuePayouts)), ("energy_needed", .int(queueEnergy))])),
            (
                "chain",
                .object([
                    ("total_energy_limit", .int(totalEnergyLimit)), ("total_energy_weight", .int(totalEnergyWeight)),
                    ("energy_price_sun", .int(energyPriceSun)), ("new_holder_energy", .int(newHolderEnergy)),
                    ("energy_per_staked_trx_per_day", .string(energyPerStakedTRXPerDay)),
                ])
            ),
            (
                "stake",
                .object([
                    ("energy_trx", .string(stakedEnergyTRX)), ("energy_per_day", .int(energyPerDayFromStake)),
                    ("energy_available_now", .int(energyAvailableNow)),
                ])
            ),
            ("energy_needed_per_day", .int(energyNeededPerDay)),
            ("energy_shortfall_per_day", .int(energyShortfallPerDay)), ("trx_burned_per_day", .string(trxBurnedPerDay)),
            ("stake_to_cover_trx", text(stakeToCoverTRX)), ("additional_stake_trx", text(additionalStakeTRX)),
            ("covered", .bool(covered)),
        ])
    }
}
