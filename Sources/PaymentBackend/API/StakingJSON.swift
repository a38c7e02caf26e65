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
        func trx(_ sun: Int64) -> JSONValue { .string(Sun(sun).decimalString) }
        func wholeTRX(_ n: Int64) -> JSONValue { n == .max ? .null : .string(String(n)) }
        return .object([
            (
                "history",
                .object([
                    ("days", .int(i.days)), ("payouts", .int(i.history.payouts)),
                    ("payouts_per_day", .int(plan.payoutsPerDay)), ("energy_per_payout", .int(plan.energyPerPayout)),
                    ("new_recipient_percent", .int(plan.newRecipientPercent)),
                    ("trx_burned_for_energy", trx(i.history.energyFeeSun)), ("fees_trx", trx(i.history.feeSun)),
                    (
                        "average_cost_per_payout_trx",
                        trx(i.history.payouts > 0 ? i.history.feeSun / i.history.payouts : 0)
                    ),
                ])
            ),
            ("queue", .object([("payouts", .int(i.queue)), ("energy_needed", .int(plan.energyForQueue))])),
            (
                "chain",
                .object([
                    ("total_energy_limit", .int(i.totalEnergyLimit)),
                    ("total_energy_weight", .int(i.totalEnergyWeight)),
                    ("energy_price_sun", .int(i.energyPrice)), ("new_holder_energy", .int(i.newHolderEnergy)),
                    ("energy_per_staked_trx_per_day", .string(Sun(plan.energyPerTRXMillionths).decimalString)),
                ])
            ),
            (
                "stake",
                .object([
                    ("energy_trx", .string(String(i.stakedTRX))), ("energy_per_day", .int(i.energyLimit)),
                    ("energy_available_now", .int(i.energyAvailable)),
                ])
            ),
            ("energy_needed_per_day", .int(plan.energyPerDay)),
            ("energy_shortfall_per_day", .int(plan.shortfallPerDay)),
            ("trx_burned_per_day", trx(plan.burnedPerDaySun)),
            ("stake_to_cover_trx", wholeTRX(plan.stakeToCoverTRX)),
            ("additional_stake_trx", wholeTRX(plan.additionalStakeTRX)),
            ("covered", .bool(plan.covered)),
        ])
    }
}
