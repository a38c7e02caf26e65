import Foundation

/// Reads `.acl` files into one document and compiles it.
public enum PolicyLoader {
    /// Parses every file (in order) and merges them.
    public static func document(files: [String]) throws(PolicyError) -> PolicyDocument {
        var doc = PolicyDocument()
        for path in files {
            guard let data = FileManager.default.contents(atPath: path), data.count <= 4 * 1024 * 1024 else {
                throw .badRequest("cannot read \(path) (missing, unreadable or over 4 MiB)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw .syntax(file: path, line: 1, column: 1, message: "not UTF-8")
            }
            doc.merge(try PolicyParser.parse(text, file: (path as NSString).lastPathComponent))
        }
        return doc
    }

    /// Parses, validates and compiles; validation errors throw.
    public static func load(files: [String], strict: Bool = false) throws(PolicyError) -> CompiledPolicy {
        let doc = try document(files: files)
        let errors = PolicyValidator.validate(doc, strict: strict).filter { $0.severity == .error }
        guard errors.isEmpty else { throw .invalid(errors) }
        return try CompiledPolicy(doc, strict: strict)
    }
}
