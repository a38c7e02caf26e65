/// An issuer whose tokens the gateway accepts, with the audiences it must name and where its keys
/// come from. Keys are bound to their issuer: one issuer's key never verifies another's tokens.
///
/// ```swift
/// TrustedIssuer(issuer: "https://idp.example", audiences: ["lucid-api"], jwksFiles: ["idp.jwks.json"])
/// ```
public struct TrustedIssuer: Sendable {
    public var issuer: String
    public var audiences: Set<String>
    /// JWKS files (RFC 7517; `oct` keys for HS256/384/512 must carry `alg`).
    public var jwksFiles: [String]
    /// JWKS URLs, fetched at start-up and again (with backoff) when a token names an unknown `kid`.
    public var jwksURLs: [String]
    /// Keys given directly (the gateway's own signing key, tests).
    public var jwks: [String]

    public init(
        issuer: String, audiences: Set<String>, jwksFiles: [String] = [], jwksURLs: [String] = [], jwks: [String] = []
    ) {
        self.issuer = issuer
        self.audiences = audiences
        self.jwksFiles = jwksFiles
        self.jwksURLs = jwksURLs
        self.jwks = jwks
    }
}
