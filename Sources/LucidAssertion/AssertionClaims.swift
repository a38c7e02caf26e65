import JWTKit

/// The claims of `Lucid-Assertion`: who (the caller's token issuer `idp` and subject `sub`, role,
/// permissions, ownership `scope` with its `node_ids`), for which exact request, how long.
struct AssertionClaims: JWTPayload {
    var iss: IssuerClaim
    var aud: AudienceClaim
    var idp: String
    var sub: SubjectClaim
    var role: String
    var perms: [String]
    var scope: String
    var node_ids: [String]?
    var rid: String
    var htm: String
    var htu: String
    var bh: String
    var iat: IssuedAtClaim
    var exp: ExpirationClaim

    // Checked by `AssertionVerifier` with the request in hand.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
