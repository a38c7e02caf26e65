import NIOCore

/// One pooled connection: the last handler of its pipeline, it parses one answer at a time and
/// hands it to whoever sent the request.
final class PooledConnection: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    var channel: (any Channel)?
    var pending: ConnectionPool.Completion?
    var deadline = NIODeadline.distantFuture
    var idleSince = NIODeadline.now()
    var reusable = true
    private var parser: ResponseParser
    private var buffer = ByteBuffer()

    init(maxBytes: Int) { parser = ResponseParser(maxBytes: maxBytes) }

    var isActive: Bool { channel?.isActive ?? false }

    func fail(_ error: WireError) {
        reusable = false
        let p = pending
        pending = nil
        p?(.failure(error))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if buffer.readableBytes == 0 {
            buffer = incoming
        } else {
            buffer.writeBuffer(&incoming)
        }
        switch parser.parse(&buffer) {
        case .needMore: return
        case .invalid(let why):
            fail(.invalid(why))
            context.close(promise: nil)
        case .response(let status, let type, let body, let keepAlive):
            reusable = keepAlive && buffer.readableBytes == 0
            guard let p = pending else {
                context.close(promise: nil)  // an answer nobody asked for
                return
            }
            pending = nil
            p(.success(WireResponse(status: status, contentType: type, body: body)))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.failed("\(error)"))
        context.close(promise: nil)
    }
}
