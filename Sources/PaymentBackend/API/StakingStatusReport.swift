import LucidJSON
import TronKit

/// `GET /api/v1/staking/status`: the hot wallet's stake per resource, what it lends, pending
/// unstakes with their release times, energy and bandwidth available now, votes and unclaimed rewards.
public struct StakingStatusReport: Sendable {
    public let address: TronAddress
    public let account: AccountInfo?
    public let resources: AccountResource
    public let reward: Sun
    public let delegations: [DelegatedResource]
    public let now: Int64

    public var json: JSONValue {
        func trx(_ s: Sun) -> JSONValue { .string(s.decimalString) }
        let a = account
        let pending = (a?.pendingUnfreezes ?? []).map { u in
            JSONValue.object([
                ("resource", .string(u.resource.name)), ("amount_trx", trx(u.amount)),
                ("release_at", .string(Timestamp.format(u.expireTime))), ("withdrawable", .bool(u.expireTime <= now)),
            ])
        }
        let lent = delegations.map { d in
            JSONValue.object([
                ("receiver_address", .string(d.to.base58)), ("energy_trx", trx(d.energy)),
                ("bandwidth_trx", trx(d.bandwidth)),
                (
                    "energy_locked_until",
                    d.energyLockedUntil > 0 ? .string(Timestamp.format(d.energyLockedUntil)) : .null
                ),
                (
                    "bandwidth_locked_until",
                    d.bandwidthLockedUntil > 0 ? .string(Timestamp.format(d.bandwidthLockedUntil)) : .null
                ),
            ])
        }
        let votes = (a?.votes ?? []).map { v in
            JSONValue.object([("witness_address", .string(v.voteAddress.base58)), ("count", .int(v.voteCount))])
        }
        return .object([
            ("address", .string(address.base58)), ("balance_trx", trx(a?.balance ?? Sun(0))),
            (
                "staked",
                .object([
                    ("energy_trx", trx(a?.frozenForEnergy ?? Sun(0))),
                    ("bandwidth_trx", trx(a?.frozenForBandwidth ?? Sun(0))),
                ])
            ),
            (
                "delegated_out",
                .object([
                    ("energy_trx", trx(a?.delegatedOut[.energy] ?? Sun(0))),
                    ("bandwidth_trx", trx(a?.delegatedOut[.bandwidth] ?? Sun(0))),
                ])
            ),
            ("delegations", .array(lent)), ("pending_unstakes", .array(pending)),
            (
                "energy",
                .object([
                    ("limit", .int(resources.energyLimit)), ("used", .int(resources.energyUsed)),
                    ("available", .int(resources.energyAvailable)),
                ])
            ),
            (
                "bandwidth",
                .object([
                    ("staked_limit", .int(resources.netLimit)), ("staked_used", .int(resources.netUsed)),
                    ("free_limit", .int(resources.freeNetLimit)), ("free_used", .int(resources.freeNetUsed)),
                    ("available", .int(resources.bandwidthAvailable)),
                ])
            ),
            ("tron_power", .int(resources.tronPowerLimit)), ("votes", .array(votes)),
            ("unclaimed_rewards_trx", trx(reward)),
        ])
    }
}
