import LucidJSON

/// `getaccountresource`: bandwidth and energy an account has and has used.
public struct AccountResource: Sendable, Equatable {
    public var freeNetUsed: Int64 = 0
    public var freeNetLimit: Int64 = 0
    public var netUsed: Int64 = 0
    public var netLimit: Int64 = 0
    public var totalNetLimit: Int64 = 0
    public var totalNetWeight: Int64 = 0
    public var energyUsed: Int64 = 0
    public var energyLimit: Int64 = 0
    public var totalEnergyLimit: Int64 = 0
    public var totalEnergyWeight: Int64 = 0
    /// TRON Power (votes) the account has and has cast.
    public var tronPowerLimit: Int64 = 0
    public var tronPowerUsed: Int64 = 0

    public init() {}

    /// Energy still available now.
    public var energyAvailable: Int64 { max(0, energyLimit - energyUsed) }
    /// Bandwidth still available now (staked plus free).
    public var bandwidthAvailable: Int64 { max(0, netLimit - netUsed) + max(0, freeNetLimit - freeNetUsed) }

    private static var keys: [(String, WritableKeyPath<AccountResource, Int64>)] {
        [
            ("freeNetUsed", \.freeNetUsed), ("freeNetLimit", \.freeNetLimit), ("NetUsed", \.netUsed),
            ("NetLimit", \.netLimit), ("TotalNetLimit", \.totalNetLimit), ("TotalNetWeight", \.totalNetWeight),
            ("EnergyUsed", \.energyUsed), ("EnergyLimit", \.energyLimit), ("TotalEnergyLimit", \.totalEnergyLimit),
            ("TotalEnergyWeight", \.totalEnergyWeight), ("tronPowerUsed", \.tronPowerUsed),
            ("tronPowerLimit", \.tronPowerLimit),
        ]
    }

    /// Parses java-tron's JSON (zero fields omitted).
    public init(json: JSONValue) throws(TronKitError) {
        for (k, path) in Self.keys { self[keyPath: path] = try json.int64Field(k) }
    }

    /// java-tron's JSON, zero fields omitted.
    public var json: JSONValue {
        var m: [(String, JSONValue)] = []
        for (k, path) in Self.keys { m.appendNonZero(k, self[keyPath: path]) }
        return .object(m)
    }
}
