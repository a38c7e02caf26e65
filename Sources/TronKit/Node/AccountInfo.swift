import LucidJSON

/// The parts of `getaccount` a payout system reads: TRX balance and Stake 2.0 frozen balances.
public struct AccountInfo: Sendable, Equatable {
    public var address: TronAddress
    /// Liquid TRX.
    public var balance: Sun
    /// Creation time in ms.
    public var createTime: Int64
    /// TRX staked for bandwidth (Stake 2.0).
    public var frozenForBandwidth: Sun
    /// TRX staked for energy (Stake 2.0).
    public var frozenForEnergy: Sun

    public init(address: TronAddress, balance: Sun, createTime: Int64, frozenForBandwidth: Sun, frozenForEnergy: Sun) {
        self.address = address
        self.balance = balance
        self.createTime = createTime
        self.frozenForBandwidth = frozenForBandwidth
        self.frozenForEnergy = frozenForEnergy
    }

    /// Parses java-tron's JSON; nil for `{}` (no such account).
    public init?(json: JSONValue) throws(TronKitError) {
        guard let address = try json.addressField("address") else {
            if json.isEmptyObject { return nil }
            throw .invalidJSON("account without address")
        }
        self.address = address
        balance = Sun(try json.int64Field("balance"))
        createTime = try json.int64Field("create_time")
        var bandwidth: Int64 = 0
        var energy: Int64 = 0
        for f in try json.arrayField("frozenV2") {
            let amount = try f.int64Field("amount")
            switch try f.stringField("type") ?? "BANDWIDTH" {
            case "ENERGY": energy += amount
            case "BANDWIDTH": bandwidth += amount
            default: break
            }
        }
        frozenForBandwidth = Sun(bandwidth)
        frozenForEnergy = Sun(energy)
    }
}
