import HTTPWire
import Hummingbird
import Logging
import LucidAssertion

/// Reads the body (at most `maxBody`), verifies the `Lucid-Assertion` for exactly this method,
/// path and body, and refuses a JSON operation's body of another media type; the caller and body
/// go into the context. Without a valid assertion nothing behind it runs.
struct AssertionMiddleware: RouterMiddleware {
    typealias Context = WalletRequestContext
    let verifier: AssertionVerifier
    let maxBody: Int
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var request = request
        var context = context
        do {
            context.body = Array(try await request.collectBody(upTo: maxBody).readableBytesView)
        } catch {
            return Problem.response(.malformedBody("the body exceeds \(maxBody / 1024) KiB"), requestID: nil)
        }
        let principal: Principal
        do {
            principal = try await verifier.verify(
                request.headers[.init(InternalAssertion.header)!], method: request.method.rawValue,
                pathAndQuery: request.uri.string, body: context.body)
        } catch {
            logger.notice("assertion refused", metadata: ["reason": "\(error.code)", "path": "\(request.uri.path)"])
            return Problem.response(.unauthenticated(error.description), requestID: nil)
        }
        if request.method == .post || request.method == .put, !context.body.isEmpty,
            !JSONMediaType.matches(request.headers[.contentType])
        {
            return Problem.response(.unsupportedMediaType, requestID: principal.requestID)
        }
        context.principal = principal
        return try await next(request, context)
    }
}
