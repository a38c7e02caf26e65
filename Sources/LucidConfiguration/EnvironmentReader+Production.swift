import Foundation

extension EnvironmentReader {
    /// The production rules for secrets, shared by both processes: each of `secrets` comes from its
    /// `NAME_FILE` (a file or a systemd credential), never inline in the environment, where `ps e`,
    /// `/proc/PID/environ` and crash reports show it; each secret file (`files` lists file variables)
    /// is named by an absolute path or a credential and is readable by its owner only.
    public func productionSecretProblems(secrets: [String], files: [String]) -> [String] {
        var found: [String] = []
        for name in secrets where environment[name] != nil {
            found.append(
                "\(name): production reads secrets from \(name)_FILE (a 0600 file or credential:ID), never inline in the environment"
            )
        }
        for name in files {
            // A path that cannot be resolved was reported when it was read.
            guard let text = environment[name], case .success(let path) = resolvedPath(text) else { continue }
            if !text.hasPrefix(Self.credentialPrefix) && !text.hasPrefix("/") {
                found.append(
                    "\(name): production names secret files by an absolute path or credential:ID (\(text) is relative to the working directory, the development layout)"
                )
            }
            if let exposure = SecretFile.exposure(path) { found.append("\(name): \(exposure)") }
        }
        return found
    }
}
