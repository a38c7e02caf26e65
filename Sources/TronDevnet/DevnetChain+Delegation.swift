import TronKit

/// Stake 2.0 delegation with java-tron's checks and messages (`DelegateResourceActuator`,
/// `UnDelegateResourceActuator`): lending staked resources, locks, and taking them back.
extension DevnetChain {
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
}
