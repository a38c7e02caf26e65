import Hummingbird
import Logging
import Policy

/// The assertion says the gateway sent a request; the plane ACL says whether it may: every API
/// request must be allowed from ops/lucid-gateway to lucid-wallet.
struct PlaneACLMiddleware: RouterMiddleware {
    typealias Context = WalletRequestContext
    let policy: PolicyHolder
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let decision = policy.current.decide(
            AccessRequest(
                from: "lucid-gateway", to: "lucid-wallet", method: request.method.rawValue, path: request.uri.path))
        guard decision.allowed else {
            logger.notice(
                "plane ACL denied", metadata: ["code": "\(decision.code.rawValue)", "path": "\(request.uri.path)"])
            return Problem.response(
                .forbidden("the plane ACL does not allow this request (\(decision.code.rawValue))"),
                requestID: context.principal?.requestID)
        }
        return try await next(request, context)
    }
}
