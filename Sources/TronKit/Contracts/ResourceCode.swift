/// `ResourceCode` from `common.proto`: what staked TRX buys.
public enum ResourceCode: Int32, Sendable, NamedProtoEnum {
    case bandwidth = 0
    case energy = 1
    case tronPower = 2

    /// The proto enum name used in java-tron JSON.
    public var name: String {
        switch self {
        case .bandwidth: "BANDWIDTH"
        case .energy: "ENERGY"
        case .tronPower: "TRON_POWER"
        }
    }

    init(wire value: Int64, field: String) throws(TronKitError) {
        guard let v = Int32(exactly: value), let c = ResourceCode(rawValue: v) else {
            throw .invalidProtobuf("\(field): unknown resource code \(value)")
        }
        self = c
    }
}
