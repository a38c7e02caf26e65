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
    /// The connection's phase and the requests awaiting answers.
    private var state = PooledConnectionState<InFlight>()
    var idleSince = NIODeadline.now()
    /// Called on the loop after answers were handed out or the connection failed.
    var settled: ((PooledConnection) -> Void)?
    private var parser: ResponseParser
    private var buffer = ByteBuffer()

    init(maxBytes: Int) { parser = ResponseParser(maxBytes: maxBytes) }

    var isActive: Bool { channel?.isActive ?? false }
    /// The requests awaiting answers, oldest first.
    var inFlight: CircularBuffer<InFlight> { state.waiting }
    /// False once the connection cannot carry another request (failed, closed, `Connection: close`).
    var reusable: Bool { state.reusable }
    /// Whether another request may be written now (nothing behind a request that is not idempotent).
    var acceptsMore: Bool { state.acceptsMore }

    /// Writes `request` without flushing (or holds it until connected).
    func enqueue(
        _ request: WireRequest, idempotent: Bool, deadline: NIODeadline, done: @escaping ConnectionPool.Completion
    ) {
        switch state.enqueue(request.bytes, idempotent: idempotent, waiter: InFlight(deadline: deadline, done: done)) {
        case .write(let bytes): write(bytes)
        case .hold: break
        }
    }

    /// Writes from this handler's place in the pipeline, not from the tail.
    private func write(_ bytes: ByteBuffer) { context?.write(NIOAny(bytes), promise: nil) }

    func flush() { context?.flush() }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// The connection is up: what was held goes out in one flush.
    func connected(_ channel: any Channel) {
        self.channel = channel
        switch state.connected() {
        case .close: channel.close(promise: nil)  // it failed while connecting
        case .writeAndFlush(let held):
            for bytes in held { write(bytes) }
            flush()
        }
    }

    /// Fails every request waiting on this connection and closes it.
    func fail(_ error: WireError) {
        let failed = state.fail()
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
        while state.reusable {
            switch parser.parse(&buffer) {
            case .needMore: return
            case .invalid(let why): return fail(.invalid(why))
            case .response(let status, let type, let body, let keepAlive):
                switch state.answered(keepAlive: keepAlive, moreBuffered: buffer.readableBytes > 0) {
                case .fail(let error): return fail(error)
                case .deliver(let waiting, let settleFirst, let next):
                    if settleFirst { settled?(self) }
                    waiting.done(.success(WireResponse(status: status, contentType: type, body: body)))
                    switch next {
                    case .parseMore: continue
                    case .wait: return
                    case .fail(let error): return fail(error)
                    }
                }
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
