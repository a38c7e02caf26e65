/// `TriggerSmartContract` (type 31): a call into a TVM contract, e.g. a TRC-20 `transfer`.
public struct TriggerSmartContract: ContractPayload {
    public static let contractType = ContractType.triggerSmartContract

    public var ownerAddress: TronAddress
    public var contractAddress: TronAddress
    /// TRX sent with the call, in sun.
    public var callValue: Int64
    /// ABI-encoded call data (selector ‖ arguments).
    public var data: [UInt8]
    public var callTokenValue: Int64
    public var tokenID: Int64

    public init(
        ownerAddress: TronAddress, contractAddress: TronAddress, callValue: Int64 = 0, data: [UInt8],
        callTokenValue: Int64 = 0, tokenID: Int64 = 0
    ) {
        self.ownerAddress = ownerAddress
        self.contractAddress = contractAddress
        self.callValue = callValue
        self.data = data
        self.callTokenValue = callTokenValue
        self.tokenID = tokenID
    }

    public init(protobuf: [UInt8]) throws(TronKitError) {
        var owner: TronAddress?
        var contract: TronAddress?
        var callValue: Int64 = 0
        var data = [UInt8]()
        var callTokenValue: Int64 = 0
        var tokenID: Int64 = 0
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            switch field {
            case 1: owner = try ProtobufField.address(v, "owner_address")
            case 2: contract = try ProtobufField.address(v, "contract_address")
            case 3: callValue = try v.requireInt64("call_value")
            case 4: data = try v.requireBytes("data")
            case 5: callTokenValue = try v.requireInt64("call_token_value")
            case 6: tokenID = try v.requireInt64("token_id")
            default: break
            }
        }
        self.init(
            ownerAddress: try ProtobufField.required(owner, "owner_address"),
            contractAddress: try ProtobufField.required(contract, "contract_address"),
            callValue: callValue, data: data, callTokenValue: callTokenValue, tokenID: tokenID)
    }

    public var protobuf: [UInt8] {
        var w = ProtobufWriter()
        w.bytes(1, ownerAddress.bytes)
        w.bytes(2, contractAddress.bytes)
        w.int64(3, callValue)
        w.bytes(4, data)
        w.int64(5, callTokenValue)
        w.int64(6, tokenID)
        return w.bytes
    }
}
