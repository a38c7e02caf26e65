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
        var owner: TronAddress?
        var balance: Int64 = 0
        var resource = ResourceCode.bandwidth
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            switch field {
            case 1: owner = try ProtobufField.address(v, "owner_address")
            case 2: balance = try v.requireInt64("unfreeze_balance")
            case 3: resource = try ResourceCode(wire: try v.requireInt64("resource"), field: "resource")
            default: break
            }
        }
        self.init(
            ownerAddress: try ProtobufField.required(owner, "owner_address"), unfreezeBalance: balance,
            resource: resource)
    }

    public var protobuf: [UInt8] {
        var w = ProtobufWriter()
        w.bytes(1, ownerAddress.bytes)
        w.int64(2, unfreezeBalance)
        w.int64(3, Int64(resource.rawValue))
        return w.bytes
    }
}
