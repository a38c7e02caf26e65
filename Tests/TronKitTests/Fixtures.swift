import Foundation
import LucidJSON
import TronKit

/// The shared TRON vectors (tronpy + official protos), copied into this target's fixtures.
enum Fixtures {
    static let vectors: JSONValue = {
        let url = Bundle.module.url(forResource: "tron_vectors", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONValue.parse(Array(try! Data(contentsOf: url)))
    }()

    static func list(_ key: String) -> [JSONValue] { vectors[key]?.array ?? [] }

    static var trc20: [JSONValue] { list("trc20_transfers") }
    static var trx: [JSONValue] { list("trx_transfers") }
}

extension JSONValue {
    /// A required string member (tests only: a missing one is a broken fixture).
    func s(_ key: String) -> String { self[key]?.string ?? "<missing \(key)>" }
    /// A required integer member.
    func i(_ key: String) -> Int64 { self[key]?.int64 ?? -1 }
}
