import Foundation
import LucidAssertion

/// Reads start-up settings from environment variables and collects every problem, each naming its
/// variable, so a misconfigured process can say everything wrong at once. A secret `NAME` may come
/// from the file named by `NAME_FILE` instead (Docker and systemd secrets).
///
/// ```swift
/// let env = EnvironmentReader()
/// let port = env.int("LUCID_GATEWAY_PORT", 8080, 0...65535)
/// guard env.problems.isEmpty else { throw … }
/// ```
public final class EnvironmentReader {
    public let environment: [String: String]
    public private(set) var problems: [String] = []

    public init(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Records a problem with a variable.
    public func problem(_ text: String) { problems.append(text) }

    /// The trimmed value of `name`, or of the file named by `name_FILE`.
    public func value(_ name: String) -> String? {
        if let file = environment[name + "_FILE"] {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
            else {
                problem("\(name)_FILE: cannot read \(file)")
                return nil
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return environment[name].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// A secret's exact bytes from `name_FILE` or `name` — for passwords, where surrounding spaces
    /// may be part of the secret (see `SecretFile`).
    public func secretBytes(_ name: String) -> [UInt8]? {
        do {
            if let file = environment[name + "_FILE"] { return try SecretFile.read(file) }
            guard let text = environment[name] else { return nil }
            return try SecretFile.trimmed(Array(text.utf8), what: name)
        } catch {
            problem("\(name): \(error.message)")
            return nil
        }
    }

    /// An integer in `range`, or `fallback` when unset (a bad value is a problem).
    public func int(_ name: String, _ fallback: Int, _ range: ClosedRange<Int>) -> Int {
        guard let s = value(name) else { return fallback }
        guard let v = Int(s), range.contains(v) else {
            problem("\(name): an integer in \(range.lowerBound)...\(range.upperBound)")
            return fallback
        }
        return v
    }

    /// A comma-separated list (empty items dropped).
    public func list(_ name: String) -> [String]? {
        value(name).map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }
}

extension EnvironmentReader {
    /// An assertion key `kid:hex-secret` from `name` (or `name_FILE`).
    public func assertionKey(_ name: String, required: Bool) -> AssertionKey? {
        guard let s = value(name) else {
            if required { problem("\(name): required (kid:hex-secret, at least 32 bytes)") }
            return nil
        }
        do { return try AssertionKey(parsing: s) } catch {
            problem("\(name): \(error.description)")
            return nil
        }
    }
}
