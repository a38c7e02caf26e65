import ArgumentParser
import Foundation
import Gateway
import LucidConfiguration
import LucidJSON
import PaymentBackend

/// `lucidctl config …`: the processes' own start-up validation, offline, for operators before a
/// deploy.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check a process's configuration before a deploy.",
        subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate the gateway's or the wallet's configuration as the process would at start.",
            discussion: """
                Reads this environment and, with --env-file, a NAME=value file (the systemd EnvironmentFile
                shape; the environment wins). Runs the same checks the process runs before it starts,
                reading the files the variables name (keys, keystore with its password, spec, policies).
                Prints {"process", "valid", "problems"}; exits 1 when there are problems. No secret's value
                is printed.
                """)
        @Flag(help: "Check lucid-gateway's configuration.") var gateway = false
        @Flag(help: "Check lucid-wallet's configuration.") var wallet = false
        @Option(help: "A NAME=value file read under the environment.") var envFile: String?

        func run() throws {
            guard gateway != wallet else { throw LucidctlError("give exactly one of --gateway and --wallet") }
            var env = ProcessInfo.processInfo.environment
            if let envFile {
                let fileVariable = "LUCIDCTL_CONFIG_CHECK_FILE"
                let reader = EnvironmentReader(
                    env.merging([fileVariable: envFile]) { _, new in new }, fileVariable: fileVariable)
                guard reader.problems.isEmpty else {
                    throw LucidctlError(
                        reader.problems.joined(separator: "; ").replacingOccurrences(
                            of: fileVariable, with: "--env-file"))
                }
                env = reader.environment
                env[fileVariable] = nil
            }
            let problems: [String]
            if wallet {
                problems = WalletConfiguration.problems(in: env)
            } else {
                do {
                    _ = try GatewayConfiguration.fromEnvironment(env)
                    problems = []
                } catch let e as GatewayConfiguration.Invalid {
                    problems = e.problems
                } catch {
                    problems = ["\(error)"]
                }
            }
            let report = JSONValue.object([
                ("process", .string(wallet ? "lucid-wallet" : "lucid-gateway")), ("valid", .bool(problems.isEmpty)),
                ("problems", .array(problems.map { .string($0) })),
            ])
            print(report.serialized)
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}
