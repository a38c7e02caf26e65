import TronKit

/// Stake 2.0, delegation, voting, rewards and account creation, executed with java-tron's checks
/// and messages (`FreezeBalanceV2Actuator`, `UnfreezeBalanceV2Actuator`, `DelegateResourceActuator`,
/// `VoteWitnessActuator`, `WithdrawBalanceActuator`, `CreateAccountActuator`, …). Where the devnet
/// simplifies, the function says so.
extension DevnetChain {
    /// java-tron's `UNFREEZE_MAX_TIMES`.
    static let maxPendingUnfreezes = 32
    /// java-tron's `MAX_VOTE_NUMBER`.
    static let maxVoteNumber = 30
    /// java-tron's `BLOCK_PRODUCED_INTERVAL`: a delegation's lock period counts 3-second blocks.
    static let lockBlockMs: Int64 = 3_000
    /// java-tron's default lock period (`DELEGATE_PERIOD / BLOCK_PRODUCED_INTERVAL`): 3 days of blocks.
    static let defaultLockPeriod: Int64 = 86_400
    static let sunPerTRX: Int64 = 1_000_000

    typealias Reject = (BroadcastCode, String) -> BroadcastRejection

    /// The account at `address`, or java-tron's "not exists" refusal.
    func existing(_ address: TronAddress, reject: Reject) throws(BroadcastRejection) -> DevnetAccount {
        guard let account = accounts[address] else {
            throw Self.validateError(reject, "Account[\(address.hex)] not exists")
        }
        return account
    }

