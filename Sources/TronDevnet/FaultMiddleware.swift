import Hummingbird

/// Applies the API-side faults to every node request: added latency and HTTP 503 "node down".
struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    let chain: DevnetChain

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let faults = await chain.faults
        if faults.latencyMs > 0 { try await Task.sleep(for: .milliseconds(faults.latencyMs)) }
        if faults.nodeDown == .unavailable {
            return Response(
                status: .serviceUnavailable, headers: [.contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(string: "node unavailable (devnet fault)\n")))
        }
        return try await next(request, context)
    }
}
