import BigInt
import TronKit

/// One account's state on the devnet: TRX, Stake 2.0 balances, delegations, votes and resource usage,
/// kept the way java-tron's `Account` keeps them.
struct DevnetAccount: Sendable {
    /// One pending unstake (`Account.UnFreezeV2`): TRX that returns to the balance at `expireTime`.
    struct Unfreezing: Sendable, Equatable {
        var resource: ResourceCode
        var amount: Int64
        var expireTime: Int64
    }

    let address: TronAddress
    var balance: Int64
    let createTime: Int64
    var type = AccountCreateContract.AccountType.normal
    /// Own stake not lent out (`frozenV2`): what may be unstaked or delegated.
    var frozen: [ResourceCode: Int64] = [:]
    /// Own stake lent to others (`delegated_frozenV2_balance_for_*`).
    var delegatedOut: [ResourceCode: Int64] = [:]
    /// Stake others lend to this account (`acquired_delegated_frozenV2_balance_for_*`).
    var acquired: [ResourceCode: Int64] = [:]
    /// Pending unstakes, oldest first (`unfrozenV2`).
    var unfrozen: [Unfreezing] = []
    /// Votes cast, replaced whole by each `VoteWitnessContract`.
    var votes: [VoteWitnessContract.Vote] = []
    /// Voting rewards earned and not yet withdrawn, in sun (`allowance`).
    var allowance: Int64 = 0
    /// When rewards were last withdrawn (`latest_withdraw_time`), ms.
    var latestWithdrawTime: Int64 = 0
    var netUsage = ResourceUsage()
    var freeNetUsage = ResourceUsage()
    var energyUsage = ResourceUsage()

    init(address: TronAddress, balance: Int64, createTime: Int64) {
        self.address = address
        self.balance = balance
        self.createTime = createTime
    }

    /// Own stake of a resource not lent out.
    func undelegated(_ r: ResourceCode) -> Int64 { frozen[r] ?? 0 }

    /// TRX (sun) backing a resource's daily allowance: own stake not lent out plus what is borrowed.
    func stake(_ r: ResourceCode) -> Int64 { undelegated(r) + (acquired[r] ?? 0) }

    /// Own stake of a resource, lent out or not: its share of the network's total weight.
    func weight(_ r: ResourceCode) -> Int64 { (frozen[r] ?? 0) + (delegatedOut[r] ?? 0) }

    /// TRON Power in sun: all own stake for bandwidth and energy, lent out or not (java-tron's `getTronPower`).
    var tronPower: Int64 { weight(.bandwidth) + weight(.energy) }

    /// Votes cast, in TRX.
    var votesCast: Int64 { votes.reduce(0) { $0 + $1.voteCount } }

    /// Unstakes still waiting at `now` (java-tron's `getUnfreezingV2Count`).
    func unfreezingCount(at now: Int64) -> Int { unfrozen.filter { $0.expireTime > now }.count }

    /// Moves every unstake whose delay has passed back to the balance; returns the amount.
    mutating func withdrawExpired(at now: Int64) -> Int64 {
        let expired = unfrozen.filter { $0.expireTime <= now }.reduce(0) { $0 + $1.amount }
        unfrozen.removeAll { $0.expireTime <= now }
        balance += expired
        return expired
    }
}
