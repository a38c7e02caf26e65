/// The Stake 2.0 and reward contracts whose only field is the owner (field 1):
/// `WithdrawExpireUnfreezeContract` (56), `CancelAllUnfreezeV2Contract` (59) and
/// `WithdrawBalanceContract` (13, voting rewards).
public protocol OwnerOnlyContract: ContractPayload {
    init(ownerAddress: TronAddress)
}

extension OwnerOnlyContract {
    public init(protobuf: [UInt8]) throws(TronKitError) {
        var owner: TronAddress?
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            if field == 1 { owner = try ProtobufField.address(v, "owner_address") }
        }
        self.init(ownerAddress: try ProtobufField.required(owner, "owner_address"))
    }

    public var protobuf: [UInt8] {
        var w = ProtobufWriter()
        w.bytes(1, ownerAddress.bytes)
        return w.bytes
    }
}

/// `WithdrawExpireUnfreezeContract` (type 56): move unstaked TRX whose delay has passed back to the balance.
public struct WithdrawExpireUnfreezeContract: OwnerOnlyContract {
    public static let contractType = ContractType.withdrawExpireUnfreezeContract
    public var ownerAddress: TronAddress
    public init(ownerAddress: TronAddress) { self.ownerAddress = ownerAddress }
}

/// `CancelAllUnfreezeV2Contract` (type 59): stake again every pending unfreeze (expired ones are withdrawn).
public struct CancelAllUnfreezeV2Contract: OwnerOnlyContract {
    public static let contractType = ContractType.cancelAllUnfreezeV2Contract
    public var ownerAddress: TronAddress
    public init(ownerAddress: TronAddress) { self.ownerAddress = ownerAddress }
}

/// `WithdrawBalanceContract` (type 13): claim voting rewards (at most once per 24 h on mainnet).
public struct WithdrawBalanceContract: OwnerOnlyContract {
    public static let contractType = ContractType.withdrawBalanceContract
    public var ownerAddress: TronAddress
    public init(ownerAddress: TronAddress) { self.ownerAddress = ownerAddress }
}
