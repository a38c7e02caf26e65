import BigInt
import LucidJSON
import TronKit

/// The state changes of one transaction, computed first and committed only if it is accepted.
struct ExecutionResult: Sendable {
    var accounts: [DevnetAccount]
    /// A USDT transfer to apply (from, to, amount): a delta, never a copy of every balance.
    var usdt: (from: TronAddress, to: TronAddress, amount: BigUInt)?
    var pending: PendingTransaction
    /// Delegation records to store (an empty record is removed).
    var delegations: [DelegationKey: DevnetDelegation] = [:]
    /// The change in the network's stake weight, whole TRX per resource.
    var weightDelta: [ResourceCode: Int64] = [:]
}

extension DevnetChain {
    func commit(_ r: ExecutionResult) {
        for a in r.accounts {
            accounts[a.address] = a
            let votes = a.votes.filter { $0.voteAddress == witness.address }.reduce(0) { $0 + $1.voteCount }
            voters[a.address] = votes > 0 ? votes : nil
        }
        for (key, record) in r.delegations { delegations[key] = record.isEmpty ? nil : record }
        for (resource, delta) in r.weightDelta { stakedWeight[resource, default: 0] += delta }
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
        case .undelegate(let c): return try executeUndelegate(c, tx, txid: txid, now: now, reject: reject)
        case .withdrawExpireUnfreeze(let c):
            return try executeWithdrawExpire(c, tx, txid: txid, now: now, reject: reject)
        case .cancelAllUnfreezeV2(let c):
            return try executeCancelAllUnfreeze(c, tx, txid: txid, now: now, reject: reject)
        case .vote(let c): return try executeVote(c, tx, txid: txid, now: now, reject: reject)
        case .withdrawBalance(let c): return try executeWithdrawBalance(c, tx, txid: txid, now: now, reject: reject)
        case .accountCreate(let c): return try executeAccountCreate(c, tx, txid: txid, now: now, reject: reject)
        case .unsupported(let t):
            throw Self.validateError(reject, "contract type \(t.name) is not supported by the devnet")
        }
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
