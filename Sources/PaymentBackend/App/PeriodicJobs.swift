import Logging
import ServiceLifecycle

/// Background jobs of the wallet plane that are not payouts — the KYC expiry sweep, reconciliation,
/// webhook delivery — each run at its own interval until graceful shutdown. A failing job is
/// logged and tried again at its next turn; it never stops the others.
public struct PeriodicJobs: Service {
    /// One job: a name for logs, how often, and the work.
    public struct Job: Sendable {
        public var name: String
        public var interval: Duration
        public var run: @Sendable () async throws -> Void

        public init(name: String, interval: Duration, run: @escaping @Sendable () async throws -> Void) {
            self.name = name
            self.interval = interval
            self.run = run
        }
    }

    let jobs: [Job]
    let logger: Logger

    public init(_ jobs: [Job], logger: Logger) {
        self.jobs = jobs
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for job in jobs {
                    group.addTask { await repeatUntilCancelled(job.name, every: job.interval, logger: logger, job.run) }
                }
            }
        }
    }
}

/// Runs `body`, then waits `interval`, until the task is cancelled; a failure is logged as
/// "`name` failed" and the next turn comes as usual. `body` runs in the caller's isolation.
func repeatUntilCancelled(
    _ name: String, every interval: Duration, logger: Logger, isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws -> Void
) async {
    while !Task.isCancelled {
        do { try await body() } catch {
            logger.warning("\(name) failed", metadata: ["error": "\(error)"])
        }
        try? await Task.sleep(for: interval)
    }
}
