import TronKit

/// Errors of the devnet itself (configuration, genesis, start-up), each with a stable code.
/// Refused transactions are `BroadcastRejection`s, with java-tron's codes and messages.
public enum DevnetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The genesis file or flags were invalid.
    case invalidGenesis(String)
    /// A configuration value was out of range.
    case invalidConfiguration(String)
    /// A request to an admin endpoint was malformed.
    case invalidAdminRequest(String)

    public var code: String {
        switch self {
        case .invalidGenesis: "DEVNET_GENESIS_INVALID"
        case .invalidConfiguration: "DEVNET_CONFIG_INVALID"
        case .invalidAdminRequest: "DEVNET_ADMIN_REQUEST_INVALID"
        }
    }

    public var description: String {
        switch self {
        case .invalidGenesis(let s), .invalidConfiguration(let s), .invalidAdminRequest(let s): "\(code): \(s)"
        }
    }
}
