import Foundation

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

    /// Reads `environment`, plus the `NAME=value` lines of the file named by `fileVariable` for every
    /// name the environment does not set (the environment wins). The file uses the systemd
    /// `EnvironmentFile` / `docker --env-file` shape: blank lines and `#` comments are skipped, values
    /// are taken literally (no quotes, no expansion). A missing or malformed file is a problem.
    public convenience init(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, fileVariable: String
    ) {
        var merged = environment
        var fileProblems: [String] = []
        if let path = environment[fileVariable] {
            if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) {
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                    guard let eq = trimmed.firstIndex(of: "="),
                        trimmed[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), eq != trimmed.startIndex
                    else {
                        fileProblems.append("\(fileVariable): \(path):\(number + 1): expected NAME=value")
                        continue
                    }
                    let name = String(trimmed[..<eq])
                    if merged[name] == nil { merged[name] = String(trimmed[trimmed.index(after: eq)...]) }
                }
            } else {
                fileProblems.append("\(fileVariable): cannot read \(path)")
            }
        }
        self.init(merged)
        for p in fileProblems { problem(p) }
    }

    /// Records a problem with a variable.
    public func problem(_ text: String) { problems.append(text) }

    /// The path the file variable `name` gives: a path, or `credential:ID` for the credential systemd's
    /// `LoadCredential=ID:…` placed in `$CREDENTIALS_DIRECTORY`; nil when unset (or refused, a problem).
    public func path(_ name: String) -> String? {
        guard let text = environment[name] else { return nil }
        switch resolvedPath(text) {
        case .success(let path): return path
        case .failure(let refusal):
            problem("\(name): \(refusal.message)")
            return nil
        }
    }

    /// `text` as a path: itself, or for `credential:ID` the file in `$CREDENTIALS_DIRECTORY`.
    func resolvedPath(_ text: String) -> Result<String, SecretFile.Failure> {
        guard text.hasPrefix(Self.credentialPrefix) else { return .success(text) }
        let id = text.dropFirst(Self.credentialPrefix.count)
        guard !id.isEmpty, !id.contains("/"), id != ".", id != ".." else {
            return .failure(.init(message: "credential:ID names a credential, without '/'"))
        }
        guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
            return .failure(.init(message: "\(text) needs CREDENTIALS_DIRECTORY (systemd's LoadCredential=)"))
        }
        return .success(directory + "/" + id)
    }

    /// How a file variable names a systemd credential: `LUCID_ASSERTION_KEY_FILE=credential:assertion-key`.
    public static let credentialPrefix = "credential:"

    /// The trimmed value of `name`, or of the file named by `name_FILE`.
    public func value(_ name: String) -> String? {
        if environment[name + "_FILE"] != nil {
            guard let file = path(name + "_FILE") else { return nil }
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
            else {
                problem("\(name)_FILE: cannot read \(file)")
                return nil
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return environment[name].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The value of `name` when `isValid` accepts it; a value it refuses is the problem
    /// "`name`: `requirement`" and reads as unset.
    ///
    ///     config.apiKey = reader.value("TRON_API_KEY", else: "must be printable ASCII", where: isHeaderValue)
    public func value(_ name: String, else requirement: String, where isValid: (String) -> Bool) -> String? {
        guard let v = value(name) else { return nil }
        guard isValid(v) else {
            problem("\(name): \(requirement)")
            return nil
        }
        return v
    }

    /// A secret's exact bytes from `name_FILE` or `name` — for passwords, where surrounding spaces
    /// may be part of the secret (see `SecretFile`).
    public func secretBytes(_ name: String) -> [UInt8]? {
        do {
            if environment[name + "_FILE"] != nil {
                guard let file = path(name + "_FILE") else { return nil }
                return try SecretFile.read(file)
            }
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

    /// `host:port` (a SOCKS proxy, say), or nil when unset; malformed is a problem naming `name`.
    public func hostAndPort(_ name: String) -> (host: String, port: Int)? {
        guard let text = value(name) else { return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65535).contains(port) else {
            problem("\(name): expected host:port")
            return nil
        }
        return (String(parts[0]), port)
    }

    /// A comma-separated list (empty items dropped).
    public func list(_ name: String) -> [String]? {
        value(name).map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }
}

extension EnvironmentReader {
    /// `name` (or `name_FILE`) read by `parse`: nil and a problem when it is missing and
    /// `required` describes what is expected, or when `parse` throws (its error is the problem).
    public func parsed<T>(_ name: String, required: String?, _ parse: (String) throws -> T) -> T? {
        guard let s = value(name) else {
            if let required { problem("\(name): required (\(required))") }
            return nil
        }
        do { return try parse(s) } catch {
            problem("\(name): \(error)")
            return nil
        }
    }
}
