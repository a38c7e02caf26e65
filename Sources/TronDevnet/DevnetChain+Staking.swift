import TronKit

/// Stake 2.0 staking and unstaking with java-tron's checks and messages (`FreezeBalanceV2Actuator`,
/// `UnfreezeBalanceV2Actuator`, …), and what every system contract shares (the account check, fees,
/// the result). Where the devnet simplifies, the function says so.
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
    func chargeSystemFees(_ owner: inout DevnetAccount, _ tx: Transaction, now: Int64, reject: Reject)
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
