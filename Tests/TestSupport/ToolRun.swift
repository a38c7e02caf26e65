import Foundation

/// What a child process left behind when it exited: its status and everything it wrote.
public struct ToolOutput: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs `executable` to completion and returns its output, awaiting the exit through the process's
/// termination handler. Never a blocking `waitUntilExit()` or pipe read: the test process shares a
/// few Swift concurrency threads (two on a 2-core CI box) with every in-process devnet and server,
/// and a blocked thread stalls their blocks and replies for as long as the child runs.
///
/// Output goes to temporary files, so a chatty child never fills a pipe; without `stdin` the child
/// reads an empty input.
///
///     let r = try await runToCompletion(URL(fileURLWithPath: "/usr/bin/env"), ["tor", "--version"])
public func runToCompletion(
    _ executable: URL, _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil
) async throws -> ToolOutput {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let outURL = dir.appendingPathComponent("out")
    let errURL = dir.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    defer {
        try? out.close()
        try? err.close()
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardOutput = out
    process.standardError = err
    if let stdin {
        let inURL = dir.appendingPathComponent("in")
        try Data(stdin.utf8).write(to: inURL)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do { try process.run() } catch {
            process.terminationHandler = nil
            continuation.resume(throwing: error)
        }
    }
    return ToolOutput(
        status: status, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// A helper tool exited with an error.
public struct ToolFailure: Error, CustomStringConvertible {
    public let tool: String
    public let output: String
    public var description: String { "\(tool) failed: \(output)" }
}
