/// Who is calling, as the gateway vouched for it: subject, role, permissions and ownership scope.
public struct Principal: Sendable, Equatable {
    public var subject: String
    public var role: String
    public var permissions: Set<String>
    /// For node operators: the node ids whose payouts they own.
    public var nodeIDs: [String]?
    /// The request id (also the replay key).
    public var requestID: String

    public init(subject: String, role: String, permissions: Set<String>, nodeIDs: [String]? = nil, requestID: String) {
        self.subject = subject
        self.role = role
        self.permissions = permissions
        self.nodeIDs = nodeIDs
        self.requestID = requestID
    }

    public func has(_ permission: String) -> Bool { permissions.contains(permission) }
}
