import NIOCore

/// One pooled connection: the last handler of its pipeline. It keeps the requests written on it in
/// order (more than one when the pool pipelines), parses the answers one after another and hands
/// each to the request it answers. Requests given to it before it is connected are held and
/// written on connect.
final class PooledConnection: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    /// A request written (or held) on this connection, waiting for its answer.
    struct InFlight {
        let deadline: NIODeadline
        let done: ConnectionPool.Completion
    }

    private(set) var channel: (any Channel)?
    /// This handler's place in its pipeline (set while it is in one).
    private var context: ChannelHandlerContext?
    /// The requests awaiting answers, oldest first.
    private(set) var inFlight = CircularBuffer<InFlight>(initialCapacity: 4)
    var idleSince = NIODeadline.now()
    /// False once the connection cannot carry another request (failed, closed, `Connection: close`).
    private(set) var reusable = true
    /// Whether a request that is not idempotent is in flight (it is then the last one).
    private var unsafeInFlight = false
    /// Whether another request may be written now: nothing is pipelined behind a request that is not
    /// idempotent (RFC 9112 §9.3.2), so a broken connection never leaves a retry-unsafe request in
    /// doubt behind another.
    var acceptsMore: Bool { reusable && (inFlight.isEmpty || !unsafeInFlight) }
    /// Called on the loop after answers were handed out or the connection failed.
    var settled: ((PooledConnection) -> Void)?
    private var held: [ByteBuffer] = []
    private var parser: ResponseParser
    private var buffer = ByteBuffer()

    init(maxBytes: Int) { parser = ResponseParser(maxBytes: maxBytes) }

    var isActive: Bool { channel?.isActive ?? false }

    /// Writes `request` without flushing (or holds it until connected).
    func enqueue(
        _ request: WireRequest, idempotent: Bool, deadline: NIODeadline, done: @escaping ConnectionPool.Completion
    ) {
        unsafeInFlight = (unsafeInFlight && !inFlight.isEmpty) || !idempotent
        inFlight.append(InFlight(deadline: deadline, done: done))
        if channel != nil { write(request.bytes) } else { held.append(request.bytes) }
    }

    /// Writes from this handler's place in the pipeline, not from the tail.
    private func write(_ bytes: ByteBuffer) { context?.write(NIOAny(bytes), promise: nil) }

    func flush() { context?.flush() }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// The connection is up: what was held goes out in one flush.
    func connected(_ channel: any Channel) {
        self.channel = channel
        guard reusable else { return channel.close(promise: nil) }  // it failed while connecting
        for bytes in held { write(bytes) }
        held = []
        flush()
    }

    /// Fails every request waiting on this connection and closes it.
    func fail(_ error: WireError) {
        reusable = false
        held = []
        let failed = inFlight
        inFlight.removeAll()
        channel?.close(promise: nil)  // its channelInactive finds nothing left to fail
        for waiting in failed { waiting.done(.failure(error)) }
        settled?(self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if buffer.readableBytes == 0 {
            buffer = incoming
        } else {
            buffer.writeBuffer(&incoming)
        }
        while reusable {
            switch parser.parse(&buffer) {
            case .needMore: return
            case .invalid(let why): return fail(.invalid(why))
            case .response(let status, let type, let body, let keepAlive):
                // An answer nobody asked for means the framing is lost: nothing more is trusted.
                guard let waiting = inFlight.popFirst() else { return fail(.invalid("an answer nobody asked for")) }
                let more = buffer.readableBytes > 0
                // After `Connection: close` the server answers nothing more.
                if !keepAlive || (more && inFlight.isEmpty) { reusable = false }
                // The pool takes the connection back before the answer is handed on, so that whoever
                // gets it can send on this connection at once.
                if reusable && inFlight.isEmpty { settled?(self) }
                waiting.done(.success(WireResponse(status: status, contentType: type, body: body)))
                guard reusable else { return fail(more ? .invalid("an answer nobody asked for") : .closed) }
                guard more else { return }
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.failed("\(error)"))
    }
}
