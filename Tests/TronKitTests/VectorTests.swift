import BigInt
import LucidJSON
import Testing
import TronKit

@Suite("Shared TRON vectors, byte for byte")
struct VectorTests {
    static let transfers = Fixtures.trc20 + Fixtures.trx

    @Test("key → public key, Keccak, address", arguments: transfers)
    func addressFromKey(_ v: JSONValue) throws {
        let k = v["key"]!
        let key = try PrivateKey(hex: k.s("private_key"))
        #expect(Hex.encode(key.publicKey) == k.s("public_key_uncompressed"))
        #expect(Hex.encode(Keccak256.hash(key.publicKey.dropFirst())) == k.s("keccak256_of_pub64"))
        #expect(key.address.hex == k.s("address_hex"))
        #expect(key.address.base58 == k.s("address_base58"))
        #expect(try TronAddress(k.s("address_base58")) == key.address)
        #expect(try TronAddress(k.s("address_hex")) == key.address)
    }

    static func build(_ v: JSONValue) throws -> (raw: TransactionRaw, key: PrivateKey) {
        let key = try PrivateKey(hex: v["key"]!.s("private_key"))
        let ref = try BlockID(hex: v["ref_block"]!.s("block_id"))
        let builder = try TransactionBuilder(refBlock: ref, timestamp: v.i("timestamp"), expiration: v.i("expiration"))
        if let t = v["trc20"] {
            let amount = BigUInt(t.s("amount"))!
            let call = TriggerSmartContract(
                ownerAddress: key.address, contractAddress: try TronAddress(t.s("contract_base58")),
                data: try TRC20.transferCall(to: try TronAddress(t.s("recipient_base58")), amount: amount))
            #expect(Hex.encode(call.data) == t.s("abi_data_hex"))
            #expect(Hex.encode(call.data.dropFirst(4)) == t.s("abi_parameter_hex"))
            #expect(Hex.encode(call.protobuf) == v.s("contract_parameter_hex"))
            #expect(Hex.encode(TRC20.balanceOfCall(key.address)) == t.s("balanceOf_owner_data_hex"))
            return (try builder.build(call, feeLimit: v.i("fee_limit")), key)
        }
        let t = v["trx"]!
        let transfer = TransferContract(
            ownerAddress: key.address, toAddress: try TronAddress(t.s("to_base58")), amount: t.i("amount_sun"))
        #expect(Hex.encode(transfer.protobuf) == v.s("contract_parameter_hex"))
        return (try builder.build(transfer, memo: Array((t["memo_utf8"]?.string ?? "").utf8)), key)
    }

    @Test("build → raw_data_hex, txID, signature, signed bytes, bandwidth", arguments: transfers)
    func buildAndSign(_ v: JSONValue) throws {
        let (raw, key) = try Self.build(v)
        let ref = v["ref_block"]!
        #expect(Hex.encode(raw.refBlockBytes) == ref.s("ref_block_bytes"))
        #expect(Hex.encode(raw.refBlockHash) == ref.s("ref_block_hash"))
        #expect(Hex.encode(raw.protobuf) == v.s("raw_data_hex"))
        #expect(Hex.encode(raw.txID) == v.s("txID"))

        let signed = try Transaction(raw: raw).signed(with: key)
        #expect(Hex.encode(signed.signatures[0]) == v.s("signature"))
        let sig = try RecoverableSignature(bytes: signed.signatures[0])
        #expect(Hex.encode(sig.bytesV27) == v.s("signature_v27"))
        #expect(Hex.encode(signed.protobuf) == v.s("signed_transaction_hex"))
        #expect(signed.bandwidth == Int(v.i("bandwidth_bytes")))
        #expect(signed.signers() == [key.address])
    }

    @Test("java-tron JSON raw_data re-encodes canonically to the same bytes", arguments: transfers)
    func jsonRoundTrip(_ v: JSONValue) throws {
        let raw = try TransactionJSON.parseRawData(v["raw_data"]!)
        #expect(Hex.encode(raw.protobuf) == v.s("raw_data_hex"))
        // And printing it again gives JSON that parses back to the same bytes.
        let again = try TransactionJSON.parseRawData(TransactionJSON.rawData(raw, visible: true))
        #expect(again.protobuf == raw.protobuf)
    }

    @Test("signed bytes decode back to the same transaction", arguments: transfers)
    func decodeSigned(_ v: JSONValue) throws {
        let tx = try Transaction(protobuf: try Hex.decode(v.s("signed_transaction_hex")))
        #expect(tx.txIDHex == v.s("txID"))
        #expect(tx.protobuf == (try Hex.decode(v.s("signed_transaction_hex"))))
        #expect(tx.signers() == [try TronAddress(v["key"]!.s("address_base58"))])
    }

    @Test("v = 27/28 recovers the same signer", arguments: transfers)
    func v27(_ v: JSONValue) throws {
        let sig = try RecoverableSignature(bytes: try Hex.decode(v.s("signature_v27")))
        let address = try sig.recoverAddress(digest: try Hex.decode(v.s("txID")))
        #expect(address.base58 == v["key"]!.s("address_base58"))
    }

    @Test("base58 negatives are rejected with the reason", arguments: Fixtures.list("base58_negative"))
    func base58Negative(_ v: JSONValue) {
        let result = TronAddress.validate(v.s("input"))
        #expect(result.valid == false)
        let reason = v.s("reason")
        if reason.hasPrefix("invalid base58 character") {
            #expect(result.reason?.hasPrefix(String(reason.prefix(27))) == true, "\(result.reason ?? "")")
        } else {
            #expect(result.reason == reason)
        }
    }

    @Test("well-known addresses round-trip", arguments: Fixtures.list("address_only"))
    func knownAddresses(_ v: JSONValue) throws {
        let a = try TronAddress(v.s("address_hex"))
        #expect(a.base58 == v.s("address_base58"))
        #expect(try TronAddress(v.s("address_base58")).hex == v.s("address_hex"))
    }

    @Test("block header → raw bytes, block id, TAPOS, witness signature", arguments: Fixtures.list("blocks"))
    func blocks(_ v: JSONValue) throws {
        let header = BlockHeaderRaw(
            timestamp: v.i("timestamp"), txTrieRoot: try Hex.decode(v.s("txTrieRoot")),
            parentHash: try Hex.decode(v.s("parentHash")), number: v.i("number"),
            witnessAddress: try Hex.decode(v.s("witness_address")), version: Int32(v.i("version")))
        #expect(Hex.encode(header.protobuf) == v.s("header_raw_hex"))
        #expect(Hex.encode(SHA256Digest.hash(header.protobuf)) == v.s("sha256_header_raw"))
        #expect(header.blockID.hex == v.s("blockID"))
        #expect(header.blockID.number == v.i("number"))
        #expect(Hex.encode(header.blockID.refBlockBytes) == v.s("ref_block_bytes"))
        #expect(Hex.encode(header.blockID.refBlockHash) == v.s("ref_block_hash"))
        let decoded = try BlockHeaderRaw(protobuf: try Hex.decode(v.s("header_raw_hex")))
        #expect(decoded == header)
        let sig = try RecoverableSignature(bytes: try Hex.decode(v.s("witness_signature")))
        #expect(try sig.recoverAddress(digest: SHA256Digest.hash(header.protobuf)).hex == v.s("witness_address"))
    }
}
