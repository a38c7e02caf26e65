/// Who a verified bearer token says is calling.
public struct Identity: Sendable, Equatable {
    public let subject: String
    public let role: String
    /// For node operators: the node ids whose payouts they own.
    public let nodeIDs: [String]?
    public let issuer: String
    /// Unix seconds.
    public let expiresAt: Int64
    /// The rate-limit principal: issuer and subject (computed once per verified token).
    public let rateKey: String

    public init(subject: String, role: String, nodeIDs: [String]?, issuer: String, expiresAt: Int64) {
        self.subject = subject
        self.role = role
        self.nodeIDs = nodeIDs
        self.issuer = issuer
        self.expiresAt = expiresAt
        self.rateKey = issuer + "|" + subject
    }
}
