import BigInt
import LucidJSON
import Testing
import TronKit

@Suite("Protobuf, ABI and JSON codecs")
struct CodecTests {
    static let owner = try! TronAddress("TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC")
    static let other = try! TronAddress("TDvSsdrNM5eeXNL3czpa6AxLDHZA9nwe9K")

    @Test("staking contracts round-trip canonically")
    func stakingRoundTrip() throws {
        let freeze = FreezeBalanceV2Contract(ownerAddress: Self.owner, frozenBalance: 5_000_000, resource: .energy)
        #expect(try FreezeBalanceV2Contract(protobuf: freeze.protobuf) == freeze)
        // BANDWIDTH is the proto3 default and must be omitted from the bytes.
        let bw = FreezeBalanceV2Contract(ownerAddress: Self.owner, frozenBalance: 1, resource: .bandwidth)
        #expect(Hex.encode(bw.protobuf) == "0a15" + Self.owner.hex + "1001")
        let unfreeze = UnfreezeBalanceV2Contract(ownerAddress: Self.owner, unfreezeBalance: 7, resource: .energy)
        #expect(try UnfreezeBalanceV2Contract(protobuf: unfreeze.protobuf) == unfreeze)
        let delegate = DelegateResourceContract(
            ownerAddress: Self.owner, resource: .energy, balance: 9_000_000, receiverAddress: Self.other, lock: true,
            lockPeriod: 86_400)
        #expect(try DelegateResourceContract(protobuf: delegate.protobuf) == delegate)
        #expect(Hex.encode(delegate.protobuf).hasPrefix("0a15" + Self.owner.hex + "1001"))

        let raw = try TransactionBuilder(
            refBlock: try BlockID(hex: String(repeating: "ab", count: 32)), timestamp: 1_000
        )
        .build(delegate)
        let decoded = try TransactionRaw(protobuf: raw.protobuf)
        #expect(decoded == raw)
        #expect(try decoded.singleContract().decoded() == .delegate(delegate))
        #expect(try TransactionJSON.parseRawData(TransactionJSON.rawData(raw, visible: true)).protobuf == raw.protobuf)
    }

    @Test("negative int64 takes ten bytes")
    func negativeVarint() throws {
        var w = ProtobufWriter()
        w.int64(3, -1)
        #expect(Hex.encode(w.bytes) == "18ffffffffffffffffff01")
        var r = ProtobufReader(w.bytes)
        #expect(try r.next()?.value.int64 == -1)
    }

    @Test("arbitrary bytes never crash the decoders")
    func randomBytes() {
        var rng = SystemRandomNumberGenerator()
        for i in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...80, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = try? Transaction(protobuf: bytes)
            _ = try? TransactionRaw(protobuf: bytes)
            _ = try? TriggerSmartContract(protobuf: bytes)
            _ = try? JSONValue.parse(bytes)
            _ = try? TransactionSummary(hex: Hex.encode(bytes))
            if i % 1000 == 0 { _ = try? Base58.decode(String(decoding: bytes, as: UTF8.self)) }
        }
    }

    @Test("truncated protobuf is an error, not a crash")
    func truncated() throws {
        let raw = try Hex.decode(Fixtures.trc20[0].s("raw_data_hex"))
        for cut in 1..<raw.count {
            let prefix = Array(raw.prefix(cut))
            if let r = try? TransactionRaw(protobuf: prefix) { #expect(r.protobuf != raw) }
        }
    }

    @Test("ABI: transfer decode, dirty high bytes, uint256 bounds, Transfer event, revert reason")
    func abi() throws {
        let data = TRC20.transferCall(to: Self.other, amount: UInt64(1_234_567))
        let t = try TRC20.decodeTransfer(data)
        #expect(t.to == Self.other && t.amount == 1_234_567 && !t.dirtyAddressWord)
        var dirty = data
        dirty[4 + 11] = 0x41
        #expect(try TRC20.decodeTransfer(dirty).dirtyAddressWord)
        #expect(throws: TronKitError.self) { try TRC20.transferCall(to: Self.other, amount: ABIWord.maxUInt256 + 1) }
        #expect(throws: TronKitError.self) { try TRC20.decodeTransfer(Array(data.dropLast())) }
        let event = TransferEvent(from: Self.owner, to: Self.other, value: 42)
        #expect(try TransferEvent(topics: event.topics, data: event.data) == event)
        #expect(RevertReason.decode(RevertReason.encode("insufficient balance")) == "insufficient balance")
        #expect(RevertReason.decode([0x08, 0xc3]) == nil)
    }

    @Test("transaction summary of a vector")
    func summary() throws {
        let v = Fixtures.trc20[1]
        let s = try TransactionSummary(hex: v.s("signed_transaction_hex")).json
        #expect(s["txID"]?.string == v.s("txID"))
        #expect(s["recipient"]?.string == v["trc20"]!.s("recipient_base58"))
        #expect(s["amount_usdt"]?.string == "1")
        #expect(s["signatures"]?.array?.first?["signer"]?.string == v["key"]!.s("address_base58"))
        let r = try TransactionSummary(hex: v.s("raw_data_hex")).json
        #expect(r["kind"]?.string == "raw_data")
        #expect(r["txID"]?.string == v.s("txID"))
    }
}
