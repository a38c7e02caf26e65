import Foundation
import TestSupport

/// Runs the built `lucidctl` binary (next to the test bundle, or `$LUCIDCTL`) and captures its output.
enum Lucidctl {
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["LUCIDCTL"] { return URL(fileURLWithPath: path) }
        return builtExecutable("lucidctl")
    }

    static func run(_ arguments: [String], stdin: String? = nil) async throws -> ToolOutput {
        try await runToCompletion(binary, arguments, stdin: stdin)
    }

    /// Writes `text` to a fresh temporary file and returns its path.
    static func tempFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lucidctl-key-\(UUID().uuidString)")
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
