import Foundation
import LucidJSON
import TronKit

/// The accounts a devnet starts with, from a JSON file, flags or deterministic dev keys.
///
/// File format:
/// ```json
/// {"accounts": [{"address": "T…", "trx": "1000000", "usdt": "250000.5"}]}
/// ```
public struct Genesis: Sendable {
    /// One funded account.
    public struct Account: Sendable, Equatable {
        public var address: TronAddress
        public var trx: Sun
        public var usdt: MicroUSDT

        public init(address: TronAddress, trx: Sun, usdt: MicroUSDT) {
            self.address = address
            self.trx = trx
            self.usdt = usdt
        }
    }

    public var accounts: [Account] = []

    public init(accounts: [Account] = []) { self.accounts = accounts }

    /// Parses the JSON file format above; amounts are decimal strings or integers, exactly.
    public init(json bytes: [UInt8]) throws(DevnetError) {
        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch { throw .invalidGenesis(error.reason) }
        guard let list = json["accounts"]?.array else { throw .invalidGenesis("expected {\"accounts\": [...]}") }
        for (i, entry) in list.enumerated() {
            do {
                let address = try entry.requiredAddress("address")
                accounts.append(
                    Account(
                        address: address, trx: Sun(try Self.amount(entry["trx"], decimals: Sun.decimals)),
                        usdt: MicroUSDT(try Self.amount(entry["usdt"], decimals: MicroUSDT.decimals))))
            } catch {
                throw .invalidGenesis("accounts[\(i)]: \(error.reason)")
            }
        }
    }

    /// Parses a `--fund ADDRESS:TRX:USDT` flag.
    public static func parseFunding(_ text: String) throws(DevnetError) -> Account {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { throw .invalidGenesis("expected ADDRESS:TRX:USDT, got '\(text)'") }
        do {
            return Account(
                address: try TronAddress(parts[0]), trx: try Sun(parsing: parts[1]),
                usdt: try MicroUSDT(parsing: parts[2]))
        } catch {
            throw .invalidGenesis("'\(text)': \(error.reason)")
        }
    }

    /// The deterministic development key number `index`: SHA-256 of a fixed label. Never use it
    /// outside a devnet — anyone can derive it.
    public static func devKey(index: Int) -> PrivateKey {
        var seed = SHA256Digest.hash(Array("lucid-devnet-dev-account-\(index)".utf8))
        while true {
            if let key = try? PrivateKey(bytes: seed) { return key }
            seed = SHA256Digest.hash(seed)
        }
    }

    private static func amount(_ v: JSONValue?, decimals: Int) throws(TronKitError) -> Int64 {
        guard let v, !v.isNull else { return 0 }
        if let s = v.string { return try DecimalAmount.parse(s, decimals: decimals) }
        if let n = v.numberText { return try DecimalAmount.parse(n, decimals: decimals) }
        throw .invalidAmount("amounts are decimal strings or numbers")
    }
}
