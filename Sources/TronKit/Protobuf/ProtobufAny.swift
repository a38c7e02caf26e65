/// `google.protobuf.Any`: a type URL and the serialized message it names.
public struct ProtobufAny: ProtobufMessage, Equatable {
    public var typeURL: String
    public var value: [UInt8]

    public init(typeURL: String, value: [UInt8]) {
        self.typeURL = typeURL
        self.value = value
    }

    public init(protobuf: [UInt8]) throws(TronKitError) {
        var url = ""
        var value = [UInt8]()
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            switch field {
            case 1:
                let b = try v.requireBytes("Any.type_url")
                guard let s = String(validating: b, as: UTF8.self) else {
                    throw .invalidProtobuf("Any.type_url is not UTF-8")
                }
                url = s
            case 2: value = try v.requireBytes("Any.value")
            default: break
            }
        }
        self.init(typeURL: url, value: value)
    }

    public var protobuf: [UInt8] {
        var w = ProtobufWriter()
        w.string(1, typeURL)
        w.bytes(2, value)
        return w.bytes
    }
}
