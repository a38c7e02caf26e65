import NIOCore

/// A response, fully buffered.
public struct WireResponse: Sendable {
    public var status: Int
    public var contentType: String?
    public var body: ByteBuffer
}
