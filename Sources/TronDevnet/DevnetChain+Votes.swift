import TronKit

/// Votes and voting rewards with java-tron's checks and messages (`VoteWitnessActuator`,
/// `WithdrawBalanceActuator`), and the devnet's reward rule.
extension DevnetChain {
    /// `VoteWitnessContract`: the owner's votes replaced (1 vote per staked TRX of TRON Power).
    func executeVote(_ c: VoteWitnessContract, _ tx: Transaction, txid: String, now: Int64, reject: Reject)
        throws(BroadcastRejection) -> ExecutionResult
    {
        guard !c.votes.isEmpty else { throw Self.validateError(reject, "VoteNumber must more than 0") }
        guard c.votes.count <= Self.maxVoteNumber else {
            throw Self.validateError(reject, "VoteNumber more than maxVoteNumber \(Self.maxVoteNumber)")
        }
        var sum: Int64 = 0
        for v in c.votes {
            guard v.voteCount > 0 else { throw Self.validateError(reject, "vote count must be greater than 0") }
            guard accounts[v.voteAddress] != nil else {
                throw Self.validateError(reject, "Account[\(v.voteAddress.hex)] not exists")
            }
            guard v.voteAddress == witness.address else {
                throw Self.validateError(reject, "Witness[\(v.voteAddress.hex)] not exists")
            }
            let (s, overflow) = sum.addingReportingOverflow(v.voteCount)
            guard !overflow else { throw Self.validateError(reject, "long overflow") }
            sum = s
        }
        var owner = try existing(c.ownerAddress, reject: reject)
        let (inSun, overflow) = sum.multipliedReportingOverflow(by: Self.sunPerTRX)
        guard !overflow else { throw Self.validateError(reject, "long overflow") }
        guard inSun <= owner.tronPower else {
            throw Self.validateError(
                reject, "The total number of votes[\(inSun)] is greater than the tronPower[\(owner.tronPower)]")
        }
        let bw = try chargeSystemFees(&owner, tx, now: now, reject: reject)
        owner.votes = c.votes
        return systemResult(tx, txid, [owner], bw)
    }

    /// `WithdrawBalanceContract`: voting rewards to the balance, at most once per `rewardWithdrawInterval`.
    func executeWithdrawBalance(
        _ c: WithdrawBalanceContract, _ tx: Transaction, txid: String, now: Int64, reject: Reject
    ) throws(BroadcastRejection) -> ExecutionResult {
        var owner = try existing(c.ownerAddress, reject: reject)
        guard c.ownerAddress != witness.address else {
            throw Self.validateError(
                reject,
                "Account[\(c.ownerAddress.hex)] is a guard representative and is not allowed to withdraw Balance")
        }
        let interval = configuration.rewardWithdrawInterval.components.seconds * 1_000
        guard now - owner.latestWithdrawTime >= interval else {
            throw Self.validateError(
                reject, "The last withdraw time is \(owner.latestWithdrawTime), less than 24 hours")
        }
        guard owner.allowance > 0 else { throw Self.validateError(reject, "witnessAccount does not have any reward") }
        let bw = try chargeSystemFees(&owner, tx, now: now, reject: reject)
        let amount = owner.allowance
        owner.balance += amount
        owner.allowance = 0
        owner.latestWithdrawTime = now
        var result = systemResult(tx, txid, [owner], bw)
        result.pending.info.withdrawAmount = amount
        return result
    }

    /// Shares one block's voting reward among the witness's voters in proportion to their votes
    /// (floor; the remainder is not paid).
    func payVoteRewards() {
        let total = voters.values.reduce(0, +)
        guard total > 0, configuration.voteRewardPerBlock > 0 else { return }
        for (address, count) in voters {
            accounts[address]?.allowance += Self.mulDiv(configuration.voteRewardPerBlock, count, total)
        }
    }
}
