/// Who a verified bearer token says is calling. A class: one is kept per verified token and handed
/// along each of its requests, which then costs one reference count instead of one per field.
public final class Identity: Sendable, Equatable {
    public let subject: String
    public let role: String
    /// For node operators: the node ids whose payouts they own.
    public let nodeIDs: [String]?
    public let issuer: String
    /// Unix seconds.
    public let expiresAt: Int64
    /// The rate-limit principal: issuer and subject (computed once per verified token).
    public let rateKey: String
    /// Its assertion template, made on its first forwarded request.
    let assertionTemplate = AssertionTemplateMemo()

    public init(subject: String, role: String, nodeIDs: [String]?, issuer: String, expiresAt: Int64) {
        self.subject = subject
        self.role = role
        self.nodeIDs = nodeIDs
        self.issuer = issuer
        self.expiresAt = expiresAt
        self.rateKey = issuer + "|" + subject
    }

    /// Equal when the tokens say the same (the template memo is only a cache).
    public static func == (a: Identity, b: Identity) -> Bool {
        a.subject == b.subject && a.role == b.role && a.nodeIDs == b.nodeIDs && a.issuer == b.issuer
            && a.expiresAt == b.expiresAt
    }
}
