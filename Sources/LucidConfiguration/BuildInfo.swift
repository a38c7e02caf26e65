import CLucidBuild
import Foundation

/// The version and git commit this binary was built from (`make release` sets both; a development
/// build says `development (commit unknown)`). Every executable prints it for `--version`.
///
///     BuildInfo.line("lucid-wallet")   // "lucid-wallet 0.4.0 (commit 1a2b3c4d5e6f)"
public enum BuildInfo {
    public static var version: String { String(cString: lucid_build_version()) }
    public static var commit: String { String(cString: lucid_build_commit()) }

    /// `program version (commit …)`.
    public static func line(_ program: String) -> String { "\(program) \(version) (commit \(commit))" }

    /// For the executables without an argument parser: prints the line and exits when the only
    /// argument is `--version`.
    public static func answerVersionFlag(_ program: String, arguments: [String]) {
        guard arguments.dropFirst() == ["--version"] else { return }
        print(line(program))
        exit(0)
    }
}
