/// Reads protobuf wire format field by field; unknown fields are skipped, malformed input throws.
public struct ProtobufReader: Sendable {
    /// One decoded field.
    public enum Value: Sendable {
        case varint(UInt64)
        case fixed64(UInt64)
        case bytes([UInt8])
        case fixed32(UInt32)

        /// The value as int64 (varint two's complement), or nil for another wire type.
        public var int64: Int64? {
            if case .varint(let v) = self { return Int64(bitPattern: v) }
            return nil
        }

        /// The value as bytes, or nil for another wire type.
        public var data: [UInt8]? {
            if case .bytes(let b) = self { return b }
            return nil
        }
    }

    private let buffer: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { buffer = bytes }

    private mutating func readVarint() throws(TronKitError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < buffer.count else { throw .invalidProtobuf("truncated varint at offset \(offset)") }
            let b = buffer[offset]
            offset += 1
            guard shift < 64 else { throw .invalidProtobuf("varint longer than 10 bytes") }
            if shift == 63 && b > 1 { throw .invalidProtobuf("varint overflows 64 bits") }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private mutating func take(_ n: Int) throws(TronKitError) -> [UInt8] {
        guard n >= 0, n <= buffer.count - offset else {
            throw .invalidProtobuf("field of \(n) bytes runs past the end at offset \(offset)")
        }
        defer { offset += n }
        return Array(buffer[offset..<(offset + n)])
    }

    /// The next (field number, value), or nil at the end.
    public mutating func next() throws(TronKitError) -> (field: Int, value: Value)? {
        guard offset < buffer.count else { return nil }
        let key = try readVarint()
        let field = Int(truncatingIfNeeded: key >> 3)
        guard field > 0, field < 1 << 29 else { throw .invalidProtobuf("invalid field number \(key >> 3)") }
        switch key & 7 {
        case 0: return (field, .varint(try readVarint()))
        case 1:
            let b = try take(8)
            return (field, .fixed64(b.reversed().reduce(0) { $0 << 8 | UInt64($1) }))
        case 2:
            let len = try readVarint()
            guard len <= UInt64(Int32.max) else { throw .invalidProtobuf("length \(len) too large") }
            return (field, .bytes(try take(Int(len))))
        case 5:
            let b = try take(4)
            return (field, .fixed32(b.reversed().reduce(0) { $0 << 8 | UInt32($1) }))
        default:
            throw .invalidProtobuf("unsupported wire type \(key & 7) for field \(field)")
        }
    }

    /// Calls `body` for every field; a wire type that does not fit the field is the caller's to reject.
    public static func forEachField(
        _ bytes: [UInt8], _ body: (Int, Value) throws(TronKitError) -> Void
    ) throws(TronKitError) {
        var reader = ProtobufReader(bytes)
        while let (field, value) = try reader.next() { try body(field, value) }
    }
}

extension ProtobufReader.Value {
    /// The int64 value or a clear error naming the field.
    func requireInt64(_ name: String) throws(TronKitError) -> Int64 {
        guard let v = int64 else { throw .invalidProtobuf("\(name): expected a varint") }
        return v
    }

    /// The bytes value or a clear error naming the field.
    func requireBytes(_ name: String) throws(TronKitError) -> [UInt8] {
        guard let v = data else { throw .invalidProtobuf("\(name): expected length-delimited bytes") }
        return v
    }
}