    /// Bandwidth and the memo fee for a system contract; "Account resource insufficient error." when
    /// the balance cannot pay them.
    private func chargeSystemFees(_ owner: inout DevnetAccount, _ tx: Transaction, now: Int64, reject: Reject)
        throws(BroadcastRejection) -> (netUsage: Int64, netFee: Int64)
    {
        let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: false, now: now, reject: reject)
        guard owner.balance >= bw.netFee + memoFee(tx) else {
            throw reject(.bandwidthError, "Account resource insufficient error.")
        }
        owner.balance -= bw.netFee + memoFee(tx)
        return bw
    }

    /// The change in network weight (whole TRX) when an account's own stake of `r` changes.
    private static func weightDelta(_ before: DevnetAccount, _ after: DevnetAccount, _ r: ResourceCode) -> Int64 {
        after.weight(r) / sunPerTRX - before.weight(r) / sunPerTRX
    }

    // MARK: Stake and unstake

    /// `FreezeBalanceV2Contract`: TRX staked for bandwidth or energy.
    func executeFreeze(_ c: FreezeBalanceV2Contract, _ tx: Transaction, txid: String, now: Int64, reject: Reject)
        throws(BroadcastRejection) -> ExecutionResult
    {
        var owner = try existing(c.ownerAddress, reject: reject)
        let before = owner
        guard c.frozenBalance > 0 else { throw Self.validateError(reject, "frozenBalance must be positive") }
        guard c.frozenBalance >= Self.sunPerTRX else {
            throw Self.validateError(reject, "frozenBalance must be greater than or equal to 1 TRX")
        }
        guard c.frozenBalance <= owner.balance else {
            throw Self.validateError(reject, "frozenBalance must be less than or equal to accountBalance")
        }
        guard c.resource == .bandwidth || c.resource == .energy else {
            throw Self.validateError(reject, "ResourceCode error, valid ResourceCode[BANDWIDTH、ENERGY]")
        }
        let bw = try chargeSystemFees(&owner, tx, now: now, reject: reject)
        guard c.frozenBalance <= owner.balance else {
            throw Self.validateError(reject, "frozenBalance must be less than or equal to accountBalance")
        }
        owner.balance -= c.frozenBalance
        owner.frozen[c.resource, default: 0] += c.frozenBalance
        var result = systemResult(tx, txid, [owner], bw)
        result.weightDelta[c.resource] = Self.weightDelta(before, owner, c.resource)
        return result
    }

    /// `UnfreezeBalanceV2Contract`: stake released into a pending unfreeze that can be withdrawn
    /// after `unfreezeDelay`; expired unfreezes are withdrawn on the way; votes above the remaining
    /// TRON Power shrink in proportion (integer arithmetic where java-tron uses a double).
    func executeUnfreeze(_ c: UnfreezeBalanceV2Contract, _ tx: Transaction, txid: String, now: Int64, reject: Reject)
        throws(BroadcastRejection) -> ExecutionResult
    {
        guard var owner = accounts[c.ownerAddress] else {
            throw Self.validateError(reject, "Account[\(c.ownerAddress.hex)] does not exist")
        }
        let before = owner
        switch c.resource {
        case .bandwidth:
            guard owner.undelegated(.bandwidth) > 0 else {
                throw Self.validateError(reject, "no frozenBalance(BANDWIDTH)")
            }
        case .energy:
            guard owner.undelegated(.energy) > 0 else { throw Self.validateError(reject, "no frozenBalance(Energy)") }
        case .tronPower:
            throw Self.validateError(reject, "ResourceCode error.valid ResourceCode[BANDWIDTH、Energy]")
        }
        guard c.unfreezeBalance > 0, c.unfreezeBalance <= owner.undelegated(c.resource) else {
            throw Self.validateError(reject, "Invalid unfreeze_balance, [\(c.unfreezeBalance)] is error")
        }
        guard owner.unfreezingCount(at: now) < Self.maxPendingUnfreezes else {
            throw Self.validateError(reject, "Invalid unfreeze operation, unfreezing times is over limit")
        }
        let bw = try chargeSystemFees(&owner, tx, now: now, reject: reject)
        let withdrawn = owner.withdrawExpired(at: now)
        owner.frozen[c.resource, default: 0] -= c.unfreezeBalance
        owner.unfrozen.append(
            .init(resource: c.resource, amount: c.unfreezeBalance, expireTime: now + unfreezeDelayMs))
        Self.shrinkVotes(&owner)
        var result = systemResult(tx, txid, [owner], bw)
        result.pending.info.withdrawExpireAmount = withdrawn
        result.weightDelta[c.resource] = Self.weightDelta(before, owner, c.resource)
        return result
    }

    /// The unfreeze delay in ms.
    var unfreezeDelayMs: Int64 {
        let (seconds, attoseconds) = configuration.unfreezeDelay.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }

    /// Votes above the account's TRON Power scaled down in proportion, zero votes dropped.
    private static func shrinkVotes(_ a: inout DevnetAccount) {
        let total = a.votesCast
        let power = a.tronPower / sunPerTRX
        guard total > power, total > 0 else { return }
        a.votes = a.votes.compactMap { v in
            let count = mulDiv(v.voteCount, power, total)
            return count > 0 ? VoteWitnessContract.Vote(voteAddress: v.voteAddress, voteCount: count) : nil
        }
    }

    /// `WithdrawExpireUnfreezeContract`: every unstake whose delay has passed back to the balance.
    func executeWithdrawExpire(
        _ c: WithdrawExpireUnfreezeContract, _ tx: Transaction, txid: String, now: Int64, reject: Reject
    ) throws(BroadcastRejection) -> ExecutionResult {
        var owner = try existing(c.ownerAddress, reject: reject)
        guard owner.unfrozen.contains(where: { $0.expireTime <= now }) else {
            throw Self.validateError(reject, "no unFreeze balance to withdraw ")
        }
        let bw = try chargeSystemFees(&owner, tx, now: now, reject: reject)
        let withdrawn = owner.withdrawExpired(at: now)
        var result = systemResult(tx, txid, [owner], bw)
        result.pending.info.withdrawExpireAmount = withdrawn
        return result
    }

    /// `CancelAllUnfreezeV2Contract`: pending unstakes staked again, expired ones withdrawn.
    func executeCancelAllUnfreeze(
        _ c: CancelAllUnfreezeV2Contract, _ tx: Transaction, txid: String, now: Int64, reject: Reject
    ) throws(BroadcastRejection) -> ExecutionResult {
        var owner = try existing(c.ownerAddress, reject: reject)
        let before = owner
        guard !owner.unfrozen.isEmpty else { throw Self.validateError(reject, "No unfreezeV2 list to cancel") }
        let bw = try chargeSystemFees(&owner, tx, now: now, reject: reject)
        let withdrawn = owner.withdrawExpired(at: now)
        var cancelled: [ResourceCode: Int64] = [:]
        for u in owner.unfrozen {
            owner.frozen[u.resource, default: 0] += u.amount
            cancelled[u.resource, default: 0] += u.amount
        }
        owner.unfrozen = []
        var result = systemResult(tx, txid, [owner], bw)
        result.pending.info.withdrawExpireAmount = withdrawn
        result.pending.info.cancelUnfreezeV2Amount = cancelled
        for r in [ResourceCode.bandwidth, .energy] { result.weightDelta[r] = Self.weightDelta(before, owner, r) }
        return result
    }

    // MARK: Delegation

    /// Staked TRX of `r` the account's current usage stands for, beyond what it borrowed
    /// (java-tron's `getV2NetUsage` / `getV2EnergyUsage`): it cannot be delegated.
    private func stakeInUse(_ a: DevnetAccount, _ r: ResourceCode, now: Int64) -> Int64 {
        let used = r == .energy ? a.energyUsage.current(at: now) : a.netUsage.current(at: now)
        let limit = r == .energy ? configuration.totalEnergyLimit : configuration.totalNetLimit
        let inSun = Self.mulDiv(used, Self.sunPerTRX * totalWeight(r), limit)
        return max(0, inSun - (a.acquired[r] ?? 0))
    }

    /// Stake of `r` the account may delegate now (`getcandelegatedmaxsize`).
    func delegatable(_ a: DevnetAccount, _ r: ResourceCode, now: Int64) -> Int64 {
        max(0, a.undelegated(r) - stakeInUse(a, r, now: now))
    }

    /// The delegation records of a pair with expired locks moved to the unlocked record
    /// (java-tron's `unLockExpireResource`).
    private func delegationRecords(from: TronAddress, to: TronAddress, now: Int64) -> (
        unlocked: DevnetDelegation, locked: DevnetDelegation
    ) {
        var unlocked = delegations[DelegationKey(from: from, to: to, locked: false)] ?? DevnetDelegation()
        var locked = delegations[DelegationKey(from: from, to: to, locked: true)] ?? DevnetDelegation()
        for r in [ResourceCode.bandwidth, .energy] where (locked.amount[r] ?? 0) > 0 {
            if (locked.expireTime[r] ?? 0) < now {
                unlocked.amount[r, default: 0] += locked.amount[r] ?? 0
                locked.amount[r] = 0
                locked.expireTime[r] = 0
            }
        }
        return (unlocked, locked)
    }

    /// `DelegateResourceContract`: staked resource lent to another existing account, optionally
    /// locked for `lock_period` blocks (3 days when 0).
    func executeDelegate(_ c: DelegateResourceContract, _ tx: Transaction, txid: String, now: Int64, reject: Reject)
        throws(BroadcastRejection) -> ExecutionResult
    {
        var owner = try existing(c.ownerAddress, reject: reject)
        guard c.balance >= Self.sunPerTRX else {
            throw Self.validateError(reject, "delegateBalance must be greater than or equal to 1 TRX")
        }
        switch c.resource {
        case .bandwidth, .energy:
            guard delegatable(owner, c.resource, now: now) >= c.balance else {
                let name = c.resource == .energy ? "FreezeEnergyV2" : "FreezeBandwidthV2"
                throw Self.validateError(
                    reject, "delegateBalance must be less than or equal to available \(name) balance")
            }
        case .tronPower:
            throw Self.validateError(reject, "ResourceCode error, valid ResourceCode[BANDWIDTH、ENERGY]")
        }
        guard c.receiverAddress != c.ownerAddress else {
            throw Self.validateError(reject, "receiverAddress must not be the same as ownerAddress")
        }
        var receiver = try existing(c.receiverAddress, reject: reject)
        let lockPeriod = c.lockPeriod == 0 ? Self.defaultLockPeriod : c.lockPeriod
        var (unlocked, locked) = delegationRecords(from: c.ownerAddress, to: c.receiverAddress, now: now)
        if c.lock {
            guard lockPeriod >= 0, lockPeriod <= configuration.maxDelegateLockPeriod else {
                throw Self.validateError(
                    reject,
                    "The lock period of delegate resource cannot be less than 0 and cannot exceed "
                        + "\(configuration.maxDelegateLockPeriod)!")
            }
            let remain = (locked.expireTime[c.resource] ?? 0) - now
            if (locked.amount[c.resource] ?? 0) > 0, lockPeriod * Self.lockBlockMs < remain {
                let r = c.resource.name
                throw Self.validateError(
                    reject,
                    "The lock period for \(r) this time cannot be less than the remaining time[\(remain)ms] of "
                        + "the last lock period for \(r)!")
            }
        }
        guard receiver.type != .contract else {
            throw Self.validateError(reject, "Do not allow delegate resources to contract addresses")
        }
        let bw = try chargeSystemFees(&owner, tx, now: now, reject: reject)
        if c.lock {
            locked.amount[c.resource, default: 0] += c.balance
            locked.expireTime[c.resource] = now + lockPeriod * Self.lockBlockMs
        } else {
            unlocked.amount[c.resource, default: 0] += c.balance
        }
        owner.frozen[c.resource, default: 0] -= c.balance
        owner.delegatedOut[c.resource, default: 0] += c.balance
        receiver.acquired[c.resource, default: 0] += c.balance
        var result = systemResult(tx, txid, [owner, receiver], bw)
        result.delegations[DelegationKey(from: c.ownerAddress, to: c.receiverAddress, locked: false)] = unlocked
        result.delegations[DelegationKey(from: c.ownerAddress, to: c.receiverAddress, locked: true)] = locked
        return result
    }

    /// `UnDelegateResourceContract`: lent stake taken back from the unlocked record and from locked
    /// ones whose lock has ended. (The devnet leaves the receiver's recent usage with the receiver.)
    func executeUndelegate(
        _ c: UnDelegateResourceContract, _ tx: Transaction, txid: String, now: Int64, reject: Reject
    ) throws(BroadcastRejection) -> ExecutionResult {
        guard var owner = accounts[c.ownerAddress] else {
            throw Self.validateError(reject, "Account[\(c.ownerAddress.hex)] does not exist")
        }
        guard c.receiverAddress != c.ownerAddress else {
            throw Self.validateError(reject, "receiverAddress must not be the same as ownerAddress")
        }
        let keys = [true, false].map { DelegationKey(from: c.ownerAddress, to: c.receiverAddress, locked: $0) }
        guard keys.contains(where: { delegations[$0] != nil }) else {
            throw Self.validateError(reject, "delegated Resource does not exist")
        }
        guard c.balance > 0 else { throw Self.validateError(reject, "unDelegateBalance must be more than 0 TRX") }
        var (unlocked, locked) = delegationRecords(from: c.ownerAddress, to: c.receiverAddress, now: now)
        let available = unlocked.amount[c.resource] ?? 0
        switch c.resource {
        case .bandwidth:
            guard available >= c.balance else {
                throw Self.validateError(
                    reject,
                    "insufficient delegatedFrozenBalance(BANDWIDTH), request=\(c.balance), unlock_balance=\(available)")
            }
        case .energy:
            guard available >= c.balance else {
                throw Self.validateError(
                    reject,
                    "insufficient delegateFrozenBalance(Energy), request=\(c.balance), unlock_balance=\(available)")
            }
        case .tronPower:
            throw Self.validateError(reject, "ResourceCode error.valid ResourceCode[BANDWIDTH、Energy]")
        }
        let bw = try chargeSystemFees(&owner, tx, now: now, reject: reject)
        unlocked.amount[c.resource, default: 0] -= c.balance
        owner.delegatedOut[c.resource, default: 0] -= c.balance
        owner.frozen[c.resource, default: 0] += c.balance
        var changed = [owner]
        if var receiver = accounts[c.receiverAddress] {
            receiver.acquired[c.resource, default: 0] -= c.balance
            changed.append(receiver)
        }
        var result = systemResult(tx, txid, changed, bw)
        result.delegations[keys[1]] = unlocked
        result.delegations[keys[0]] = locked
        return result
    }

    // MARK: Votes and rewards

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

    // MARK: Accounts

    /// `AccountCreateContract`: a new account activated by its owner, who pays
    /// `getCreateNewAccountFeeInSystemContract` and the bandwidth of an account-creating transaction.
    func executeAccountCreate(
        _ c: AccountCreateContract, _ tx: Transaction, txid: String, now: Int64, reject: Reject
    ) throws(BroadcastRejection) -> ExecutionResult {
        var owner = try existing(c.ownerAddress, reject: reject)
        let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: true, now: now, reject: reject)
        guard owner.balance - bw.netFee - memoFee(tx) >= configuration.createNewAccountFee else {
            throw Self.validateError(reject, "Validate CreateAccountActuator error, insufficient fee.")
        }
        guard accounts[c.accountAddress] == nil else { throw Self.validateError(reject, "Account has existed") }
        owner.balance -= bw.netFee + memoFee(tx) + configuration.createNewAccountFee
        var created = DevnetAccount(address: c.accountAddress, balance: 0, createTime: now)
        created.type = c.type
        var result = systemResult(tx, txid, [owner, created], bw)
        result.pending.info.fee += configuration.createNewAccountFee
        return result
    }

    /// The result of a system contract: the changed accounts and a receipt with bandwidth and fees.
    func systemResult(
        _ tx: Transaction, _ txid: String, _ accounts: [DevnetAccount], _ bw: (netUsage: Int64, netFee: Int64)
    ) -> ExecutionResult {
        var info = TransactionInfo(id: txid)
        info.fee = bw.netFee + memoFee(tx)
        info.receipt.netUsage = bw.netUsage
        info.receipt.netFee = bw.netFee
        return ExecutionResult(
            accounts: accounts, usdt: nil,
            pending: PendingTransaction(tx: tx, txid: txid, info: info, contractRet: "SUCCESS", transfer: nil))
    }
}
