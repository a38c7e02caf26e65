/// A protobuf message TronKit can encode canonically and decode.
public protocol ProtobufMessage: Sendable {
    /// Decodes the message; unknown fields are ignored, malformed input throws.
    init(protobuf: [UInt8]) throws(TronKitError)
    /// The canonical serialization (ascending field numbers, proto3 defaults omitted).
    var protobuf: [UInt8] { get }
}

/// A contract body that a `Transaction.Contract` can carry, e.g. `TriggerSmartContract`.
public protocol ContractPayload: ProtobufMessage, Equatable {
    /// The `ContractType` enum value that announces this payload.
    static var contractType: ContractType { get }
    /// The account that signs and pays.
    var ownerAddress: TronAddress { get }
}

extension ContractPayload {
    /// The `Any.type_url` for this payload, e.g. `type.googleapis.com/protocol.TriggerSmartContract`.
    public static var typeURL: String { "type.googleapis.com/protocol." + contractType.name }
}

/// Shared decoding helpers for payload fields.
enum ProtobufField {
    static func address(_ value: ProtobufReader.Value, _ name: String) throws(TronKitError) -> TronAddress {
        do { return try TronAddress(bytes: try value.requireBytes(name)) } catch {
            throw .invalidProtobuf("\(name): \(error.reason)")
        }
    }

    static func required<T>(_ value: T?, _ name: String) throws(TronKitError) -> T {
        guard let value else { throw .invalidProtobuf("missing \(name)") }
        return value
    }
}
