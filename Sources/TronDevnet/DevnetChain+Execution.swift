import BigInt
import LucidJSON
import TronKit

/// The state changes of one transaction, computed first and committed only if it is accepted.
struct ExecutionResult: Sendable {
    var accounts: [DevnetAccount]
    /// A USDT transfer to apply (from, to, amount): a delta, never a copy of every balance.
    var usdt: (from: TronAddress, to: TronAddress, amount: BigUInt)?
    var pending: PendingTransaction
}

extension DevnetChain {
    func commit(_ r: ExecutionResult) {
        for a in r.accounts { accounts[a.address] = a }
        if let t = r.usdt {
            usdt.balances[t.from, default: 0] -= t.amount
            usdt.balances[t.to, default: 0] += t.amount
        }
        pending.append(r.pending)
        pendingIDs.insert(r.pending.txid)
    }

    /// Validates and executes one transaction against the current state, as java-tron's actuators
    /// do (same checks, same messages); nothing is committed here.
    func execute(
        _ tx: Transaction, txid: String, contract: DecodedContract,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> ExecutionResult {
        let now = head.timestamp
        switch contract {
        case .transfer(let c): return try executeTransfer(c, tx, txid: txid, now: now, reject: reject)
        case .trigger(let c): return try executeTrigger(c, tx, txid: txid, now: now, reject: reject)
        case .freezeV2(let c): return try executeFreeze(c, tx, txid: txid, now: now, reject: reject)
        case .unfreezeV2(let c): return try executeUnfreeze(c, tx, txid: txid, now: now, reject: reject)
        case .delegate(let c): return try executeDelegate(c, tx, txid: txid, now: now, reject: reject)
        case .unsupported(let t):
            throw Self.validateError(reject, "contract type \(t.name) is not supported by the devnet")
        }
    }

    /// The account at `address`, or java-tron's "not exists" refusal (the staking actuators' check).
    private func existing(_ address: TronAddress, reject: (BroadcastCode, String) -> BroadcastRejection)
        throws(BroadcastRejection) -> DevnetAccount
    {
        guard let account = accounts[address] else {
            throw Self.validateError(reject, "Account[\(address.hex)] not exists")
        }
        return account
    }

    /// java-tron's `ContractValidateException` as a broadcast rejection.
    static func validateError(_ reject: (BroadcastCode, String) -> BroadcastRejection, _ message: String)
        -> BroadcastRejection
    {
        reject(.contractValidateError, "Contract validate error : " + message)
    }

    /// `TransferContract`: TRX to an account, creating it when new (its creation fee burned).
    private func executeTransfer(
        _ c: TransferContract, _ tx: Transaction, txid: String, now: Int64,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> ExecutionResult {
        var info = TransactionInfo(id: txid)
        guard var owner = accounts[c.ownerAddress] else {
            throw Self.validateError(reject, "Validate TransferContract error, no OwnerAccount.")
        }
        guard c.amount > 0 else { throw Self.validateError(reject, "Amount must be greater than 0.") }
        guard c.toAddress != c.ownerAddress else {
            throw Self.validateError(reject, "Cannot transfer TRX to yourself.")
        }
        let creates = accounts[c.toAddress] == nil
        let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: creates, now: now, reject: reject)
        let createFee = creates ? configuration.createNewAccountFee : 0
        let fees = bw.netFee + memoFee(tx) + createFee
        guard owner.balance >= c.amount + fees else {
            throw Self.validateError(reject, "Validate TransferContract error, balance is not sufficient.")
        }
        owner.balance -= c.amount + fees
        var to = accounts[c.toAddress] ?? DevnetAccount(address: c.toAddress, balance: 0, createTime: now)
        to.balance += c.amount
        info.fee = fees
        info.receipt.netUsage = bw.netUsage
        info.receipt.netFee = bw.netFee
        return ExecutionResult(
            accounts: [owner, to], usdt: nil,
            pending: PendingTransaction(tx: tx, txid: txid, info: info, contractRet: "SUCCESS", transfer: nil))
    }

    /// `TriggerSmartContract` on the USDT token: bandwidth and the memo fee first, then the call.
    private func executeTrigger(
        _ c: TriggerSmartContract, _ tx: Transaction, txid: String, now: Int64,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> ExecutionResult {
        guard var owner = accounts[c.ownerAddress] else {
            throw Self.validateError(reject, "Validate InternalTransfer error, no OwnerAccount.")
        }
        guard c.contractAddress == USDTToken.address else {
            throw Self.validateError(reject, "No contract or not a smart contract")
        }
        let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: false, now: now, reject: reject)
        let memo = memoFee(tx)
        guard owner.balance >= memo else {
            throw Self.validateError(reject, "balance is not sufficient to pay the memo fee.")
        }
        owner.balance -= bw.netFee + memo
        return executeUSDT(
            tx, txid: txid, call: c, owner: owner, netUsage: bw.netUsage, netFee: bw.netFee + 0, memoFee: memo,
            now: now)
    }

    /// `FreezeBalanceV2Contract`: TRX staked for bandwidth or energy.
    private func executeFreeze(
        _ c: FreezeBalanceV2Contract, _ tx: Transaction, txid: String, now: Int64,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> ExecutionResult {
        var owner = try existing(c.ownerAddress, reject: reject)
        guard c.resource == .bandwidth || c.resource == .energy else {
            throw Self.validateError(reject, "ResourceCode error, valid ResourceCode[BANDWIDTH、ENERGY]")
        }
        guard c.frozenBalance >= 1_000_000 else {
            throw Self.validateError(reject, "frozenBalance must be greater than or equal to 1 TRX")
        }
        let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: false, now: now, reject: reject)
        guard c.frozenBalance + bw.netFee + memoFee(tx) <= owner.balance else {
            throw Self.validateError(reject, "frozenBalance must be less than or equal to accountBalance")
        }
        owner.balance -= c.frozenBalance + bw.netFee + memoFee(tx)
        owner.frozen[c.resource, default: 0] += c.frozenBalance
        return systemResult(tx, txid, [owner], bw, now)
    }

    /// `UnfreezeBalanceV2Contract`: stake released (at once on the devnet).
    private func executeUnfreeze(
        _ c: UnfreezeBalanceV2Contract, _ tx: Transaction, txid: String, now: Int64,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> ExecutionResult {
        var owner = try existing(c.ownerAddress, reject: reject)
        let available = owner.undelegated(c.resource)
        guard c.unfreezeBalance > 0, c.unfreezeBalance <= available else {
            throw Self.validateError(reject, "Invalid unfreeze_balance, [\(c.unfreezeBalance)] is invalid")
        }
        let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: false, now: now, reject: reject)
        guard owner.balance + c.unfreezeBalance >= bw.netFee + memoFee(tx) else {
            throw reject(.bandwidthError, "Account resource insufficient error.")
        }
        // Simplification: the devnet returns unstaked TRX at once (mainnet waits 14 days).
        owner.frozen[c.resource, default: 0] -= c.unfreezeBalance
        owner.balance += c.unfreezeBalance - bw.netFee - memoFee(tx)
        return systemResult(tx, txid, [owner], bw, now)
    }

    /// `DelegateResourceContract`: staked resource lent to another existing account.
    private func executeDelegate(
        _ c: DelegateResourceContract, _ tx: Transaction, txid: String, now: Int64,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> ExecutionResult {
        var owner = try existing(c.ownerAddress, reject: reject)
        guard c.receiverAddress != c.ownerAddress else {
            throw Self.validateError(reject, "receiverAddress must not be the same as ownerAddress")
        }
        var receiver = try existing(c.receiverAddress, reject: reject)
        guard c.balance >= 1_000_000 else {
            throw Self.validateError(reject, "delegateBalance must be greater than or equal to 1 TRX")
        }
        let available = owner.undelegated(c.resource)
        guard c.balance <= available else {
            throw Self.validateError(reject, "delegateBalance must be less than or equal to available FreezeV2 balance")
        }
        let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: false, now: now, reject: reject)
        guard owner.balance >= bw.netFee + memoFee(tx) else {
            throw reject(.bandwidthError, "Account resource insufficient error.")
        }
        owner.balance -= bw.netFee + memoFee(tx)
        owner.delegatedOut[c.resource, default: 0] += c.balance
        receiver.acquired[c.resource, default: 0] += c.balance
        return systemResult(tx, txid, [owner, receiver], bw, now)
    }

    private func systemResult(
        _ tx: Transaction, _ txid: String, _ accounts: [DevnetAccount], _ bw: (netUsage: Int64, netFee: Int64),
        _ now: Int64
    ) -> ExecutionResult {
        var info = TransactionInfo(id: txid)
        info.fee = bw.netFee + memoFee(tx)
        info.receipt.netUsage = bw.netUsage
        info.receipt.netFee = bw.netFee
        return ExecutionResult(
            accounts: accounts, usdt: nil,
            pending: PendingTransaction(tx: tx, txid: txid, info: info, contractRet: "SUCCESS", transfer: nil))
    }

    func memoFee(_ tx: Transaction) -> Int64 { tx.raw.data.isEmpty ? 0 : configuration.memoFee }

    /// Pays the transaction's bandwidth: staked bandwidth, then the free allowance, then burned TRX
    /// (BandwidthProcessor). An account-creating transfer burns `createAccountFee` instead of bytes.
    func chargeBandwidth(
        _ owner: inout DevnetAccount, tx: Transaction, createsAccount: Bool, now: Int64,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> (netUsage: Int64, netFee: Int64) {
        let bytes = Int64(tx.bandwidth)
        let stakedLeft = netLimit(owner) - owner.netUsage.current(at: now)
        if stakedLeft >= bytes {
            owner.netUsage.add(bytes, at: now)
            return (bytes, 0)
        }
        if createsAccount {
            guard owner.balance >= configuration.createAccountFee else {
                throw reject(.bandwidthError, "Account resource insufficient error.")
            }
            return (0, configuration.createAccountFee)
        }
        if configuration.freeNetLimit - owner.freeNetUsage.current(at: now) >= bytes {
            owner.freeNetUsage.add(bytes, at: now)
            return (bytes, 0)
        }
        let fee = bytes * configuration.transactionFee
        guard owner.balance >= fee else { throw reject(.bandwidthError, "Account resource insufficient error.") }
        return (0, fee)
    }

    /// A `Return.message`: hex of UTF-8 unless `visible`.
    static func message(_ text: String, visible: Bool) -> String { visible ? text : Hex.encode(Array(text.utf8)) }
}
