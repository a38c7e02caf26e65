import LucidAssertion
import Policy

extension GatewayCore {
    /// The gateway's local operations and what each one needs.
    static func localResponders(
        config: GatewayConfiguration, spec: APISpec, policy: PolicyHolder, verifier: AccessTokenVerifier,
        issuer: TokenIssuer, signer: AssertionSigner, upstream: UpstreamPool, authFailures: AuthFailureBudget,
        metrics: GatewayMetrics
    ) -> LocalResponders {
        var docs = GatewayResponse.bytes(spec.docsHTML, contentType: "text/html; charset=utf-8")
        docs.headers.add(name: "Content-Security-Policy", value: DocsPage.contentSecurityPolicy)
        var jwks = GatewayResponse.bytes(Array(issuer.jwks.utf8), contentType: "application/json")
        jwks.headers.add(name: "Cache-Control", value: "public, max-age=300")
        let live = FixedResponder(response: .json(#"{"status":"ok"}"#))
        let login = AdminLoginResponder(
            verifier: verifier, policy: policy, authFailures: authFailures,
            permission: spec.operations.all.first { $0.local == .getAdminPage }?.access.permission ?? "payment:stats")
        return LocalResponders([
            .getHealth: live, .getHealthLive: live, .getHealthReady: ReadinessResponder(upstream: upstream),
            .getSpecYAML: FixedResponder(response: .bytes(spec.yaml, contentType: "application/yaml")),
            .getSpecJSON: FixedResponder(response: .bytes(spec.json, contentType: "application/json")),
            .getDocs: FixedResponder(response: docs), .getJWKS: FixedResponder(response: jwks),
            .issueToken: TokenResponder(
                accounts: ServiceAccountStore(path: config.serviceAccountsPath), issuer: issuer,
                ttlSeconds: config.serviceTokenTTL, policy: policy, metrics: metrics),
            .getAdminPage: AdminPageResponder(policy: policy, signer: signer, upstream: upstream),
            .getAdminLogin: login, .postAdminLogin: login,
            .postAdminLogout: FixedResponder(
                response: AdminSession.redirect(to: "/admin/login", cookie: AdminSession.clearCookie)),
        ])
    }
}
