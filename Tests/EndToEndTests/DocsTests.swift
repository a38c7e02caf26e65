import Foundation
import Testing

/// The README stays a user's page (at most 15 KB) that links the five pages of `docs/`, and no
/// page links a document the project does not hold.
@Suite struct DocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let pages = ["architecture", "configuration", "security", "operations", "performance"]

    @Test func theReadmeIsShortAndLinksEveryPage() throws {
        let readme = try Data(contentsOf: Self.root.appendingPathComponent("README.md"))
        #expect(readme.count <= 15 * 1024, "README.md is \(readme.count) bytes")
        let text = String(decoding: readme, as: UTF8.self)
        for page in Self.pages {
            #expect(text.contains("(docs/\(page).md)"), "README.md does not link docs/\(page).md")
        }
    }

    @Test func everyLinkedFileExists() throws {
        let files = ["README.md"] + Self.pages.map { "docs/\($0).md" }
        let link = try NSRegularExpression(pattern: #"\]\(([^)#:]+\.md)(#[^)]*)?\)"#)
        for file in files {
            let url = Self.root.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(!text.contains("DESIGN.md"), "\(file) cites a document outside the project")
            for m in link.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let r = Range(m.range(at: 1), in: text) else { continue }
                let target = url.deletingLastPathComponent().appendingPathComponent(String(text[r])).path
                #expect(FileManager.default.fileExists(atPath: target), "\(file) links \(text[r])")
            }
        }
    }
}
