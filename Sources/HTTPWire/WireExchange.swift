import NIOCore

/// One request's outcome from `ConnectionPool.sendAll`, with the time from its send to its answer.
public struct WireExchange: Sendable {
    public var result: Result<WireResponse, WireError>
    public var elapsed: TimeAmount
}
