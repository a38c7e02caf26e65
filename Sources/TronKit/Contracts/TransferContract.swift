/// `TransferContract` (type 1): a plain TRX transfer, amount in sun.
public struct TransferContract: ContractPayload {
    public static let contractType = ContractType.transferContract

    public var ownerAddress: TronAddress
    public var toAddress: TronAddress
    public var amount: Int64

    public init(ownerAddress: TronAddress, toAddress: TronAddress, amount: Int64) {
        self.ownerAddress = ownerAddress
        self.toAddress = toAddress
        self.amount = amount
    }

    public init(protobuf: [UInt8]) throws(TronKitError) {
        var owner: TronAddress?
        var to: TronAddress?
        var amount: Int64 = 0
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            switch field {
            case 1: owner = try ProtobufField.address(v, "owner_address")
            case 2: to = try ProtobufField.address(v, "to_address")
            case 3: amount = try v.requireInt64("amount")
            default: break
            }
        }
        self.init(
            ownerAddress: try ProtobufField.required(owner, "owner_address"),
            toAddress: try ProtobufField.required(to, "to_address"), amount: amount)
    }

    public var protobuf: [UInt8] {
        var w = ProtobufWriter()
        w.bytes(1, ownerAddress.bytes)
        w.bytes(2, toAddress.bytes)
        w.int64(3, amount)
        return w.bytes
    }
}
