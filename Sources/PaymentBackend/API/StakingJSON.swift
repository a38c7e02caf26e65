import LucidJSON
import TronKit

/// The API's JSON for staking operations. Amounts are decimal TRX strings.
enum StakingJSON {
    static func operation(_ op: StakingOperation) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("id", .string(op.id)), ("kind", .string(op.request.kind.rawValue)),
            ("status", .string(op.status.rawValue)),
            ("request", op.request.json),
        ]
        if let code = op.reasonCode {
            let key = op.status == .failed ? "failure" : "status_reason"
            m.append((key, .object([("code", .string(code)), ("detail", .string(op.reasonDetail ?? ""))])))
        }
        m.append(("attempts", .int(Int64(op.attempts))))
        if let a = op.attempt {
            m.append(
                (
                    "transaction",
                    .object([
                        ("txid", .string(a.txid)), ("expiration", .string(Timestamp.format(a.expiration))),
                        ("broadcast_at", a.broadcastAt.map { .string(Timestamp.format($0)) } ?? .null),
                    ])
                ))
        }
        if let o = op.outcome {
            m.append(
                (
                    "chain",
                    .object([
                        ("block_number", .int(o.blockNumber)), ("block_time", .string(Timestamp.format(o.blockTime))),
                        ("result", .string(o.result)), ("fee_trx", .string(Sun(o.feeSun).decimalString)),
                        ("bandwidth_used", .int(o.netUsage)),
                        ("withdrawn_trx", .string(Sun(op.withdrawnSun).decimalString)),
                    ])
                ))
        }
        m += [
            ("created_by", .string(op.createdBy)), ("created_at", .string(Timestamp.format(op.createdAt))),
            ("updated_at", .string(Timestamp.format(op.updatedAt))),
        ]
        return .object(m)
    }

    /// `GET /api/v1/staking/plan`.
    static func plan(_ plan: ResourcePlan) -> JSONValue {
        let i = plan.inputs
        func trx(_ sun: Int64) -> String { Sun(sun).decimalString }
        func whole(_ n: Int64) -> String? { n == .max ? nil : String(n) }
        return StakingPlanReport(
            days: i.days, payouts: i.history.payouts, payoutsPerDay: plan.payoutsPerDay,
            energyPerPayout: plan.energyPerPayout, newRecipientPercent: plan.newRecipientPercent,
            trxBurnedForEnergy: trx(i.history.energyFeeSun), feesTRX: trx(i.history.feeSun),
            averageCostPerPayoutTRX: trx(i.history.payouts > 0 ? i.history.feeSun / i.history.payouts : 0),
            queuePayouts: i.queue, queueEnergy: plan.energyForQueue, totalEnergyLimit: i.totalEnergyLimit,
            totalEnergyWeight: i.totalEnergyWeight, energyPriceSun: i.energyPrice, newHolderEnergy: i.newHolderEnergy,
            energyPerStakedTRXPerDay: Sun(plan.energyPerTRXMillionths).decimalString,
            stakedEnergyTRX: String(i.stakedTRX), energyPerDayFromStake: i.energyLimit,
            energyAvailableNow: i.energyAvailable, energyNeededPerDay: plan.energyPerDay,
            energyShortfallPerDay: plan.shortfallPerDay, trxBurnedPerDay: trx(plan.burnedPerDaySun),
            stakeToCoverTRX: whole(plan.stakeToCoverTRX), additionalStakeTRX: whole(plan.additionalStakeTRX),
            covered: plan.covered
        ).json
    }
}
