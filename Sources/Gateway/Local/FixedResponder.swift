/// An answer fixed when the gateway starts: liveness, the spec in YAML and JSON, the docs page,
/// the JWKS, and the sign-out redirect.
struct FixedResponder: LocalResponder {
    let response: GatewayResponse

    func respond(to request: LocalRequest) async -> GatewayResponse { response }
}
