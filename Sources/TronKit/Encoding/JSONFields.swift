import LucidJSON

/// Typed reads of protobuf-JSON members with errors that name the member: absent or `null` means
/// the proto3 default, a wrong type is an error.
extension JSONValue {
    /// An int64 member (number or digit string); 0 when absent.
    public func int64Field(_ key: String) throws(TronKitError) -> Int64 {
        guard let v = self[key], !v.isNull else { return 0 }
        guard let n = v.int64 else { throw .invalidJSON("\(key) must be an integer that fits int64") }
        return n
    }

    /// A hex bytes member; empty when absent.
    public func hexField(_ key: String) throws(TronKitError) -> [UInt8] {
        guard let v = self[key], !v.isNull else { return [] }
        guard let s = v.string else { throw .invalidJSON("\(key) must be a hex string") }
        do { return try Hex.decode(s) } catch { throw .invalidJSON("\(key): \(error.reason)") }
    }

    /// A string member; nil when absent.
    public func stringField(_ key: String) throws(TronKitError) -> String? {
        guard let v = self[key], !v.isNull else { return nil }
        guard let s = v.string else { throw .invalidJSON("\(key) must be a string") }
        return s
    }

    /// An address member in either form (`41…` hex or `T…`); nil when absent.
    public func addressField(_ key: String) throws(TronKitError) -> TronAddress? {
        guard let s = try stringField(key), !s.isEmpty else { return nil }
        do { return try TronAddress(s) } catch { throw .invalidJSON("\(key): \(error.reason)") }
    }

    /// A required address member.
    public func requiredAddress(_ key: String) throws(TronKitError) -> TronAddress {
        guard let a = try addressField(key) else { throw .invalidJSON("\(key) is missing") }
        return a
    }

    /// An array member; empty when absent.
    public func arrayField(_ key: String) throws(TronKitError) -> [JSONValue] {
        guard let v = self[key], !v.isNull else { return [] }
        guard let a = v.array else { throw .invalidJSON("\(key) must be an array") }
        return a
    }

    /// An array of hex strings; empty when absent.
    public func hexListField(_ key: String) throws(TronKitError) -> [[UInt8]] {
        var out: [[UInt8]] = []
        for v in try arrayField(key) {
            guard let s = v.string else { throw .invalidJSON("\(key) must hold hex strings") }
            do throws(TronKitError) { out.append(try Hex.decode(s)) } catch {
                throw .invalidJSON("\(key): \(error.reason)")
            }
        }
        return out
    }

    /// A message field that java-tron prints as hex (visible=false) or UTF-8 text (visible=true).
    public func messageField(_ key: String) -> String? {
        guard let s = self[key]?.string, !s.isEmpty else { return nil }
        if let b = try? Hex.decode(s), let text = String(validating: b, as: UTF8.self) { return text }
        return s
    }
}

extension Array where Element == (String, JSONValue) {
    /// Appends an int64 member unless it is 0 (java-tron omits defaults).
    public mutating func appendNonZero(_ key: String, _ value: Int64) {
        if value != 0 { append((key, .int(value))) }
    }
}
