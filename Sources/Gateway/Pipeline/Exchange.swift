import NIOCore

extension GatewayCore {
    /// What the handler knows about one request when it is complete. A class, so that the closures
    /// along the request's path share it rather than copy its head.
    final class Exchange: Sendable {
        let head: RequestHead
        let body: ByteBuffer?
        let client: ClientInfo
        let started: NIODeadline

        init(head: RequestHead, body: ByteBuffer?, client: ClientInfo, started: NIODeadline) {
            self.head = head
            self.body = body
            self.client = client
            self.started = started
        }
    }
}
