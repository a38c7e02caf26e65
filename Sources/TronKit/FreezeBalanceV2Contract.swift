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
        var owner: TronAddress?
        var balance: Int64 = 0
        var resource = ResourceCode.bandwidth
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            switch field {
            case 1: owner = try ProtobufField.address(v, "owner_address")
            case 2: balance = try v.requireInt64("frozen_balance")
            case 3: resource = try ResourceCode(wire: try v.requireInt64("resource"), field: "resource")
            default: break
            }
        }
        self.init(
            ownerAddress: try ProtobufField.required(owner, "owner_address"), frozenBalance: balance,
            resource: resource)
    }

    public var protobuf: [UInt8] {
        var w = ProtobufWriter()
        w.bytes(1, ownerAddress.bytes)
        w.int64(2, frozenBalance)
        w.int64(3, Int64(resource.rawValue))
        return w.bytes
    }
}
