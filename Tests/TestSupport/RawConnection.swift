import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A client connection held open on purpose (a slow or idle client): it sends some bytes, then
/// reports, without blocking, what the server sent and whether it closed the connection.
public final class RawConnection: @unchecked Sendable {
    private let fd: Int32
    private var received: [UInt8] = []
    private var ended = false

    /// Connects to 127.0.0.1:`port` and sends `bytes`.
    public init(port: Int, sending bytes: [UInt8]) throws {
        fd = try connectAndSend(port: port, bytes, timeoutSeconds: 5)
    }

    deinit { close(fd) }

    /// Reads whatever has arrived; true once the server has closed its side (EOF or reset).
    public func closedByServer() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !ended {
            let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if n > 0 {
                received += buffer[0..<n]
            } else if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                ended = true
            } else {
                break
            }
        }
        return ended
    }

    /// Everything the server sent so far, as text.
    public var text: String { String(decoding: received, as: UTF8.self) }
}
