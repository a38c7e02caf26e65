import Hummingbird
import LucidAssertion

/// The wallet's request context: what `AssertionMiddleware` established about a request — the
/// caller the gateway asserts and the body it covers — for the handlers behind it.
public struct WalletRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The asserted caller; set by `AssertionMiddleware` before any API handler runs.
    public var principal: Principal?
    /// The request body, read once (bounded) and covered by the assertion's body hash.
    public var body: [UInt8] = []

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The caller, for handlers behind `AssertionMiddleware`.
    var caller: Principal {
        get throws {
            guard let principal else { throw WalletError.unauthenticated("no assertion was verified") }
            return principal
        }
    }

    /// The operation a request reached: its method and route template (`GET /api/v1/payouts/{id}`),
    /// a label of low cardinality for metrics.
    func operation(_ request: Request) -> String {
        "\(request.method.rawValue) \(endpointPath ?? "unmatched")"
    }
}
