/// Typed reads of an object's members for the report models, with errors that name the member:
/// `required…` fails when the member is absent, `null` or of another type; `optional…` accepts
/// absent or `null` as nil.
extension JSONValue {
    /// The member named `key`, present and not `null`.
    public func requiredMember(_ key: String) throws(JSONError) -> JSONValue {
        guard let v = self[key], !v.isNull else { throw .unexpected("\(key) is missing") }
        return v
    }

    public func requiredString(_ key: String) throws(JSONError) -> String {
        guard let s = try requiredMember(key).string else { throw .unexpected("\(key) must be a string") }
        return s
    }

    public func optionalString(_ key: String) throws(JSONError) -> String? {
        guard let v = self[key], !v.isNull else { return nil }
        guard let s = v.string else { throw .unexpected("\(key) must be a string or null") }
        return s
    }

    /// A number literal without fraction or exponent that fits Int64 (a digit string is not one).
    public var integer: Int64? { numberText.flatMap { Int64($0) } }

    /// An integer member.
    public func requiredInt(_ key: String) throws(JSONError) -> Int64 {
        guard let n = try requiredMember(key).integer else {
            throw .unexpected("\(key) must be an integer")
        }
        return n
    }

    public func optionalInt(_ key: String) throws(JSONError) -> Int64? {
        guard let v = self[key], !v.isNull else { return nil }
        guard let n = v.integer else {
            throw .unexpected("\(key) must be an integer or null")
        }
        return n
    }

    public func requiredBool(_ key: String) throws(JSONError) -> Bool {
        guard let b = try requiredMember(key).bool else { throw .unexpected("\(key) must be true or false") }
        return b
    }

    /// An object member's members, in order.
    public func requiredObject(_ key: String) throws(JSONError) -> [(String, JSONValue)] {
        guard let o = try requiredMember(key).object else { throw .unexpected("\(key) must be an object") }
        return o
    }

    public func requiredArray(_ key: String) throws(JSONError) -> [JSONValue] {
        guard let a = try requiredMember(key).array else { throw .unexpected("\(key) must be an array") }
        return a
    }

    /// An optional string as JSON (`null` when nil).
    public static func nullable(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    /// An optional integer as JSON (`null` when nil).
    public static func nullable(_ v: Int64?) -> JSONValue { v.map { .number(String($0)) } ?? .null }
}
