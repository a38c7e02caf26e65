import NIOCore

/// Who is on the other end of a connection: the peer address, or — behind tor with
/// `HiddenServiceExportCircuitID haproxy` — the onion circuit, which is the only per-client
/// identity an onion service has (every onion connection comes from loopback).
public struct ClientInfo: Sendable, Equatable {
    /// `circuit:<id>` behind tor, otherwise the peer IP.
    public var key: String
    /// The listener the connection came in on.
    public var door: Door
    /// The rate-limit principal of anonymous requests from this client.
    var rateKey: String { "anon|" + key }

    public init(key: String, door: Door = .general) {
        self.key = key
        self.door = door
    }
}

/// Reads a PROXY protocol header (v1 text or v2 binary, as tor and HAProxy send it) at the start of
/// a connection, announces the client with a `ClientInfo` user event, and removes itself. Installed
/// only on the listener configured for it; a connection there without a valid header is closed.
final class ProxyProtocolHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var buffer = ByteBuffer()
    private static let v2Signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]
    /// Tor encodes the circuit id in the low 32 bits of this IPv6 prefix.
    private static let torPrefix = "fc00:dead:beef:4dad::"

    enum Outcome: Equatable {
        case needMore
        case invalid
        case done(ClientInfo?, consumed: Int)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        switch Self.parse(buffer.readableBytesView) {
        case .needMore:
            if buffer.readableBytes > 1024 { context.close(promise: nil) }
        case .invalid:
            context.close(promise: nil)
        case .done(let client, let consumed):
            buffer.moveReaderIndex(forwardBy: consumed)
            if let client { context.fireUserInboundEventTriggered(client) }
            let rest = buffer
            buffer = ByteBuffer()
            if rest.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(rest)) }
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    /// Parses a header at the start of `bytes`.
    static func parse(_ bytes: ByteBufferView) -> Outcome {
        let b = Array(bytes.prefix(1024))
        if b.count >= 1, b[0] == 0x0D {
            guard b.count >= 16 else { return b.elementsEqual(v2Signature.prefix(b.count)) ? .needMore : .invalid }
            guard Array(b[0..<12]) == v2Signature, b[12] >> 4 == 2 else { return .invalid }
            let length = Int(b[14]) << 8 | Int(b[15])
            guard length <= 1000 else { return .invalid }
            guard b.count >= 16 + length else { return .needMore }
            let command = b[12] & 0x0F
            guard command <= 1 else { return .invalid }
            if command == 0 { return .done(nil, consumed: 16 + length) }  // LOCAL: health checks
            let payload = Array(b[16..<(16 + length)])
            switch b[13] {
            case 0x11, 0x12:
                guard payload.count >= 12 else { return .invalid }
                return .done(
                    ClientInfo(key: payload[0..<4].map(String.init).joined(separator: ".")), consumed: 16 + length)
            case 0x21, 0x22:
                guard payload.count >= 36 else { return .invalid }
                return .done(ClientInfo(key: ipv6Key(Array(payload[0..<16]))), consumed: 16 + length)
            default:
                return .done(nil, consumed: 16 + length)
            }
        }
        let prefix = Array("PROXY ".utf8)
        guard b.count >= 6 else { return b.elementsEqual(prefix.prefix(b.count)) ? .needMore : .invalid }
        guard Array(b[0..<6]) == prefix else { return .invalid }
        guard let lf = b.firstIndex(of: 0x0A) else { return b.count > 107 ? .invalid : .needMore }
        guard lf <= 107, lf >= 1, b[lf - 1] == 0x0D else { return .invalid }
        guard let line = String(validating: b[6..<(lf - 1)], as: UTF8.self) else { return .invalid }
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        if fields.first == "UNKNOWN" { return .done(nil, consumed: lf + 1) }
        guard fields.count == 5, fields[0] == "TCP4" || fields[0] == "TCP6",
            let sport = Int(fields[3]), (0...65535).contains(sport), let dport = Int(fields[4]),
            (0...65535).contains(dport),
            fields[1].allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }), !fields[1].isEmpty
        else { return .invalid }
        let source = fields[1].lowercased()
        if source.hasPrefix(torPrefix) {
            let groups = source.dropFirst(torPrefix.count).split(separator: ":")
            guard groups.count == 2, let hi = UInt32(groups[0], radix: 16), let lo = UInt32(groups[1], radix: 16),
                hi <= 0xFFFF, lo <= 0xFFFF
            else { return .invalid }
            return .done(ClientInfo(key: "circuit:\(hi << 16 | lo)"), consumed: lf + 1)
        }
        return .done(ClientInfo(key: source), consumed: lf + 1)
    }

    private static func ipv6Key(_ a: [UInt8]) -> String {
        // fc00:dead:beef:4dad:0:0:XXXX:XXXX is tor's circuit encoding in v2 too.
        if a[0..<8] == [0xfc, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x4d, 0xad][...], a[8..<12].allSatisfy({ $0 == 0 }) {
            let id = UInt32(a[12]) << 24 | UInt32(a[13]) << 16 | UInt32(a[14]) << 8 | UInt32(a[15])
            return "circuit:\(id)"
        }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(a[$0]) << 8 | UInt16(a[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}
