/// `FreezeBalanceV2Contract` (type 54): stake TRX (sun) for bandwidth or energy (Stake 2.0).
public struct FreezeBalanceV2Contract: ContractPayload {
    public static let contractType = ContractType.freezeBalanceV2Contract

    public var ownerAddress: TronAddress
    public var frozenBalance: Int64
    public var resource: ResourceCode

    public init(ownerAddress: TronAddress, frozenBalance: Int64, resource: ResourceCode) {
        self.ownerAddress = ownerAddress
        self.frozenBalance = frozenBalance
        self.resource = resource
    }

    public init(protobuf: [UInt8]) throws(TronKitError) {
        let f = try StakeFields.decode(protobuf, amountName: "frozen_balance")
        self.init(ownerAddress: f.owner, frozenBalance: f.amount, resource: f.resource)
    }

    public var protobuf: [UInt8] { StakeFields.encode(owner: ownerAddress, amount: frozenBalance, resource: resource) }
}
