import Foundation

/// Writes each file with its exact mode (a secret's 0600, an open 0644): the production profiles'
/// tests need both kinds.
public func writeFiles(_ files: [(path: String, contents: Data, mode: Int)]) throws {
    for f in files {
        try f.contents.write(to: URL(fileURLWithPath: f.path))
        try FileManager.default.setAttributes([.posixPermissions: f.mode], ofItemAtPath: f.path)
    }
}
