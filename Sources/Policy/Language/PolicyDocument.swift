/// The parsed form of one or more `.acl` files: the inventory, the plane rules and the roles.
public struct PolicyDocument: Sendable, Equatable {
    /// A plane of the inventory: `plane "wallet" { description = "…" }`.
    public struct Plane: Sendable, Equatable {
        public var name: String
        public var location: SourceLocation
    }

    /// A service and the plane it lives in: `service "lucid-wallet" { plane = "wallet" }`.
    public struct Service: Sendable, Equatable {
        public var name: String
        public var plane: String
        public var location: SourceLocation
    }

    /// An external destination: `external "tron" { description = "…" }`.
    public struct External: Sendable, Equatable {
        public var name: String
        public var location: SourceLocation
    }

    /// A plane rule. Unset conditions match anything.
    public struct Rule: Sendable, Equatable {
        public enum Action: String, Sendable, Equatable { case allow, deny }

        public var name: String
        public var sourcePlane: String?
        public var sourceService: String?
        public var targetPlane: String?
        public var targetService: String?
        /// `external:NAME`, for egress out of the system.
        public var externalTarget: String?
        /// Required transport, e.g. `tor`.
        public var via: String?
        /// Upper-case HTTP methods; nil = any.
        public var methods: [String]?
        /// Path patterns; nil = any path.
        public var endpoints: [String]?
        public var action: Action
        public var reason: String?
        public var location: SourceLocation
    }

    /// A role: permissions, inherited roles and its ownership scope.
    public struct Role: Sendable, Equatable {
        public var name: String
        public var permissions: [String]
        public var inherits: [String]
        /// `all`, `own_nodes` or `own_user`.
        public var scope: String
        public var location: SourceLocation
    }

    public var planes: [Plane] = []
    public var services: [Service] = []
    public var externals: [External] = []
    public var rules: [Rule] = []
    public var roles: [Role] = []

    public init() {}

    /// Appends another file's declarations.
    public mutating func merge(_ other: PolicyDocument) {
        planes += other.planes
        services += other.services
        externals += other.externals
        rules += other.rules
        roles += other.roles
    }
}
