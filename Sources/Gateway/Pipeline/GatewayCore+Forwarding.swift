import HTTPWire
import NIOCore
import NIOHTTP1
import Policy

extension GatewayCore {
    /// Sends the request to the wallet with the caller's assertion signed into its head, and
    /// answers with what the wallet says (or a 502/503/504 problem). The measured hot path:
    /// callbacks on the event loop, no futures or tasks.
    func forward(
        _ op: APIOperation, identity: Identity, compiled: CompiledPolicy, _ x: Exchange, _ trail: Trail,
        on loop: any EventLoop, done: @escaping Completion
    ) {
        let template = identity.assertionTemplate.template(under: compiled) {
            signer.template(for: identity.principal(roles: compiled.roles, requestID: trail.internalID))
        }
        let body = x.body ?? ByteBuffer()
        let uri = x.head.uri
        let assertionRoom = signer.maximumLength(
            template, requestID: trail.internalID, method: op.method, pathAndQuery: uri)
        // Only what the wallet needs is rebuilt; every other client header stays here. Values were
        // screened already (no control characters), so the head is written directly, the
        // assertion signed straight into it.
        let request = WireRequest(
            method: op.method, uri: uri, host: upstream.hostHeader, body: body.readableBytes > 0 ? body : nil,
            headerCapacity: assertionRoom + 160
        ) { w in
            w.append("Lucid-Assertion: ")
            w.append(upTo: assertionRoom) { at in
                self.signer.sign(
                    template, requestID: trail.internalID, method: op.method, pathAndQuery: uri,
                    body: body.readableBytesView, to: at)
            }
            w.append("\r\nX-Request-Id: ")
            w.append(trail.internalID)
            w.append("\r\nAccept: application/json\r\n")
            for (field, name) in Self.forwardedHeaders {
                x.head.withValue(field) { value in
                    w.append(name)
                    w.append(value)
                    w.append("\r\n")
                }
            }
        }
        let sent = NIODeadline.now()
        // Safe methods (RFC 9110 §9.2.1) are idempotent: only they may have requests pipelined behind them.
        upstream.send(request, idempotent: !CORSPolicy.isUnsafe(x.head.method), on: loop) { result in
            switch result {
            case .success(let response):
                let elapsed = NIODeadline.now() - sent
                trail.upstreamNanos = elapsed.nanoseconds
                self.metrics.upstreamLatency(operation: op.id, nanoseconds: elapsed.nanoseconds)
                var out = GatewayResponse(status: HTTPResponseStatus(statusCode: response.status), body: response.body)
                out.contentType = response.contentType ?? "application/json"
                done(self.finish(out, x, trail))
            case .failure(let error):
                let e = error.gatewayError
                self.logger.warning("upstream failed", metadata: ["rid": "\(trail.internalID)", "code": "\(e.code)"])
                done(self.finish(.problem(e, requestID: trail.requestID), x, trail))
            }
        }
    }

    /// The client headers passed on to the wallet, as written there; every other one stays here.
    static let forwardedHeaders: [(RequestHead.Field, StaticString)] = [
        (.contentType, "Content-Type: "), (.idempotencyKey, "Idempotency-Key: "),
    ]
}
