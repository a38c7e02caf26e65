/// Who is calling, as the gateway vouched for it: the token's issuer and subject, role,
/// permissions and ownership scope.
public struct Principal: Sendable, Equatable {
    /// Whose payouts a caller may see or create, set by the gateway from its role's `scope` in the
    /// role table (never from the role's name).
    public enum Scope: Sendable, Equatable {
        /// Every payout.
        case all
        /// Payouts whose `node_id` is one of these (the token's `node_ids`).
        case ownNodes([String])
        /// Payouts whose `user_id` is the caller's subject within the caller's issuer.
        case ownUser

        /// The scope a claim names, with the node ids that go with `own_nodes` only; nil for anything
        /// else (an unknown name, or node ids beside another scope).
        public init?(name: String, nodeIDs: [String]?) {
            switch name {
            case "all" where nodeIDs == nil: self = .all
            case "own_user" where nodeIDs == nil: self = .ownUser
            case "own_nodes": self = .ownNodes(nodeIDs ?? [])
            default: return nil
            }
        }

        /// The claim's text: `all`, `own_nodes` or `own_user`.
        public var name: String {
            switch self {
            case .all: "all"
            case .ownNodes: "own_nodes"
            case .ownUser: "own_user"
            }
        }
    }

    /// The issuer of the caller's token (`iss`).
    public var issuer: String
    /// The caller's subject within its issuer (`sub`).
    public var subject: String
    public var role: String
    public var permissions: Set<String>
    public var scope: Scope
    /// The request id (also the replay key).
    public var requestID: String

    public init(
        issuer: String, subject: String, role: String, permissions: Set<String>, scope: Scope, requestID: String
    ) {
        self.issuer = issuer
        self.subject = subject
        self.role = role
        self.permissions = permissions
        self.scope = scope
        self.requestID = requestID
    }

    /// The caller's identity across issuers, `issuer#subject`: what idempotency keys, audit actors
    /// and creators are recorded under. Unambiguous because an issuer never contains `#` (the
    /// gateway refuses such an issuer at start-up, and the wallet refuses such an assertion).
    public var id: String { issuer + "#" + subject }

    public func has(_ permission: String) -> Bool { permissions.contains(permission) }

    /// Whether `issuer` may name a principal: non-empty, at most 256 bytes, no `#`, no control
    /// characters or spaces.
    public static func isValidIssuer(_ issuer: String) -> Bool {
        !issuer.isEmpty && issuer.utf8.count <= 256
            && !issuer.utf8.contains { $0 == UInt8(ascii: "#") || $0 <= 0x20 || $0 == 0x7f }
    }
}
