import Hummingbird
import Logging

/// Turns whatever a handler throws into problem+json with the request's id; a 5xx is logged with
/// the error (the body says only what the caller may know).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = WalletRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let w = Problem.wallet(error)
            let rid = context.principal?.requestID
            if w.status >= 500 {
                logger.error("request failed", metadata: ["rid": "\(rid ?? "-")", "error": "\(error)"])
            }
            return Problem.response(w, requestID: rid)
        }
    }
}
