import NIOCore

/// Writes a message head — many short pieces of text — straight into a buffer's memory, with one
/// capacity and uniqueness check for the whole head instead of one per piece (`ByteBuffer`'s
/// per-write checks were a measurable share of the gateway's time per request).
///
///     buffer.writeHead(estimate: 256) { w in
///         w.append("HTTP/1.1 ")
///         w.append(decimal: 200)
///         w.append(" OK\r\n")
///     }
public struct HeadWriter {
    private let memory: UnsafeMutableRawBufferPointer
    private(set) var count = 0
    /// False once a piece did not fit (nothing after it is written; the head is written again).
    private(set) var fits = true

    init(_ memory: UnsafeMutableRawBufferPointer) { self.memory = memory }

    public mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// An integer in decimal (written digit by digit, without a string).
    public mutating func append(decimal: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var v = decimal.magnitude
            var at = 20
            repeat {
                at -= 1
                digits[at] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                v /= 10
            } while v > 0
            if decimal < 0 { append("-") }
            append(UnsafeRawBufferPointer(start: digits.baseAddress! + at, count: 20 - at))
        }
    }

    /// Lets `write` put up to `maximum` bytes in place (a signature, say, made straight into the
    /// head); it returns how many it wrote.
    public mutating func append(upTo maximum: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        guard fits else { return }
        guard maximum <= memory.count - count, let base = memory.baseAddress else {
            fits = false
            return
        }
        let written = write((base + count).assumingMemoryBound(to: UInt8.self))
        precondition(written <= maximum, "wrote more than the room it asked for")
        count += written
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard fits, !bytes.isEmpty else { return }
        guard bytes.count <= memory.count - count, let base = memory.baseAddress else {
            fits = false
            return
        }
        (base + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        count += bytes.count
    }
}

extension ByteBuffer {
    /// Writes a head with `write`. `estimate` is the room asked for first: a head that turns out
    /// larger is written again with twice the room, so a low estimate costs time, never bytes.
    public mutating func writeHead(estimate: Int, _ write: (inout HeadWriter) -> Void) {
        var room = max(estimate, 64)
        while true {
            var complete = false
            writeWithUnsafeMutableBytes(minimumWritableBytes: room) { memory in
                var writer = HeadWriter(memory)
                write(&writer)
                complete = writer.fits
                return writer.fits ? writer.count : 0
            }
            if complete { return }
            room *= 2
        }
    }
}
