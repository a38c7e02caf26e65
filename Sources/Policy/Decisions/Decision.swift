/// The engine's answer for one request: why (its code, which alone says allowed or denied), and
/// the rule that decided.
public struct Decision: Sendable, Equatable {
    /// Why the decision came out as it did; stable codes for logs and 403 reasons.
    public enum Code: String, Sendable {
        case allowed = "ALLOWED"
        case deniedByRule = "DENIED_BY_RULE"
        case noMatchingAllow = "NO_MATCHING_ALLOW"
        case nonCanonicalPath = "NON_CANONICAL_PATH"
        case unknownEndpoint = "UNKNOWN_ENDPOINT"
    }

    public let code: Code
    /// Whether the request may pass: the code says so, so the two cannot disagree.
    public var allowed: Bool { code == .allowed }
    /// The deciding rule: the matching deny, or the first matching allow; nil for default deny.
    public let ruleName: String?
    /// The deciding rule's `reason`, when it has one.
    public let reason: String?
}

/// A request as the engine sees it. The path must already be canonical.
public struct AccessRequest: Sendable, Equatable {
    public var sourceService: String
    /// `plane/service` target, or nil for an external one.
    public var targetService: String?
    public var externalTarget: String?
    /// How the connection travels, e.g. `direct` or `tor`.
    public var transport: String
    public var method: String
    public var path: String

    public init(
        from sourceService: String, to targetService: String, transport: String = "direct", method: String, path: String
    ) {
        self.sourceService = sourceService
        self.targetService = targetService
        self.transport = transport
        self.method = method
        self.path = path
    }

    public init(
        from sourceService: String, toExternal name: String, transport: String, method: String = "CONNECT",
        path: String = "/"
    ) {
        self.sourceService = sourceService
        self.externalTarget = name
        self.transport = transport
        self.method = method
        self.path = path
    }
}
