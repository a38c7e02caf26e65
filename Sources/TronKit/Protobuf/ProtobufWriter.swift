/// Writes protobuf wire format in canonical form: callers emit fields in ascending field number and
/// the `optional` helpers omit proto3 default values (0, empty bytes), exactly as java-tron does.
///
/// Written by hand because the TRON subset is small and swift-protobuf's plugin build is slow.
public struct ProtobufWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func tag(_ field: Int, _ wireType: UInt8) { varint(UInt64(field) << 3 | UInt64(wireType)) }

    /// An int64/int32/enum/bool field as a varint (negatives take ten bytes, as protobuf requires); 0 is omitted.
    public mutating func int64(_ field: Int, _ value: Int64) {
        guard value != 0 else { return }
        tag(field, 0)
        varint(UInt64(bitPattern: value))
    }

    /// A bool field; `false` is omitted.
    public mutating func bool(_ field: Int, _ value: Bool) { int64(field, value ? 1 : 0) }

    /// A bytes field; empty is omitted.
    public mutating func bytes(_ field: Int, _ value: [UInt8]) {
        guard !value.isEmpty else { return }
        tag(field, 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A repeated bytes element or an embedded message: always written, even when empty.
    public mutating func element(_ field: Int, _ value: [UInt8]) {
        tag(field, 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A string field; empty is omitted.
    public mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }
}
