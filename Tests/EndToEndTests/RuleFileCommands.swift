import Foundation
import GlossTestSupport
import JSON
import Testing

/// A workspace rule file with an unknown key on line 3 and rule tests on
/// lines 4 (passes) and 5 (fails twice).
private let ruleFile = """
  {"type":"entity","id":"acme","label":"ORG","name":"Acme Widgets","aliases":["Acme"]}
  {"type":"pattern","id":"ship","label":"FAC","pattern":[{"lower":"hms"},{"shape":"capitalized","op":"+"}]}
  {"type":"pattern","id":"boat","label":"FAC","pattern":[{"lowr":"boat"},{"shape":"capitalized","op":"+"}]}
  {"type":"test","text":"Acme Widgets sent the HMS Spey.","expect":[{"text":"Acme Widgets","label":"ORG","entity":"acme"},{"text":"HMS Spey","label":"FAC"}]}
  {"type":"test","text":"Acme sent the Boat Lucy.","expect":[{"text":"Boat Lucy","label":"FAC"}],"reject":[{"text":"Acme","label":"ORG"}]}
  """

@Suite struct RuleFileCommands {
  @Test func checkReportsUnknownKeysAndFailingRuleTestsWithFileAndLine() throws {
    let root = try workspaceWith(["a.txt": "Acme Widgets sent the HMS Spey.", "annotations/rules/x.jsonl": ruleFile])
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try runGloss(["check", "a.txt"], in: root)
    #expect(result.status == 1)
    let out = result.stdout
    #expect(out.contains(#"error: annotations/rules/x.jsonl:3: pattern[0]: unknown key "lowr""#), "\(out)")
    #expect(
      out.contains(
        #"error: annotations/rules/x.jsonl:5: expect[0]: expected FAC "Boat Lucy"; the rules read nothing there"#),
      "\(out)")
    #expect(
      out.contains(
        #"error: annotations/rules/x.jsonl:5: reject[0]: expected no ORG "Acme"; the rules read ORG "Acme" (acme)"#),
      "\(out)")
    #expect(!out.contains("x.jsonl:4"), "\(out)")
    #expect(out.contains("rule tests: 2 run, 2 expectations failed"), "\(out)")
    // The other lines keep working.
    let extracted = try runGloss(["extract", "--format", "table", "a.txt"], in: root).stdout
    #expect(extracted.contains("Acme Widgets") && extracted.contains("HMS Spey"), "\(extracted)")
  }

  @Test func checkJSONListsTheFailuresAsProblems() throws {
    let root = try workspaceWith(["a.txt": "Acme Widgets sent the HMS Spey.", "annotations/rules/x.jsonl": ruleFile])
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try runGloss(["check", "--format", "json", "a.txt"], in: root)
    #expect(result.status == 1)
    let report = try JSONValue.parse(result.stdout)
    let valid = report["valid"]
    #expect(valid == false)
    let problems = report["problems"]?.arrayValue ?? []
    let places = problems.compactMap { p -> String? in
      guard let file = p["file"]?.stringValue, let line = p["line"]?.intValue, let message = p["message"]?.stringValue
      else { return nil }
      return "\(file):\(line): \(message)"
    }
    #expect(places.contains(#"annotations/rules/x.jsonl:3: pattern[0]: unknown key "lowr""#), "\(places)")
    #expect(places.contains { $0.hasPrefix("annotations/rules/x.jsonl:5: expect[0]: expected FAC") }, "\(places)")
    #expect(places.contains { $0.hasPrefix("annotations/rules/x.jsonl:5: reject[0]: expected no ORG") }, "\(places)")
    let run = report["ruleTests"]?["run"]
    let failed = report["ruleTests"]?["failed"]
    #expect(run == 2)
    #expect(failed == 2)
  }

  @Test func passingRuleTestsLeaveTheStoreValid() throws {
    let passing = ruleFile.split(separator: "\n").enumerated().filter { $0.offset != 2 && $0.offset != 4 }
      .map { String($0.element) }.joined(separator: "\n")
    let root = try workspaceWith(["a.txt": "Acme Widgets sent the HMS Spey.", "annotations/rules/x.jsonl": passing])
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try runGloss(["check", "a.txt"], in: root)
    #expect(result.status == 0, "\(result.stdout)")
    #expect(result.stdout.contains("store: valid"))
    #expect(result.stdout.contains("rule tests: 1 run, all passed"))
  }
}
