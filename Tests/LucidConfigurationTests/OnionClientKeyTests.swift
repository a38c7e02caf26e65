import Foundation
import Testing

@testable import LucidConfiguration

/// Tor's client-authorization files and v3 onion addresses, checked against what tor itself wrote.
@Suite struct OnionClientKeyTests {
    /// An address tor 0.4.9 wrote to a service's `hostname` file.
    static let torMade = "uuma6g72nc2lvbual42722ivpkc7xjdh22u73ddshzjyygvj5jfj27yd"

    @Test func v3AddressesAreCheckedByVersionAndChecksum() {
        #expect(OnionClientKey.v3Address(Self.torMade + ".onion") == Self.torMade)
        #expect(OnionClientKey.v3Address(Self.torMade) == Self.torMade)
        for i in [0, 20, 52, 55] {
            var bytes = Array(Self.torMade.utf8)
            bytes[i] = bytes[i] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
            #expect(OnionClientKey.v3Address(String(decoding: bytes, as: UTF8.self)) == nil, "changed at \(i)")
        }
        #expect(OnionClientKey.v3Address(Self.torMade.uppercased()) == nil)
        #expect(OnionClientKey.v3Address("expyuzz4wqqyqhjn.onion") == nil, "a v2 address")
        #expect(OnionClientKey.v3Address(Self.torMade + "a") == nil)
    }

    @Test func base32MatchesFoundationFreeReference() {
        // RFC 4648 §10 test vectors, without padding.
        for (text, encoded) in [
            ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
        ] {
            #expect(OnionClientKey.base32(Array(text.utf8)) == encoded)
            #expect(OnionClientKey.base32Decode(encoded.lowercased()) == Array(text.utf8))
        }
        #expect(OnionClientKey.base32Decode("mz") == nil, "unused bits set")
        #expect(OnionClientKey.base32Decode("m1") == nil)
    }

    @Test func bothLinesNameTheSameKeyPair() {
        let key = OnionClientKey()
        let line = key.authPrivateLine(onion: Self.torMade + ".onion")
        #expect(line?.hasPrefix(Self.torMade + ":descriptor:x25519:") == true)
        #expect(key.authLine == "descriptor:x25519:" + key.publicKeyBase32)
        #expect(key.authPrivateLine(onion: "nope.onion") == nil)
        #expect(OnionClientKey().publicKeyBase32 != key.publicKeyBase32)
    }
}
