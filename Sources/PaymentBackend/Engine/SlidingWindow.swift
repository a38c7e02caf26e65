/// Runs `body` over `items` with at most `width` calls in flight at once — a slow call does not hold
/// the others back — and returns the non-nil results (in completion order).
///
///     let sent = await slidingWindow(signed, width: 16) { await engine.broadcast($0) }
func slidingWindow<Item: Sendable, Result: Sendable>(
    _ items: [Item], width: Int, _ body: @escaping @Sendable (Item) async -> Result?
) async -> [Result] {
    await withTaskGroup(of: Result?.self) { group in
        var queue = items.makeIterator()
        for _ in 0..<max(1, width) {
            guard let item = queue.next() else { break }
            group.addTask { await body(item) }
        }
        var out: [Result] = []
        while let r = await group.next() {
            if let r { out.append(r) }
            if let item = queue.next() { group.addTask { await body(item) } }
        }
        return out
    }
}
