import HTTPWire

/// `GET /health/ready`: ready when the wallet says it is ready (its own `/health/ready`, which
/// checks its store and node); 503 naming the wallet's state otherwise.
struct ReadinessResponder: LocalResponder {
    let upstream: UpstreamPool

    func respond(to request: LocalRequest) async -> GatewayResponse {
        let probe = WireRequest(
            method: "GET", uri: "/health/ready", host: upstream.hostHeader, headerLines: "Accept: application/json\r\n",
            body: nil)
        guard case .success(let answer) = await upstream.execute(probe, on: request.loop) else {
            return .json(
                #"{"status":"not_ready","checks":{"gateway":"ok","wallet":"unreachable"}}"#,
                status: .serviceUnavailable)
        }
        return answer.status == 200
            ? .json(#"{"status":"ready","checks":{"gateway":"ok","wallet":"ready"}}"#)
            : .json(
                #"{"status":"not_ready","checks":{"gateway":"ok","wallet":"not_ready"}}"#, status: .serviceUnavailable)
    }
}
