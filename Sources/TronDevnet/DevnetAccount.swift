import BigInt
import TronKit

/// One account's state on the devnet: TRX, Stake 2.0 balances, delegations and resource usage.
struct DevnetAccount: Sendable {
    let address: TronAddress
    var balance: Int64
    let createTime: Int64
    var frozen: [ResourceCode: Int64] = [:]
    var delegatedOut: [ResourceCode: Int64] = [:]
    var acquired: [ResourceCode: Int64] = [:]
    var netUsage = ResourceUsage()
    var freeNetUsage = ResourceUsage()
    var energyUsage = ResourceUsage()

    init(address: TronAddress, balance: Int64, createTime: Int64) {
        self.address = address
        self.balance = balance
        self.createTime = createTime
    }

    /// Own stake of a resource not lent out: what may be unstaked or delegated.
    func undelegated(_ r: ResourceCode) -> Int64 { (frozen[r] ?? 0) - (delegatedOut[r] ?? 0) }

    /// TRX (sun) backing a resource: own stake minus what is lent out, plus what is borrowed.
    func stake(_ r: ResourceCode) -> Int64 { undelegated(r) + (acquired[r] ?? 0) }
}
