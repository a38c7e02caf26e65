import Foundation

/// Debian's real microsocks SOCKS5 server on a free loopback port, logging to a file: it writes one
/// `connected to HOST:PORT` line per proxied connection, naming the destination as the client sent
/// it (a name when the proxy resolved it). Stop it with `stop()`.
public final class Microsocks: Sendable {
    public let port: Int
    public let logURL: URL
    private let process: Process
    private let log: FileHandle

    public init() throws {
        port = try freePort()
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("microsocks-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        log = try FileHandle(forWritingTo: logURL)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/microsocks")
        process.arguments = ["-i", "127.0.0.1", "-p", String(port)]
        process.standardError = log
        process.standardOutput = log
        try process.run()
    }

    /// What microsocks has logged so far.
    public var logText: String { String(decoding: (try? Data(contentsOf: logURL)) ?? Data(), as: UTF8.self) }

    public func stop() {
        // SIGKILL: the test runner ignores SIGTERM and children inherit that disposition.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? log.close()
        try? FileManager.default.removeItem(at: logURL)
    }
}
