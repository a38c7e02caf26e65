/// A set of HTTP methods as bits, so a rule's method check is one AND.
public struct HTTPMethodSet: Sendable, Equatable {
    public let bits: UInt32

    public static let any = HTTPMethodSet(bits: .max)
    static let known = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"]

    init(bits: UInt32) { self.bits = bits }

    public init(_ methods: [String]) { bits = methods.reduce(0) { $0 | Self.bit($1) } }

    /// The bit of one method (upper-case); every unknown method shares one bit.
    public static func bit(_ method: String) -> UInt32 {
        switch method {
        case "GET": 1
        case "HEAD": 2
        case "POST": 4
        case "PUT": 8
        case "PATCH": 16
        case "DELETE": 32
        case "OPTIONS": 64
        case "CONNECT": 128
        case "TRACE": 256
        default: 1 << 31
        }
    }

    public func contains(_ bit: UInt32) -> Bool { bits & bit != 0 }
    public func isSuperset(of other: HTTPMethodSet) -> Bool { bits & other.bits == other.bits }
}
