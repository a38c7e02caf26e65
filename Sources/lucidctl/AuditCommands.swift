import ArgumentParser
import Foundation
import PaymentBackend
import TronKit

/// `lucidctl audit verify|export`: the wallet's hash-chained audit log, read straight from its
/// database (read-only), so the check does not trust the running wallet.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The wallet's hash-chained audit log.", subcommands: [Verify.self, Export.self])

    struct Options: ParsableArguments {
        @Option(help: "The wallet's SQLite database (LUCID_WALLET_DB).") var db = "data/wallet/wallet.sqlite"
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Recompute the chain; exit 0 with the head hash when intact, 1 naming the first broken link.")
        @OptionGroup var options: Options
        @Option(help: "The head hash recorded earlier (detects a truncated or rewritten tail).")
        var expectHead: String?

        func run() async throws {
            let store = try open(options.db)
            let (chain, broken) = try await store.verifyAudit()
            if let broken {
                emit(
                    .object([
                        ("intact", .bool(false)), ("first_broken_seq", .int(broken.seq)),
                        ("reason", .string(broken.reason)), ("entries_checked", .int(chain.count)),
                    ]))
                throw ExitCode(1)
            }
            if let expectHead, try await !store.containsAuditHash(expectHead) {
                emit(
                    .object([
                        ("intact", .bool(false)), ("entries", .int(chain.count)),
                        (
                            "reason",
                            .string("the expected head hash is not in the chain (entries were removed or rewritten)")
                        ),
                    ]))
                throw ExitCode(1)
            }
            emit(
                .object([
                    ("intact", .bool(true)), ("entries", .int(chain.count)), ("head_seq", .int(chain.lastSeq)),
                    ("head_hash", .string(chain.headHash)),
                ]))
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the log as JSON lines or CSV (formula-injection safe) on stdout.")
        @OptionGroup var options: Options
        @Option(help: "jsonl or csv.") var format = "jsonl"
        @Option(help: "Only entries after this sequence number.") var afterSeq: Int64 = 0

        func run() async throws {
            guard format == "jsonl" || format == "csv" else { fail("--format must be jsonl or csv") }
            let store = try open(options.db)
            if format == "csv" { print(AuditJSON.csvHeader) }
            var query = AuditQuery()
            query.afterSeq = afterSeq
            query.limit = 1000
            while true {
                let page = try await store.audit(query)
                for e in page { print(format == "csv" ? AuditJSON.csvRow(e) : AuditJSON.render(e).serialized) }
                guard page.count == query.limit, let last = page.last else { break }
                query.afterSeq = last.seq
            }
        }
    }
}

private func open(_ path: String) throws -> SQLitePayoutStore {
    do { return try SQLitePayoutStore(readOnlyPath: path) } catch let e as WalletError { fail(e.detail) }
}
