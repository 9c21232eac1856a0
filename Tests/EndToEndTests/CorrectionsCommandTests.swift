import Foundation
import GlossTestSupport
import JSON
import Testing

/// A stored correction: a corpus-scope reject of “US” in “US$97” by `author`.
func rejectRecord(_ id: String, author: String) -> String {
  let text = "Exports to the US rose to US$97 billion."
  let prefix = String(text.prefix(26))
  let suffix = String(text.dropFirst(28))
  return
    #"{"id":"\#(id)","created":"2026-11-23T10:00:00Z","author":"\#(author)","action":"reject","target":{"source":"a.txt","selector":[{"type":"TextQuoteSelector","exact":"US","prefix":"\#(prefix)","suffix":"\#(suffix)"},{"type":"TextPositionSelector","start":26,"end":28}]},"body":{"label":"GPE","entity":"united-states"},"scope":"corpus"}"#
}

@Suite(.serialized) struct CorrectionsCommand {
  func workspace(_ log: [String]) throws -> URL {
    try workspaceWith([
      "a.txt": "Exports to the US rose to US$97 billion.",
      "annotations/corrections.jsonl": log.joined(separator: "\n") + "\n",
    ])
  }

  @Test func listShowsTheCorrectionsInForceByAuthor() throws {
    let root = try workspace([rejectRecord("c-1", author: "ana"), rejectRecord("c-2", author: "bob")])
    defer { try? FileManager.default.removeItem(at: root) }
    let all = try runGloss(["corrections", "list"], in: root)
    #expect(all.status == 0, "\(all.stderr)")
    #expect(all.stdout.contains("c-1  2026-11-23  ana  reject  corpus  “US”  a.txt@26  label=GPE"))
    #expect(all.stdout.contains("c-2  2026-11-23  bob"))
    let bob = try runGloss(["corrections", "list", "--author", "bob", "--format", "json"], in: root)
    let listed = try JSONValue.parse(bob.stdout)["corrections"]?.arrayValue ?? []
    #expect(listed.count == 1)
    #expect(listed.first?["id"] == "c-2")
    #expect(listed.first?["line"] == 2)
    let nobody = try runGloss(["corrections", "list", "--author", "eve"], in: root)
    #expect(nobody.stdout == "no corrections by eve\n")
    #expect(try runGloss(["corrections", "list", "--format", "yaml"], in: root).status == 64)
  }

  @Test func removeWithdrawsACorrectionAndExtractShowsTheMentionAgain() throws {
    let root = try workspace([rejectRecord("c-1", author: "ana")])
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(try extracted(root, "a.txt") == ["GPE US@15"])
    let removed = try runGloss(["corrections", "remove", "c-1", "--author", "bob"], in: root)
    #expect(removed.status == 0, "\(removed.stderr)")
    #expect(removed.stdout.hasPrefix("withdrew c-1"))
    #expect(try extracted(root, "a.txt") == ["GPE US@15", "GPE US@26"])
    let log = try String(contentsOf: root.appendingPathComponent("annotations/corrections.jsonl"), encoding: .utf8)
    let last = try JSONValue.parse(String(log.split(separator: "\n").last ?? ""))
    #expect(last["action"] == "remove" && last["author"] == "bob" && last.at("body.correction") == "c-1")
    let again = try runGloss(["corrections", "remove", "c-1"], in: root)
    #expect(again.status == 1)
    #expect(again.stderr.contains("c-1 is already withdrawn"))
    let unknown = try runGloss(["corrections", "remove", "c-9"], in: root)
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("no correction c-9"))
  }

  @Test func compactKeepsOnlyTheCorrectionsInForce() throws {
    let removal =
      #"{"id":"c-3","created":"2026-11-24T10:00:00Z","author":"ana","action":"remove","body":{"correction":"c-1"},"scope":"corpus"}"#
    let root = try workspace([rejectRecord("c-1", author: "ana"), rejectRecord("c-2", author: "bob"), removal])
    defer { try? FileManager.default.removeItem(at: root) }
    let compacted = try runGloss(["corrections", "compact"], in: root)
    #expect(compacted.status == 0, "\(compacted.stderr)")
    #expect(compacted.stdout.contains("1 kept, 2 dropped"))
    let log = try String(contentsOf: root.appendingPathComponent("annotations/corrections.jsonl"), encoding: .utf8)
    let ids = log.split(separator: "\n").compactMap { try? JSONValue.parse(String($0))["id"]?.stringValue }
    #expect(ids == ["c-2"])
    #expect(try runGloss(["corrections", "compact"], in: root).stdout.contains("nothing to compact"))
  }

  @Test func compactRefusesALogWithUnreadableLines() throws {
    let root = try workspace([rejectRecord("c-1", author: "ana"), "not json"])
    defer { try? FileManager.default.removeItem(at: root) }
    let before = try String(contentsOf: root.appendingPathComponent("annotations/corrections.jsonl"), encoding: .utf8)
    let refused = try runGloss(["corrections", "compact"], in: root)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("annotations/corrections.jsonl:2"))
    let after = try String(contentsOf: root.appendingPathComponent("annotations/corrections.jsonl"), encoding: .utf8)
    #expect(before == after)
  }

  @Test func aRootThatDoesNotExistIsAnError() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("nowhere").path
    for command in [["corrections", "list"], ["extract"], ["check"]] {
      let result = try runGloss(command + ["--root", missing], in: folder)
      #expect(result.status == 64, "\(command)")
      #expect(result.stderr.contains("no such folder"), "\(command)")
    }
  }
}

@Suite(.serialized) struct CheckWithoutGold {
  @Test func noGoldSpansIsSaidAndFailsMinF1() throws {
    let root = try workspaceWith(["a.txt": "Talks in Hanoi."])
    defer { try? FileManager.default.removeItem(at: root) }
    let plain = try runGloss(["check"], in: root)
    #expect(plain.status == 0, "\(plain.stderr)")
    #expect(plain.stdout.contains("nothing scored: no gold spans in annotations/gold"))
    #expect(!plain.stdout.contains("100.0"))
    let strict = try runGloss(["check", "--min-f1", "0.5", "a.txt"], in: root)
    #expect(strict.status == 1)
    #expect(strict.stderr.contains("no gold spans to score"))
    let json = try JSONValue.parse(try runGloss(["check", "--format", "json", "a.txt"], in: root).stdout)
    #expect(json["scored"] == false)
    #expect(json["core"] == nil)
  }

  @Test func aGoldFolderOutsideTheRootOrMissingIsAnError() throws {
    let root = try workspaceWith(["a.txt": "Talks in Hanoi.", "annotations/gold/a.jsonl": zorblatGold])
    defer { try? FileManager.default.removeItem(at: root) }
    let outside = try runGloss(["check", "--gold", "../elsewhere"], in: root)
    #expect(outside.status == 64)
    #expect(outside.stderr.contains("outside the workspace root"))
    let missing = try runGloss(["check", "--gold", "annotations/golden"], in: root)
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("no such folder"))
    let given = try runGloss(["check", "--gold", "annotations/gold"], in: root)
    #expect(given.stdout.contains("(2 gold spans)"))
  }
}
