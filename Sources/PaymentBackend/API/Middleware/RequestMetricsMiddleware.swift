import Hummingbird

/// Counts every API answer by operation (from the route, not the path) and status, refusals
/// included: `tron_payment_requests_total`.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = WalletRequestContext
    let metrics: WalletMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let response = try await next(request, context)
        metrics.request(context.operation(request), status: Int(response.status.code))
        return response
    }
}
