/// `DelegateResourceContract` (type 57): lend staked bandwidth or energy to another account.
public struct DelegateResourceContract: ContractPayload {
    public static let contractType = ContractType.delegateResourceContract

    public var ownerAddress: TronAddress
    public var resource: ResourceCode
    /// Staked TRX to delegate, in sun.
    public var balance: Int64
    public var receiverAddress: TronAddress
    public var lock: Bool
    public var lockPeriod: Int64

    public init(
        ownerAddress: TronAddress, resource: ResourceCode, balance: Int64, receiverAddress: TronAddress,
        lock: Bool = false, lockPeriod: Int64 = 0
    ) {
        self.ownerAddress = ownerAddress
        self.resource = resource
        self.balance = balance
        self.receiverAddress = receiverAddress
        self.lock = lock
        self.lockPeriod = lockPeriod
    }

    public init(protobuf: [UInt8]) throws(TronKitError) {
        var owner: TronAddress?
        var resource = ResourceCode.bandwidth
        var balance: Int64 = 0
        var receiver: TronAddress?
        var lock = false
        var lockPeriod: Int64 = 0
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            switch field {
            case 1: owner = try ProtobufField.address(v, "owner_address")
            case 2: resource = try ResourceCode(wire: try v.requireInt64("resource"), field: "resource")
            case 3: balance = try v.requireInt64("balance")
            case 4: receiver = try ProtobufField.address(v, "receiver_address")
            case 5: lock = try v.requireInt64("lock") != 0
            case 6: lockPeriod = try v.requireInt64("lock_period")
            default: break
            }
        }
        self.init(
            ownerAddress: try ProtobufField.required(owner, "owner_address"), resource: resource, balance: balance,
            receiverAddress: try ProtobufField.required(receiver, "receiver_address"), lock: lock,
            lockPeriod: lockPeriod)
    }

    public var protobuf: [UInt8] {
        var w = ProtobufWriter()
        w.bytes(1, ownerAddress.bytes)
        w.int64(2, Int64(resource.rawValue))
        w.int64(3, balance)
        w.bytes(4, receiverAddress.bytes)
        w.bool(5, lock)
        w.int64(6, lockPeriod)
        return w.bytes
    }
}
