import TronKit

/// Account creation with java-tron's checks, messages and fees (`CreateAccountActuator`).
extension DevnetChain {
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
}
