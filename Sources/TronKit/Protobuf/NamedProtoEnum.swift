/// A proto enum with the names java-tron prints in JSON.
public protocol NamedProtoEnum: CaseIterable {
    /// The proto enum name used in java-tron JSON.
    var name: String { get }
}

extension NamedProtoEnum {
    /// Parses the proto enum name.
    public init?(name: String) {
        guard let c = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = c
    }
}
