import Foundation
import Hummingbird
import Logging
import LucidAssertion
import Policy
import ServiceLifecycle
import TronKit

/// Assembles the wallet process: store, node client, engine loop and HTTP API, run together until
/// SIGTERM/SIGINT, then shut down gracefully.
public enum WalletApp {
    /// Runs until a shutdown signal. `onReady` receives the bound port.
    public static func run(_ config: WalletConfiguration, logger: Logger, onReady: @escaping @Sendable (Int) -> Void)
        async throws
    {
        for repaired in try DataFiles.secure(databasePath: config.databasePath, strict: config.profile == .production) {
            logger.warning("ledger file mode tightened", metadata: ["file": "\(repaired)"])
        }
        let lock = try LedgerLock(databasePath: config.databasePath)
        defer { withExtendedLifetime(lock) {} }
        let store = try SQLitePayoutStore(path: config.databasePath)
        let node = FullNodeClient(configuration: config.node)
        let clock = SystemWalletClock()
        let metrics = WalletMetrics.prometheus()
        let engine = PayoutEngine(
            store: store, node: node, hotKey: config.hotKey, configuration: config.engine, clock: clock, logger: logger,
            metrics: metrics)
        // The node must be on TRON_NETWORK; unreachable now, it is checked before anything is signed.
        do {
            if let mismatch = try await engine.networkMismatch() {
                throw WalletError.configuration("TRON_NETWORK: \(mismatch)")
            }
        } catch let e as WalletError {
            throw e
        } catch {
            logger.warning(
                "the node's network could not be checked at start-up; it is checked before signing",
                metadata: ["error": "\(error)"])
        }
        let verifier = await AssertionVerifier(keys: config.assertionKeys)
        let holder: PolicyHolder
        do { holder = PolicyHolder(try PolicyLoader.load(files: config.policyFiles, strict: true)) } catch {
            throw WalletError.configuration("LUCID_POLICY_FILES: \(error.description)")
        }
        // SIGHUP reloads the policy: validated first; on error the last good policy stays.
        signal(SIGHUP, SIG_IGN)
        let reload = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        reload.setEventHandler {
            if let error = holder.reload(files: config.policyFiles, strict: true) {
                logger.error(
                    "policy reload refused; keeping the last good policy", metadata: ["error": "\(error.description)"])
            } else {
                logger.notice("policy reloaded", metadata: ["files": "\(config.policyFiles.joined(separator: ","))"])
            }
        }
        reload.resume()
        defer { reload.cancel() }
        var hooks = config.webhooks
        hooks.socksProxy = config.node.socksProxy
        let deliverer = WebhookDeliverer(
            store: store, clock: clock, configuration: hooks, logger: logger, metrics: metrics)
        let reconciler = Reconciler(
            store: store, node: node, addresses: Set([config.hotKey.address] + config.engine.retiredAddresses),
            contract: config.engine.usdtContract,
            configuration: config.reconciliation, clock: clock, logger: logger)
        let routes = WalletRoutes(
            service: PayoutService(store: store, limits: config.engine.limits, clock: clock), engine: engine,
            verifier: verifier, node: node, logger: logger, metrics: metrics, policy: holder,
            network: config.network.rawValue, requireTLSWebhooks: config.profile == .production,
            webhooksViaSocks: config.node.socksProxy != nil, reconciler: reconciler, stakingLimits: config.staking)
        let app = Application(
            router: routes.router(),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: nil),
            services: [
                EngineService(engine: engine),
                PeriodicJobs(
                    [
                        .init(name: "kyc expiry sweep", interval: config.kycSweepInterval) {
                            metrics.kycExpired(try await KYCSweeper(store: store, clock: clock, logger: logger).sweep())
                        },
                        .init(name: "reconciliation", interval: config.reconciliationInterval) {
                            // After a restore the engine's recovery scans first (`recoverAfterRestore`).
                            guard await engine.recovered else { return }
                            let report = try await reconciler.catchUp()
                            metrics.reconciliation(report)
                            if !report.isClean { logger.error("\(report.statement)") }
                        },
                        .init(name: "wallet gauges", interval: .seconds(60)) {
                            metrics.wallet(
                                try await HotWalletSnapshot.take(
                                    address: config.hotKey.address, contract: config.engine.usdtContract, node: node,
                                    store: store, now: clock.nowMs()))
                            let (plan, account) = try await routes.staking.currentPlan()
                            metrics.staking(plan, account: account)
                        },
                        .init(name: "auto-staking", interval: config.autoStakeInterval) {
                            guard await engine.recovered else { return }
                            try await AutoStaker(
                                cap: config.autoStakeCapTRX, reserve: config.autoStakeReserveTRX,
                                staking: routes.staking, logger: logger
                            ).runOnce()
                        },
                        .init(name: "webhook delivery", interval: config.webhookPollInterval) {
                            try await deliverer.deliverDue()
                        },
                    ], logger: logger),
            ],
            onServerRunning: { channel in onReady(channel.localAddress?.port ?? config.port) }, logger: logger)
        logger.info(
            "lucid-wallet starting",
            metadata: [
                "hot_address": "\(config.hotKey.address.base58)", "node": "\(config.node)",
                "db": "\(config.databasePath)",
            ])
        try await app.runService()
        try await deliverer.shutdown()
        try await node.shutdown()
    }
}

/// The engine loop as a lifecycle service: stops at graceful shutdown, between passes.
struct EngineService: Service {
    let engine: PayoutEngine

    func run() async throws {
        await withGracefulShutdownHandler {
            await cancelWhenGracefulShutdown { await engine.run() }
        } onGracefulShutdown: {
        }
    }
}
