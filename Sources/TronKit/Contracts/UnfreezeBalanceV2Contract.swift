/// `UnfreezeBalanceV2Contract` (type 55): start unstaking TRX (sun) from a resource.
public struct UnfreezeBalanceV2Contract: ContractPayload {
    public static let contractType = ContractType.unfreezeBalanceV2Contract

    public var ownerAddress: TronAddress
    public var unfreezeBalance: Int64
    public var resource: ResourceCode

    public init(ownerAddress: TronAddress, unfreezeBalance: Int64, resource: ResourceCode) {
        self.ownerAddress = ownerAddress
        self.unfreezeBalance = unfreezeBalance
        self.resource = resource
    }

    public init(protobuf: [UInt8]) throws(TronKitError) {
        let f = try StakeFields.decode(protobuf, amountName: "unfreeze_balance")
        self.init(ownerAddress: f.owner, unfreezeBalance: f.amount, resource: f.resource)
    }

    public var protobuf: [UInt8] {
        StakeFields.encode(owner: ownerAddress, amount: unfreezeBalance, resource: resource)
    }
}
