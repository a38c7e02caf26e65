/// An issuer whose tokens the gateway accepts, with the audiences it must name, where its keys
/// come from and which roles it may grant. Keys are bound to their issuer: one issuer's key never
/// verifies another's tokens.
///
/// ```swift
/// TrustedIssuer(issuer: "https://idp.example", audiences: ["lucid-api"], jwksFiles: ["idp.jwks.json"],
///               roles: .only(["end_user"]))
/// ```
public struct TrustedIssuer: Sendable {
    /// The roles an issuer's tokens may claim.
    public enum Roles: Sendable, Equatable {
        /// Every role of the role table (the gateway's own issuer).
        case all
        /// Every role but `admin`: what a trusted issuer grants unless it lists its roles.
        case allButAdmin
        /// Exactly these.
        case only(Set<String>)

        public func grants(_ role: String) -> Bool {
            switch self {
            case .all: true
            case .allButAdmin: role != "admin"
            case .only(let names): names.contains(role)
            }
        }
    }

    public var issuer: String
    public var audiences: Set<String>
    /// JWKS files (RFC 7517; `oct` keys for HS256/384/512 must carry `alg`).
    public var jwksFiles: [String]
    /// JWKS URLs, fetched at start-up and again (with backoff) when a token names an unknown `kid`.
    public var jwksURLs: [String]
    /// Keys given directly (the gateway's own signing key, tests).
    public var jwks: [String]
    public var roles: Roles

    public init(
        issuer: String, audiences: Set<String>, jwksFiles: [String] = [], jwksURLs: [String] = [], jwks: [String] = [],
        roles: Roles = .allButAdmin
    ) {
        self.roles = roles
        self.issuer = issuer
        self.audiences = audiences
        self.jwksFiles = jwksFiles
        self.jwksURLs = jwksURLs
        self.jwks = jwks
    }
}
