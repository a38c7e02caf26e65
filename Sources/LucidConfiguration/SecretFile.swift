import Foundation

/// Reads a secret (a password) from a file the way Docker and systemd secrets are written: one
/// trailing newline (LF or CRLF) is dropped and every other byte is part of the secret. Errors name
/// the file, never its content.
///
/// ```swift
/// let password = try SecretFile.read("/run/secrets/keystore-password")
/// ```
public enum SecretFile {
    /// Why a secret could not be read.
    public struct Failure: Error, Sendable { public let message: String }

    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(message: "cannot read \(path)")
        }
        guard data.count <= 64 * 1024 else { throw Failure(message: "\(path) is larger than 64 KiB") }
        return try trimmed(Array(data), what: path)
    }

    /// Creates `path` with mode exactly 0600 whatever the umask, refusing one that exists (a secret
    /// is never overwritten), and writes `contents`.
    public static func create(_ path: String, contents: [UInt8]) throws(Failure) {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw Failure(message: errno == EEXIST ? "\(path) exists" : "cannot create \(path)")
        }
        defer { close(fd) }
        fchmod(fd, 0o600)  // the umask may have taken bits away, never added: this is exact
        var written = 0
        while written < contents.count {
            let n = contents[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure(message: "cannot write \(path)") }
            written += n
        }
    }

    /// Why the file at `path` is unfit to hold a secret — not a regular file, or open to group or
    /// others (any of the mode bits 0077) — or nil when only its owner may read it.
    public static func exposure(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return "cannot read \(path)" }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return "\(path) is not a regular file" }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            return "\(path) has mode 0\(String(mode, radix: 8)): a secret is readable by its owner only (0600 or 0400)"
        }
        return nil
    }

    /// Drops one trailing newline; an empty secret is refused.
    public static func trimmed(_ bytes: [UInt8], what: String) throws(Failure) -> [UInt8] {
        var bytes = bytes
        if bytes.last == 0x0A { bytes.removeLast() }
        if bytes.last == 0x0D { bytes.removeLast() }
        guard !bytes.isEmpty else { throw Failure(message: "\(what) is empty") }
        return bytes
    }
}
