extension GatewayCore {
    /// Per-request facts gathered on the way, used to decorate the response and the access log.
    /// A class, so that the steps of a request share one trail instead of copying its strings at
    /// every hop. `@unchecked Sendable`: the steps of one request run one after another (on its
    /// event loop, or after a hop that hands the request over), never at the same time.
    final class Trail: @unchecked Sendable {
        var requestID: String
        var internalID: String
        var operation: String = "unmatched"
        var rate: RateLimitDecision?
        var subject: String?
        var role: String?
        var origin: String?
        var upstreamNanos: Int64?
        var isAPI = true

        init(requestID: String, internalID: String) {
            self.requestID = requestID
            self.internalID = internalID
        }
    }
}
