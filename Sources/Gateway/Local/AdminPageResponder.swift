import HTTPWire
import LucidAssertion
import LucidJSON
import NIOCore
import Policy

/// `GET /admin`: the wallet's stats, hot wallet, network, staking plan and reconciliation, fetched with the
/// admin's own assertion (so the wallet applies their permissions), read into typed reports and
/// rendered as HTML. A section the wallet does not give says why instead of failing the page.
struct AdminPageResponder: LocalResponder {
    let policy: PolicyHolder
    let signer: AssertionSigner
    let upstream: UpstreamPool

    /// The page's sections and the wallet paths they read.
    static let sections = [
        ("stats", "/api/v1/stats"), ("wallet", "/api/v1/wallet"), ("network", "/api/v1/network"),
        ("reconciliation", "/api/v1/reconciliation"), ("staking", "/api/v1/staking/plan"),
    ]

    /// Why a section is missing, in words for the page.
    struct Missing: Error, Sendable { let reason: String }

    func respond(to request: LocalRequest) async -> GatewayResponse {
        guard let identity = request.identity else { return AdminSession.redirect(to: "/admin/login") }
        let roles = policy.current.roles
        var s = AdminPage.Sources()
        await withTaskGroup(of: (String, Result<[UInt8], Missing>).self) { group in
            for (name, path) in Self.sections {
                let principal = identity.principal(roles: roles, requestID: request.trail.internalID + "-" + name)
                group.addTask { (name, await fetch(path, as: principal, on: request.loop)) }
            }
            for await (name, answer) in group {
                do throws(Missing) {
                    try Self.read(name, try answer.get(), into: &s)
                } catch {
                    s.missing[name] = error.reason
                }
            }
        }
        var r = GatewayResponse.bytes(
            Array(AdminPage.render(s, subject: identity.subject, role: identity.role).utf8),
            contentType: "text/html; charset=utf-8")
        r.headers.add(name: "Content-Security-Policy", value: AdminPage.contentSecurityPolicy)
        r.sameOriginReferrer = true  // its sign-out form posts to the gateway
        return r
    }

    /// One wallet read with `principal`'s assertion; the body when the wallet answered 200.
    private func fetch(_ path: String, as principal: Principal, on loop: any EventLoop) async -> Result<
        [UInt8], Missing
    > {
        let assertion = signer.sign(principal, method: "GET", pathAndQuery: path, body: ByteBuffer().readableBytesView)
        let request = WireRequest(
            method: "GET", uri: path, host: upstream.hostHeader,
            headerLines:
                "Lucid-Assertion: \(assertion)\r\nX-Request-Id: \(principal.requestID)\r\nAccept: application/json\r\n",
            body: nil)
        guard case .success(let answer) = await upstream.execute(request, on: loop) else {
            return .failure(Missing(reason: "the wallet did not answer"))
        }
        guard answer.status == 200 else { return .failure(Missing(reason: Self.reason(status: answer.status))) }
        return .success(Array(answer.body.readableBytesView))
    }

    /// Reads one wallet answer into its typed report.
    static func read(_ name: String, _ bytes: [UInt8], into s: inout AdminPage.Sources) throws(Missing) {
        do {
            let json = try JSONValue.parse(bytes)
            switch name {
            case "stats": s.stats = try StatsReport(json: json)
            case "wallet": s.wallet = try WalletReport(json: json)
            case "network": s.network = try NetworkReport(json: json)
            case "staking": s.staking = try StakingPlanReport(json: json)
            default: s.reconciliation = try ReconciliationSummary(json: json)
            }
        } catch {
            throw Missing(reason: "the wallet's answer was not understood (\(error.reason))")
        }
    }

    static func reason(status: Int) -> String {
        switch status {
        case 403: "your role may not read this"
        case 503: "the wallet or the TRON node is unavailable"
        default: "the wallet answered \(status)"
        }
    }
}
