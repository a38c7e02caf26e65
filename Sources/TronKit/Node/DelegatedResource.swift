import LucidJSON

/// One Stake 2.0 delegation record (`getdelegatedresourcev2`): stake lent from `from` to `to`, and
/// when its lock ends (0: unlocked).
public struct DelegatedResource: Sendable, Equatable {
    public var from: TronAddress
    public var to: TronAddress
    public var bandwidth: Sun
    public var energy: Sun
    public var bandwidthLockedUntil: Int64
    public var energyLockedUntil: Int64

    /// Parses one `delegatedResource` entry.
    public init(json: JSONValue) throws(TronKitError) {
        from = try json.requiredAddress("from")
        to = try json.requiredAddress("to")
        bandwidth = Sun(try json.int64Field("frozen_balance_for_bandwidth"))
        energy = Sun(try json.int64Field("frozen_balance_for_energy"))
        bandwidthLockedUntil = try json.int64Field("expire_time_for_bandwidth")
        energyLockedUntil = try json.int64Field("expire_time_for_energy")
    }
}

/// `getdelegatedresourceaccountindexv2`: the accounts that lend to an account and those it lends to.
public struct DelegationIndex: Sendable, Equatable {
    public var lenders: [TronAddress]
    public var receivers: [TronAddress]

    /// Parses the node's answer (`{}` when there is none).
    public init(json: JSONValue) throws(TronKitError) {
        func addresses(_ key: String) throws(TronKitError) -> [TronAddress] {
            try json.arrayField(key).map { v throws(TronKitError) in
                guard let s = v.string else { throw .invalidJSON("\(key) must hold addresses") }
                return try TronAddress(s)
            }
        }
        lenders = try addresses("fromAccounts")
        receivers = try addresses("toAccounts")
    }
}

/// One witness (super representative or candidate) from `listwitnesses`.
public struct WitnessInfo: Sendable, Equatable {
    public var address: TronAddress
    public var voteCount: Int64
    public var url: String
    public var isActive: Bool

    public init(json: JSONValue) throws(TronKitError) {
        address = try json.requiredAddress("address")
        voteCount = try json.int64Field("voteCount")
        url = try json.stringField("url") ?? ""
        isActive = json["isJobs"]?.bool ?? false
    }
}
