import Foundation

/// Reads and writes a private key as 64 hex digits in a file (mode 0600), or from standard input
/// when the path is `-`.
public enum PrivateKeyFile {
    /// Reads a key; errors never include the file's content.
    public static func read(_ path: String) throws(TronKitError) -> PrivateKey {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: path) else {
                throw .invalidPrivateKey("cannot read key file \(path)")
            }
            data = d
        }
        guard data.count <= 1024, let text = String(data: data, encoding: .utf8) else {
            throw .invalidPrivateKey("key file \(path == "-" ? "(stdin)" : path) does not hold 64 hex digits")
        }
        return try PrivateKey(hex: text)
    }

    /// Writes a key as hex with owner-only permissions, replacing any existing file.
    public static func write(_ key: PrivateKey, to path: String) throws(TronKitError) {
        let hex = key.withUnsafeSecretBytes { Hex.encode($0) } + "\n"
        let fm = FileManager.default
        try? fm.removeItem(atPath: path)
        guard fm.createFile(atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw .invalidPrivateKey("cannot write key file \(path)")
        }
    }
}
