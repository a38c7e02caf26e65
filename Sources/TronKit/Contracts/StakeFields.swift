/// The wire shape Freeze- and UnfreezeBalanceV2Contract share: owner (1), an amount in sun (2),
/// a resource (3).
enum StakeFields {
    static func decode(_ protobuf: [UInt8], amountName: String) throws(TronKitError) -> (
        owner: TronAddress, amount: Int64, resource: ResourceCode
    ) {
        var owner: TronAddress?
        var amount: Int64 = 0
        var resource = ResourceCode.bandwidth
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            switch field {
            case 1: owner = try ProtobufField.address(v, "owner_address")
            case 2: amount = try v.requireInt64(amountName)
            case 3: resource = try ResourceCode(wire: try v.requireInt64("resource"), field: "resource")
            default: break
            }
        }
        return (try ProtobufField.required(owner, "owner_address"), amount, resource)
    }

    static func encode(owner: TronAddress, amount: Int64, resource: ResourceCode) -> [UInt8] {
        var w = ProtobufWriter()
        w.bytes(1, owner.bytes)
        w.int64(2, amount)
        w.int64(3, Int64(resource.rawValue))
        return w.bytes
    }
}
